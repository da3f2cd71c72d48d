// One re-sign rule, every surface: the hover's link, the quick fix, the status bar's token list, the
// Re-sign command however it is reached, and the API give the same answer for the same token. The
// set holds the cases where copies of the rule used to disagree: a public and a private key sharing
// a kid (the public one listed first, so it is the key that verifies), a forged token naming a
// stored kid, an HMAC token, and an unsigned token.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { decodeToken } from '../../../src/core/token/decode';
import { verifyToken } from '../../../src/core/judge/verify';
import { testKeys } from '../../support/keys';
import { assemble, b64, signWith, verificationKey } from '../../support/tokens';
import { closeAllEditors, deleteAllKeys, eventually, extensionExports, hoverText, run, testHooks, workspaceUri } from '../helpers';
import { errorsShownBy } from '../prompts';

const NOW = 1_800_000_000;
const CLAIMS = { sub: 'user-1', iat: NOW - 3600, exp: NOW - 60 };

interface Case {
  readonly name: string;
  readonly token: string;
  /** The label of the key expected to re-sign it, or the code every refusal carries. */
  readonly expected: { readonly key: string } | { readonly refused: string };
}

/** The keys that may have re-signed, by label, to tell which one did. */
const SIGNERS: ReadonlyArray<[string, () => string]> = [
  ['shared-private', () => testKeys().rsaPkcs1Pem],
  ['prod-key', () => testKeys().ecSec1Pem],
  ['hs-key', () => testKeys().hmac32],
];

const RESIGN_BUTTON = 'Re-sign (same claims, new expiry)';

const written = new Set<string>();

/**
 * The file holding just this token, in the active editor. Reset through an edit, not on disk
 * behind an open document, so nothing waits on the file watcher.
 */
async function fresh(uri: vscode.Uri, token: string): Promise<vscode.TextEditor> {
  const text = `TOKEN=${token}\n`;
  if (!written.has(uri.toString())) {
    await vscode.workspace.fs.writeFile(uri, Buffer.from(text));
    written.add(uri.toString());
  }
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document);
  if (document.getText() !== text) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(new vscode.Position(0, 0), document.positionAt(document.getText().length)), text);
    assert.ok(await vscode.workspace.applyEdit(edit), `${uri.path} reset`);
  }
  assert.equal(document.getText(), text);
  return editor;
}

/** "re-signed by <label>" when the file now holds a new token that key signed; else the error code. */
async function outcome(document: vscode.TextDocument, value: unknown): Promise<string> {
  if (typeof value !== 'string') {
    return (value as { error: { code: string } }).error.code;
  }
  assert.equal(document.getText(), `TOKEN=${value}\n`, 'the token is replaced in the file');
  for (const [label, material] of SIGNERS) {
    const key = await verificationKey(material(), label);
    if ((await verifyToken(decodeToken(value), [{ ...key, kid: undefined }])).status === 'valid') {
      return `re-signed by ${label}`;
    }
  }
  return 're-signed by an unknown key';
}

/** Runs the Re-sign command on a fresh copy of the file with the arguments one way of reaching it passes. */
async function commandOutcome(uri: vscode.Uri, item: Case, args: (editor: vscode.TextEditor) => unknown[]): Promise<string> {
  const editor = await fresh(uri, item.token);
  const { value } = await errorsShownBy(() => run<unknown>('jwtLens.resignToken', ...args(editor)));
  return outcome(editor.document, value);
}

/**
 * Opens the status bar's token list for the active file (one token) as a person would, and says
 * whether its row has the Re-sign button; where it has, presses it and says what came of it.
 */
async function tokenList(document: vscode.TextDocument): Promise<{ resign: boolean; outcome?: string }> {
  const hooks = await testHooks();
  await eventually(
    () => (vscode.window.activeTextEditor?.document === document && hooks.statusBar.state.tokens === 1 ? true : undefined),
    15_000,
    'the status bar to count the token',
  );
  // createQuickPick is replaced only to see the row and press its button.
  const window = vscode.window as unknown as Record<string, unknown>;
  const original = window.createQuickPick;
  const triggered = new vscode.EventEmitter<vscode.QuickPickItemButtonEvent<vscode.QuickPickItem>>();
  const hidden = new vscode.EventEmitter<void>();
  let shown: { items: readonly vscode.QuickPickItem[] } | undefined;
  window.createQuickPick = () => {
    const pick = {
      items: [] as readonly vscode.QuickPickItem[],
      selectedItems: [],
      title: '',
      matchOnDescription: false,
      matchOnDetail: false,
      onDidTriggerItemButton: triggered.event,
      onDidAccept: new vscode.EventEmitter<void>().event,
      onDidHide: hidden.event,
      show: () => {
        shown = pick;
      },
      dispose: () => undefined,
    };
    return pick;
  };
  const before = document.getText();
  try {
    const listed = run('jwtLens.showTokensInFile');
    const pick = await eventually(() => shown, 15_000, 'the token list');
    assert.equal(pick.items.length, 1);
    const [row] = pick.items;
    const button = row.buttons?.find((candidate) => candidate.tooltip === RESIGN_BUTTON);
    if (!button) {
      hidden.fire();
      await listed;
      return { resign: false };
    }
    triggered.fire({ button, item: row });
    await listed;
    await eventually(() => (document.getText() !== before ? true : undefined), 15_000, 'the re-signed token in the file');
    return { resign: true, outcome: await outcome(document, /^TOKEN=(.*)\n$/.exec(document.getText())![1]) };
  } finally {
    window.createQuickPick = original;
    triggered.dispose();
    hidden.dispose();
  }
}

describe('Re-sign: one rule, and every surface agrees (in the extension host)', () => {
  const folder = workspaceUri('resignAgreement');
  const cases: Case[] = [];

  before(async () => {
    await deleteAllKeys();
    (await testHooks()).setClock({ nowSeconds: () => NOW });
    // The public half first: it is the key that verifies the token, and it cannot sign.
    await run('jwtLens.addKey', { text: testKeys().rsaSpkiPem, kid: 'shared-kid', label: 'shared-public' });
    await run('jwtLens.addKey', { text: testKeys().rsaPkcs1Pem, kid: 'shared-kid', label: 'shared-private' });
    await run('jwtLens.addKey', { text: testKeys().ecSec1Pem, kid: 'prod-key', label: 'prod-key' });
    await run('jwtLens.addKey', { text: testKeys().hmac32, kid: 'hs-key', label: 'hs-key' });
    cases.push(
      {
        name: 'shared-kid',
        token: await signWith(testKeys().rsaPkcs1Pem, CLAIMS, 'RS256', { kid: 'shared-kid' }),
        expected: { key: 'shared-private' },
      },
      {
        name: 'forged',
        token: assemble(
          { alg: 'ES256', typ: 'JWT', kid: 'prod-key' },
          { ...CLAIMS, sub: 'attacker', role: 'superuser' },
          Buffer.alloc(64, 7).toString('base64url'),
        ),
        expected: { refused: 'ERR_RESIGN_REFUSED' },
      },
      {
        name: 'hmac',
        token: await signWith(testKeys().hmac32, CLAIMS, 'HS256', { kid: 'hs-key' }),
        expected: { key: 'hs-key' },
      },
      {
        name: 'unsigned',
        token: `${b64({ alg: 'none', typ: 'JWT', kid: 'prod-key' })}.${b64(CLAIMS)}.`,
        expected: { refused: 'ERR_TOKEN_UNSUITABLE' },
      },
    );
  });

  after(async () => {
    await closeAllEditors();
    (await testHooks()).setClock({ nowSeconds: () => Date.now() / 1000 });
    await vscode.workspace.fs.delete(folder, { recursive: true });
    await deleteAllKeys();
  });

  it('the hover, the quick fix, the token list, the command (every way it is reached) and the API give one answer per token', async function () {
    // Four tokens through nine ways in: the busy full suite needs more than the default 30 s.
    this.timeout(120_000);
    const answers: Record<string, Record<string, string>> = {};
    const expected: Record<string, Record<string, string>> = {};
    for (const item of cases) {
      const uri = vscode.Uri.joinPath(folder, `${item.name}.env`);
      const { document } = await fresh(uri, item.token);
      const location = { uri: document.uri.toString(), offset: document.getText().indexOf(item.token) };
      const at = document.positionAt(location.offset + 5);

      const hover = /\[Re-sign\]\(command:jwtLens\.resignToken\?([^)\s]+)\)/.exec(await hoverText(uri, item.token));
      const actions = await run<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, new vscode.Range(at, at));
      const quickFix = actions.find((action) => action.title.startsWith('Re-sign'));
      // Re-sign is pressed as a person would where it is offered; elsewhere the command gets what the button would pass.
      const listed = await tokenList(document);
      const api = await (await extensionExports()).resigner(item.token);

      answers[item.name] = {
        hover: hover ? 'offered' : 'not offered',
        quickFix: quickFix?.title ?? 'not offered',
        tokenList: listed.resign ? 'offered' : 'not offered',
        api: api.ok ? `may re-sign: ${api.keyLabel}` : api.error.code,
        // No arguments: the token at the cursor, as from the command palette or a keybinding.
        palette: await commandOutcome(uri, item, (editor) => {
          editor.selection = new vscode.Selection(at, at);
          return [];
        }),
        hoverLink: await commandOutcome(uri, item, () => (hover ? (JSON.parse(decodeURIComponent(hover[1])) as unknown[]) : [location])),
        quickFixCommand: await commandOutcome(uri, item, () => quickFix?.command?.arguments ?? [location]),
        tokenListButton: listed.outcome ?? (await commandOutcome(uri, item, () => [location])),
      };
      // Left as it was: saved, holding the token it started with.
      await (await fresh(uri, item.token)).document.save();
      const key = 'key' in item.expected ? item.expected.key : undefined;
      const result = key !== undefined ? `re-signed by ${key}` : (item.expected as { refused: string }).refused;
      expected[item.name] = {
        hover: key !== undefined ? 'offered' : 'not offered',
        quickFix: key !== undefined ? `Re-sign with ${key} (same claims, new expiry)` : 'not offered',
        tokenList: key !== undefined ? 'offered' : 'not offered',
        api: key !== undefined ? `may re-sign: ${key}` : result,
        palette: result,
        hoverLink: result,
        quickFixCommand: result,
        tokenListButton: result,
      };
    }
    assert.deepEqual(answers, expected);
  });
});
