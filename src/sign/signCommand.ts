// "JWT: Sign Claims File" signs the claims in a JSON(C) file with a stored key, and "JWT: New Claims
// File" starts one from a preset. Errors point at the place (a diagnostic in the file); a failed
// sign changes no file. Output: clipboard, insert at a visible editor's cursor, or a new editor
// beside with the decoded view; run by a person it is asked (last used first), by automation the
// last used is taken. Mux and FastPix claims also give the signed URL.
import * as vscode from 'vscode';
import { isClaimsFile, OUTPUT_MODES, presetPlaceholders, type ClaimsPlaceholder, type OutputMode } from '../core/sign/claims';
import { baseName } from '../core/text/paths';
import { signToken } from '../core/sign/sign';
import { CLAIMS_TEMPLATES } from '../core/sign/templates';
import { humanDuration, isoUtc, numericDate, relativeDuration } from '../core/token/time';
import { signedUrl } from '../core/providers/signedUrls';
import { fromResult, JwtLensError } from '../util/errors';
import { ClaimsChecker } from './claimsCheck';
import { automationArgs } from '../shared/commandArgs';
import { registerCommandTable } from '../shared/commandTable';
import type { KeyStore } from '../services/keyStore';
import { READ_ONLY_SCHEME, type ReadOnlyDocuments } from '../shared/readOnlyDocuments';
import type { ClockService } from '../services/clock';
import type { EditedTokens } from '../services/editedTokens';
import { FIX_ADD, FIX_MUX, fixesFor, pickSigner, secretMissing, type KeyFix } from '../shared/keyPicker';
import { playbackPlatform, type PlaybackPlatform } from '../core/judge/platforms';
import { COMMANDS } from '../util/commandIds';
import { untrustedWorkspace } from '../shared/messages';
import { Debouncer } from '../util/debouncer';
import type { Milestones } from '../shared/milestones';

export interface SignClaimsArgs {
  /** The claims file; by default the active editor's document. */
  readonly file?: vscode.Uri | string;
  /** Key label, kid or id; overrides "$jwt.key". */
  readonly key?: string;
  readonly alg?: string;
  /** Where the token goes; "none" only returns it. Overrides "$jwt.output". */
  readonly output?: OutputMode | 'none';
}

export interface SignClaimsResult {
  readonly token: string;
  readonly url?: string;
  readonly expires?: string;
  readonly key: string;
  readonly alg: string;
}

const LAST_OUTPUT = 'jwtLens.lastSignOutput';
const COPIED_MESSAGE_MS = 5000;
const CLAIMS_CONTEXT_DEBOUNCE_MS = 300;
/** Larger JSON is not read for a "$jwt" member on each edit: claims files are small. */
const MAX_CLAIMS_FILE_CHARS = 100_000;
const OUTPUT_LABELS: Record<OutputMode, string> = {
  clipboard: '$(copy) Copy to Clipboard',
  insert: '$(insert) Insert at Cursor',
  editor: '$(window) Open in New Editor',
};

export function registerSignCommands(
  service: ClockService,
  keyStore: KeyStore,
  documents: ReadOnlyDocuments,
  edited: EditedTokens,
  state: vscode.Memento,
  milestones: Milestones,
  log: vscode.LogOutputChannel,
): vscode.Disposable {
  const checker = new ClaimsChecker(service, keyStore);
  // The editors most recently active, newest first: "insert" goes to the last one still visible
  // that is not the claims file itself (the claims file is usually the active editor when signing).
  let recentEditors: vscode.TextEditor[] = vscode.window.activeTextEditor ? [vscode.window.activeTextEditor] : [];
  // "jwtLens.claimsFile": the active editor holds a claims file, so Sign Claims File shows for it
  // (menus match *.claims.json by name; this adds JSON with a "$jwt" member).
  let claimsContext: boolean | undefined;
  const noteClaimsFile = () => {
    const document = vscode.window.activeTextEditor?.document;
    const claims =
      document !== undefined &&
      (document.languageId === 'json' || document.languageId === 'jsonc') &&
      document.getText().length <= MAX_CLAIMS_FILE_CHARS &&
      isClaimsFile(baseName(document.uri.path), document.getText());
    if (claims !== claimsContext) {
      claimsContext = claims;
      void vscode.commands.executeCommand('setContext', 'jwtLens.claimsFile', claims);
    }
  };
  noteClaimsFile();
  const claimsEdits = new Debouncer(CLAIMS_CONTEXT_DEBOUNCE_MS);
  const claimsWatch = vscode.Disposable.from(
    claimsEdits,
    vscode.window.onDidChangeActiveTextEditor(noteClaimsFile),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.document === vscode.window.activeTextEditor?.document) {
        claimsEdits.schedule(noteClaimsFile);
      }
    }),
    vscode.workspace.onDidOpenTextDocument(() => claimsEdits.schedule(noteClaimsFile)),
  );
  const tracker = vscode.window.onDidChangeActiveTextEditor((editor) => {
    if (!editor || editor.document.uri.scheme === 'output' || editor.document.uri.scheme === READ_ONLY_SCHEME) {
      return;
    }
    recentEditors = [editor, ...recentEditors.filter((candidate) => candidate.document !== editor.document)].slice(0, 5);
  });
  const insertTarget = (claims: vscode.TextDocument): vscode.TextEditor | undefined => {
    const usable = (editor: vscode.TextEditor) =>
      editor.document !== claims &&
      !editor.document.isClosed &&
      editor.document.uri.scheme !== 'output' &&
      editor.document.uri.scheme !== READ_ONLY_SCHEME;
    const visible = vscode.window.visibleTextEditors.filter(usable);
    return recentEditors.map((recent) => visible.find((shown) => shown.document === recent.document)).find(Boolean) ?? visible[0];
  };

  // The last token signed in this window (memory only: a bearer token is never written down), so
  // it can be copied again after the toast has gone.
  let last: { token: string; url?: string; exp?: number } | undefined;
  const remember = (signed: { token: string; url?: string; exp?: number }) => {
    last = signed;
    void vscode.commands.executeCommand('setContext', 'jwtLens.lastSigned', true);
    void vscode.commands.executeCommand('setContext', 'jwtLens.lastSignedUrl', signed.url !== undefined);
  };
  /** Copies a signed token or its signed URL and says so in the status bar, without the text itself. */
  const copySigned = async (signed: typeof last, what: 'token' | 'url'): Promise<boolean> => {
    const text = what === 'url' ? signed?.url : signed?.token;
    if (!signed || !text) {
      throw new JwtLensError(
        'ERR_NO_TOKEN',
        what === 'url'
          ? 'The last token signed here has no signed URL (only Mux and FastPix playback tokens do).'
          : 'No token signed in this window yet.',
        { actions: [{ title: 'Sign Claims File', command: COMMANDS.signClaimsFile }] },
      );
    }
    await vscode.env.clipboard.writeText(text);
    const remaining =
      signed.exp === undefined
        ? 'no expiry'
        : signed.exp > service.now()
          ? `expires ${relativeDuration(signed.exp - service.now())}`
          : `expired ${relativeDuration(signed.exp - service.now())}`;
    vscode.window.setStatusBarMessage(`$(check) Copied ${what === 'url' ? 'signed URL' : 'token'} (${remaining})`, COPIED_MESSAGE_MS);
    return true;
  };
  const copyLast = (what: 'token' | 'url') => copySigned(last, what);

  /**
   * `interactive`: run by a person (the palette, a menu or a button, which pass no argument object),
   * so whatever the file leaves open is asked; automation gets defaults and no prompts.
   */
  const sign = async (args: SignClaimsArgs, interactive: boolean): Promise<SignClaimsResult | undefined> => {
    if (!vscode.workspace.isTrusted) {
      throw untrustedWorkspace();
    }
    const document = await claimsDocument(args.file);
    if (!document) {
      throw new JwtLensError('ERR_NO_CLAIMS_FILE', 'Open a claims JSON file first (or run JWT: New Claims File).', {
        actions: [{ title: 'New Claims File', command: COMMANDS.newClaimsFile }],
      });
    }
    if (edited.has(document.uri)) {
      // Its key must verify the original token (the one re-sign rule), which only those commands ask.
      throw new JwtLensError(
        'ERR_INVALID_ARGUMENT',
        'This is a token opened for editing: sign it with Sign and Replace or Sign and Copy.',
        {
          actions: [
            { title: 'Sign and Replace', command: COMMANDS.signAndReplaceToken, args: { document: document.uri.toString() } },
            { title: 'Sign and Copy', command: COMMANDS.signAndCopyToken, args: { document: document.uri.toString() } },
          ],
        },
      );
    }
    // Any JSON is not a claims file: signing tokens.json would make a token of its contents.
    if (!isClaimsFile(baseName(document.uri.path), document.getText())) {
      throw new JwtLensError(
        'ERR_NOT_CLAIMS_FILE',
        `${baseName(document.uri.path)} is not a claims file, so it was not signed. Name it *.claims.json or add a "$jwt" member, or start one with New Claims File.`,
        { actions: [{ title: 'New Claims File', command: COMMANDS.newClaimsFile }] },
      );
    }
    const checked = checker.check(document, { key: args.key, alg: args.alg });
    checker.report(document, checked.ok ? undefined : checked.error);
    if (!checked.ok) {
      const problem = checked.error;
      if (problem.code === 'kid-missing') {
        throw kidMissing(problem.platform ?? 'Mux', problem.message, { file: document.uri, pick: true, alg: problem.alg, withKid: true });
      }
      if (problem.code !== 'key-unknown') {
        throw new JwtLensError(problem.errorCode, problem.message, {
          actions: problem.code === 'key-cannot-sign' ? fixesFor(problem.alg) : [],
        });
      }
      // Offer the ways forward: add the key the file names, or sign this once with another.
      const other: KeyFix = {
        title: 'Sign with Another Key…',
        command: COMMANDS.signClaimsFile,
        args: { file: document.uri, pick: true, alg: problem.alg },
      };
      throw new JwtLensError(problem.errorCode, problem.message, { actions: [FIX_ADD(undefined, problem.key), other] });
    }
    const { payload, options } = checked.claims;
    // A placeholder signs into a token its service refuses: a person is asked first (automation named the file and means it).
    const [placeholder] = presetPlaceholders(document.getText());
    if (placeholder && interactive && !(await signDespitePlaceholder(document, placeholder))) {
      return undefined;
    }
    const requested = checked.alg;
    // Only keys able to sign the algorithm are offered; with none, the ways to get one.
    // Mux and FastPix find the key by kid: only keys with one are offered for their claims, listed first.
    const platform = playbackPlatform(payload);
    const stored =
      checked.stored ??
      (await pickSigner(keyStore, requested, {
        platform: platform === 'Mux' ? 'mux' : platform === 'FastPix' ? 'fastpix' : undefined,
        kidRequired:
          platform &&
          kidMissing(
            platform,
            `${platform} refuses a token without a "kid", and none of your keys that can sign it has one. Add your ${platform} signing key.`,
          ),
      }));
    if (!stored) {
      return undefined;
    }
    const alg =
      requested ??
      (stored.algorithms.sign.length > 1 && interactive
        ? (
            await vscode.window.showQuickPick(
              stored.algorithms.sign.map((label) => ({ label })),
              { title: `Algorithm for ${stored.label}` },
            )
          )?.label
        : stored.algorithms.sign[0]);
    if (!alg) {
      return undefined;
    }
    const key = await keyStore.signingKey(stored.id);
    if (!key) {
      throw secretMissing(stored);
    }
    const result = await signToken({ payload, alg, key, header: options.header, kid: stored.kid, kidIn: options.kidIn });
    if (!result.ok) {
      throw fromResult(result.error);
    }
    await keyStore.markUsed(stored.id);

    const token = result.jwt;
    const url = signedUrl(payload, token);
    const exp = numericDate(payload, 'exp');
    const expires = exp !== undefined ? isoUtc(exp) : undefined;
    log.info(`Signed ${baseName(document.uri.path)} with ${stored.label} (${alg})${expires ? `, expires ${expires}` : ''}.`);

    const target = insertTarget(document);
    const output = args.output ?? options.output ?? (await chooseOutput(state, interactive, target !== undefined));
    if (output === undefined) {
      return undefined;
    }
    milestones.reach('signed');
    remember({ token, url, exp });
    if (output !== 'none') {
      const { where, fellBack } = await deliver(
        output,
        token,
        url,
        target,
        documents,
        baseName(document.uri.path).replace(/\.(claims|jwt)?\.?jsonc?$/, ''),
      );
      // A fallback is not the user's choice: the next picker still leads with what they picked.
      if (!fellBack) {
        await state.update(LAST_OUTPUT, output);
      }
      // The lifetime as signed (exp − iat): "valid for", so it never reads as a countdown.
      const issuedAt = numericDate(payload, 'iat') ?? Math.floor(service.now());
      const lifetime = exp !== undefined ? ` It expires ${expires} (valid for ${humanDuration(exp - issuedAt)}).` : ' It has no expiry.';
      const buttons = ['Copy Token', ...(url ? ['Copy Signed URL'] : [])];
      // The toast goes; the same copies stay in the palette (Copy Last Signed Token / URL).
      // Each toast copies its own token, even after another was signed.
      const signed = { token, url, exp };
      void vscode.window
        .showInformationMessage(`Signed with ${stored.label} (${alg}); ${where}.${lifetime}`, ...buttons)
        .then(async (choice) => {
          if (choice === 'Copy Token' || choice === 'Copy Signed URL') {
            await copySigned(signed, choice === 'Copy Token' ? 'token' : 'url');
          }
        });
    }
    return { token, url, expires, key: stored.label, alg };
  };

  /** The command's arguments as VS Code or automation pass them. */
  const signCommand = async (argument?: unknown): Promise<SignClaimsResult | undefined> => {
    // editor/title, editor/context and explorer/context pass the file's Uri (and more after it).
    if (argument instanceof vscode.Uri) {
      return sign({ file: argument }, true);
    }
    const args = automationArgs<SignClaimsArgs & { pick?: boolean; withKid?: boolean }>(argument);
    if (args?.pick) {
      // "Sign with Another Key…": once, with a key picked now, leaving "$jwt.key" as it is.
      // Only keys that can sign what the file asks for ("$jwt.alg"), when it asks, and with a kid when the claims need one.
      const { alg } = args;
      const noKid = new JwtLensError(
        'ERR_SIGN_NO_KID',
        'None of your keys that can sign this has a "kid". Add your signing key with its id.',
        {
          actions: [FIX_MUX()],
        },
      );
      const picked = await pickSigner(keyStore, alg, { kidRequired: args.withKid ? noKid : undefined });
      return picked ? sign({ file: args.file, key: picked.id, alg }, true) : undefined;
    }
    if (!args) {
      return sign({}, true);
    }
    return sign(args, args.file === undefined && args.key === undefined);
  };

  const newClaimsFile = async (templateId?: string): Promise<vscode.Uri | undefined> => {
    const template =
      templateId !== undefined
        ? CLAIMS_TEMPLATES.find((candidate) => candidate.id === templateId)
        : (
            await vscode.window.showQuickPick(
              CLAIMS_TEMPLATES.map((candidate) => ({ label: candidate.label, description: candidate.description, template: candidate })),
              { title: 'New Claims File', placeHolder: 'Preset' },
            )
          )?.template;
    if (!template && templateId !== undefined) {
      throw new JwtLensError(
        'ERR_INVALID_ARGUMENT',
        `No preset "${templateId}"; use one of ${CLAIMS_TEMPLATES.map((candidate) => candidate.id).join(', ')}.`,
      );
    }
    if (!template) {
      return undefined;
    }
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    // An untitled document with a *.claims.json name: the claims schema applies, and Save puts it in the workspace.
    const uri = folder
      ? vscode.Uri.joinPath(folder, template.fileName).with({ scheme: 'untitled' })
      : vscode.Uri.parse(`untitled:${template.fileName}`);
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((edit) => edit.replace(new vscode.Range(0, 0, document.lineCount, 0), template.content));
    if (document.languageId !== 'jsonc') {
      await vscode.languages.setTextDocumentLanguage(document, 'jsonc');
    }
    // The first value the user must change selected, so typing replaces it.
    const [placeholder] = presetPlaceholders(template.content);
    // Changing the language may replace the editor: select in the one showing the document now.
    const shown =
      vscode.window.visibleTextEditors.find((candidate) => candidate.document.uri.toString() === document.uri.toString()) ?? editor;
    if (placeholder) {
      const start = document.positionAt(placeholder.offset);
      shown.selection = new vscode.Selection(start, start.translate(0, placeholder.placeholder.length));
    }
    return document.uri;
  };

  return vscode.Disposable.from(
    checker,
    tracker,
    claimsWatch,
    registerCommandTable(
      {
        [COMMANDS.signClaimsFile]: signCommand,
        [COMMANDS.newClaimsFile]: newClaimsFile,
        [COMMANDS.copyLastSignedToken]: () => copyLast('token'),
        [COMMANDS.copyLastSignedUrl]: () => copyLast('url'),
      },
      log,
    ),
  );
}

/** The way out of a key without a kid: another key (with one), or the platform's key. */
function kidMissing(platform: PlaybackPlatform, message: string, another?: KeyFix['args']): JwtLensError {
  const add: KeyFix = platform === 'FastPix' ? { title: 'Add FastPix Key', command: COMMANDS.addFastPixKey, args: {} } : FIX_MUX();
  const other: KeyFix[] = another ? [{ title: 'Sign with Another Key…', command: COMMANDS.signClaimsFile, args: another }] : [];
  return new JwtLensError('ERR_SIGN_NO_KID', message, { actions: [...other, add] });
}

async function claimsDocument(file: vscode.Uri | string | undefined): Promise<vscode.TextDocument | undefined> {
  if (file !== undefined) {
    return vscode.workspace.openTextDocument(typeof file === 'string' ? vscode.Uri.file(file) : file);
  }
  return vscode.window.activeTextEditor?.document;
}

/** Asks before signing a preset's placeholder; on No, puts the cursor on it so typing replaces it. */
async function signDespitePlaceholder(document: vscode.TextDocument, placeholder: ClaimsPlaceholder): Promise<boolean> {
  const answer = await vscode.window.showWarningMessage(
    `"${placeholder.claim}" still holds the preset's placeholder ${placeholder.placeholder}: the token would be refused where it is used. Sign anyway?`,
    { modal: true },
    'Sign Anyway',
  );
  if (answer === 'Sign Anyway') {
    return true;
  }
  const start = document.positionAt(placeholder.offset);
  const editor = await vscode.window.showTextDocument(document);
  editor.selection = new vscode.Selection(start, start.translate(0, placeholder.placeholder.length));
  return false;
}

/** Asks where the token goes; "Insert at Cursor" only when there is an editor to insert into. */
async function chooseOutput(state: vscode.Memento, interactive: boolean, canInsert: boolean): Promise<OutputMode | 'none' | undefined> {
  const last = state.get<OutputMode>(LAST_OUTPUT);
  if (!interactive) {
    return last ?? 'none';
  }
  const offered = OUTPUT_MODES.filter((mode) => canInsert || mode !== 'insert');
  const ordered = [...offered].sort((a, b) => (a === last ? -1 : b === last ? 1 : 0));
  return (
    await vscode.window.showQuickPick(
      ordered.map((mode) => ({ label: OUTPUT_LABELS[mode], mode, description: mode === last ? 'last used' : undefined })),
      { title: 'Where should the token go?' },
    )
  )?.mode;
}

/** Puts the token where asked; returns where it went, for the message, and whether it went elsewhere. */
async function deliver(
  output: OutputMode,
  token: string,
  url: string | undefined,
  insertInto: vscode.TextEditor | undefined,
  documents: ReadOnlyDocuments,
  name: string,
): Promise<{ where: string; fellBack?: boolean }> {
  if (output === 'clipboard') {
    await vscode.env.clipboard.writeText(token);
    return { where: 'the token is on the clipboard' };
  }
  if (output === 'insert') {
    // Only into an editor the user can see, at its cursor: never into a background tab.
    if (insertInto && (await insertInto.edit((edit) => edit.replace(insertInto.selection, token)))) {
      const line = insertInto.selection.start.line + 1;
      insertInto.revealRange(insertInto.selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      return { where: `inserted into ${baseName(insertInto.document.uri.path)} at line ${line}` };
    }
    await vscode.env.clipboard.writeText(token);
    return { where: 'no other editor is visible to insert into, so the token is on the clipboard', fellBack: true };
  }
  // The signed URL goes with the token, so it is not lost with the message.
  await documents.show(`${name || 'signed'}.jwt`, url ? `${token}\n\nSigned URL:\n${url}\n` : `${token}\n`, {
    viewColumn: vscode.ViewColumn.Beside,
    preview: false,
  });
  // Through the command, as a person would open it: the sign capability needs no part of inspect.
  await vscode.commands.executeCommand(COMMANDS.openDecoded, token);
  return { where: 'it is open beside' };
}
