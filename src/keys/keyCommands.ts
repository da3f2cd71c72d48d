// Key management commands: add (paste, clipboard, file), add Mux/FastPix key, generate, rename,
// delete, export public key, copy key id. Each takes arguments so it runs without prompts
// (keybindings, tasks, tests) and returns its result; it asks for what the arguments leave out.
// What VS Code passes from a menu (the Keys view's focused key and selection) is not an argument
// object, and is never read as one.
import type { JWK } from 'jose';
import * as vscode from 'vscode';
import { decodeUtf8 } from '../core/text/base64';
import { describeForm, describeKey } from '../core/keys/describeKey';
import { GENERATED_KEY_KINDS, generateSigningKey, type GeneratedKeyKind } from '../core/keys/generateKey';
import { hmacMinimumBytes } from '../core/keys/algorithms';
import { importKeyText, secretEncodingGuess, type ImportedKey, type KeyImportOptions } from '../core/keys/importKey';
import { publicKeyPem } from '../core/keys/exportKey';
import { secretKeyCheck } from '../core/keys/secretCheck';
import { baseName } from '../core/text/paths';
import { fromResult, JwtLensError } from '../util/errors';
import { automationArgs, isKeysViewElement, stringArg } from '../shared/commandArgs';
import { registerCommandTable, type CommandTable } from '../shared/commandTable';
import { PROVIDER_NAMES } from '../core/providers/providerApi';
import type { KeyStore, KeyPlatform, KeyOrigin, StoredKey } from '../services/keyStore';
import type { ReadOnlyDocuments } from '../shared/readOnlyDocuments';
import { COMMANDS } from '../util/commandIds';
import { FIX_ADD, FIX_GENERATE, namedKey, noSuitableKey, pickKey, type KeyArgument } from '../shared/keyPicker';

/** What each generated key signs with, shown beside it in Generate Key's list. */
const KIND_DESCRIPTIONS: Partial<Record<GeneratedKeyKind, string>> = {
  'RSA-2048': 'default; RS256, as Mux and FastPix use',
  'P-256': 'ES256',
  'P-384': 'ES384',
  'P-521': 'ES512',
  Ed25519: 'Ed25519 (RFC 9864), EdDSA',
};

export interface AddKeyArgs {
  /** Key text: PEM, base64-encoded PEM, JWK/JWKS or an HMAC secret. */
  readonly text?: string;
  /** A file holding the key text. */
  readonly file?: vscode.Uri | string;
  readonly kid?: string;
  readonly label?: string;
  readonly secretEncoding?: KeyImportOptions['secretEncoding'];
  readonly provider?: KeyPlatform;
}

export interface ProviderKeyArgs {
  /** The signing key id as the provider's dashboard or API shows it. */
  readonly keyId?: string;
  /** The base64-encoded private key, exactly as given. */
  readonly privateKey?: string;
  readonly label?: string;
}

export interface GenerateKeyArgs {
  readonly kind?: GeneratedKeyKind;
  readonly label?: string;
  readonly kid?: string;
}

export type ExportFormat = 'pem' | 'jwk' | 'jwks';
export interface ExportArgs {
  /** Key id, label or kid; omitted with format jwks means every key. */
  readonly key?: KeyArgument;
  readonly format?: ExportFormat;
  readonly to?: 'editor' | 'clipboard';
}

export function registerKeyCommands(store: KeyStore, documents: ReadOnlyDocuments, log: vscode.LogOutputChannel): vscode.Disposable {
  const commands = new KeyCommands(store, documents);
  // Add and Generate sit in the view's title bar, where VS Code passes the focused key and the
  // selection: those are never the key to add or the name to give (automationArgs drops them).
  const table: CommandTable = {
    [COMMANDS.addKey]: (args?: unknown) => commands.addKey(automationArgs<AddKeyArgs>(args)),
    [COMMANDS.addMuxKey]: (args?: unknown) => commands.addProviderKey('mux', automationArgs<ProviderKeyArgs>(args)),
    [COMMANDS.addFastPixKey]: (args?: unknown) => commands.addProviderKey('fastpix', automationArgs<ProviderKeyArgs>(args)),
    [COMMANDS.generateKey]: (args?: unknown) => commands.generateKey(automationArgs<GenerateKeyArgs>(args)),
    // From the view's context menu the second argument is the selection list, not a label or options.
    [COMMANDS.renameKey]: (key?: KeyArgument, label?: unknown) => commands.renameKey(key, stringArg(label)),
    [COMMANDS.deleteKey]: (key?: KeyArgument, options?: unknown) => commands.deleteKey(key, automationArgs<{ confirm?: boolean }>(options)),
    [COMMANDS.exportPublicKey]: (args?: ExportArgs | StoredKey) => commands.exportPublicKey(args),
    [COMMANDS.copyKeyId]: (key?: KeyArgument) => commands.copyKeyId(key),
    [COMMANDS.restoreKey]: (key?: KeyArgument, text?: unknown) => commands.restoreKey(key, stringArg(text)),
  };
  return registerCommandTable(table, log);
}

class KeyCommands {
  constructor(
    private readonly store: KeyStore,
    private readonly documents: ReadOnlyDocuments,
  ) {}

  async addKey(args: AddKeyArgs = {}): Promise<string[] | undefined> {
    if (args.text === undefined && args.file === undefined) {
      return this.addKeyInteractively(args);
    }
    const input = await this.readKeyArgs(args);
    const result = await importKeyText(input.text, { secretEncoding: args.secretEncoding });
    if (!result.ok) {
      throw fromResult(result.error, 'Cannot add this key: ');
    }
    const added: StoredKey[] = [];
    if (result.keys.length > 1) {
      added.push(...(await this.addKeySet(result.keys, input, args.provider)));
    } else {
      const [key] = result.keys;
      const kid = args.kid ?? key.kid ?? input.name;
      added.push(
        await this.store.add(key, {
          label: args.label ?? (kid || key.thumbprint?.slice(0, 12) || 'key'),
          kid: kid || undefined,
          source: input.source,
          provider: args.provider,
        }),
      );
    }
    return added.map((key) => key.id);
  }

  /**
   * The prompt flow: where the key is, the key (kept and asked again when it cannot be read), how
   * a secret is written (only when both readings are plausible), a warning for a secret too short
   * to sign, and the kid (pre-filled from the arguments, the key or the file name). Each step is
   * numbered; cancelling any of them adds nothing.
   */
  private async addKeyInteractively(args: AddKeyArgs): Promise<string[] | undefined> {
    const title = (step: number, total: number) => `Add Signing Key (${step}/${total})`;
    const source = await vscode.window.showQuickPick(
      [
        { label: '$(clippy) From Clipboard', value: 'clipboard' as const, description: 'PEM, base64 PEM, JWK, JWKS or secret' },
        { label: '$(file) From File…', value: 'file' as const, description: '.pem, .key, .json' },
        { label: '$(edit) Paste', value: 'paste' as const, description: 'typed or pasted into a hidden box' },
      ],
      { title: title(1, 3), placeHolder: 'Where is the key?', ignoreFocusOut: true },
    );
    if (!source) {
      return undefined;
    }
    let step = 1;
    let typed = '';
    let problem: string | undefined;
    for (;;) {
      let input: { text: string; source: KeyOrigin; name?: string } | undefined;
      if (source.value === 'paste') {
        const text = await vscode.window.showInputBox({
          title: title(++step, 3),
          value: typed,
          password: true,
          ignoreFocusOut: true,
          prompt: problem ?? 'Paste the key: PEM, base64-encoded PEM, JWK/JWKS, or an HMAC secret.',
          validateInput: (value) => (value.trim() ? undefined : 'Paste the key, or press Escape to cancel.'),
        });
        if (!text) {
          return undefined;
        }
        typed = text;
        input = { text, source: 'pasted' };
      } else if (source.value === 'clipboard') {
        const text = await vscode.env.clipboard.readText();
        if (!text.trim()) {
          throw new JwtLensError('ERR_KEY_EMPTY', 'The clipboard is empty. Copy the key first, or choose From File or Paste.', {
            actions: [{ title: 'Add Signing Key', command: COMMANDS.addKey, args }],
          });
        }
        input = { text, source: 'pasted' };
      } else {
        const [file] =
          (await vscode.window.showOpenDialog({
            title: 'Choose a key file',
            canSelectMany: false,
            filters: { 'Key files': ['pem', 'key', 'crt', 'cer', 'json', 'jwk', 'txt'], 'All files': ['*'] },
          })) ?? [];
        input = file ? await this.readKeyArgs({ file }) : undefined;
        if (!input) {
          return undefined;
        }
      }
      const askEncoding = secretEncodingGuess(input.text) === 'ask' && !/^\s*[{-]/.test(input.text);
      const total = step + (askEncoding ? 2 : 1);
      let secretEncoding: KeyImportOptions['secretEncoding'];
      if (askEncoding) {
        const choice = await vscode.window.showQuickPick(
          [
            { label: 'Base64-encoded secret', value: 'base64' as const, description: 'its bytes are the decoded base64' },
            { label: 'Text secret', value: 'text' as const, description: 'its bytes are the characters as typed' },
          ],
          { title: title(++step, total), placeHolder: 'This secret reads as base64 or as text: how was it given?', ignoreFocusOut: true },
        );
        if (!choice) {
          return undefined;
        }
        secretEncoding = choice.value;
      }
      const result = await importKeyText(input.text, { secretEncoding });
      if (!result.ok) {
        const reason = `Cannot read this key: ${result.error.message}`;
        if (source.value !== 'paste') {
          throw fromResult(result.error, 'Cannot read this key: ');
        }
        // Back to the key box with what was typed, and why it was not taken.
        problem = reason;
        step = 1;
        continue;
      }
      if (tooShortToSign(result.keys)) {
        const reason = `This secret is ${(result.keys[0].bits ?? 0) / 8} bytes: too short to sign (HS256 needs ${SHORTEST_SIGNING_SECRET}); it could only verify.`;
        const answer = await vscode.window.showQuickPick(
          [
            { label: source.value === 'paste' ? 'Enter Another Secret' : 'Cancel', retry: true },
            { label: 'Add It to Verify Only', retry: false },
          ],
          { title: title(step, total), placeHolder: reason, ignoreFocusOut: true },
        );
        if (!answer) {
          return undefined;
        }
        if (answer.retry) {
          if (source.value !== 'paste') {
            return undefined;
          }
          problem = reason;
          step = 1;
          continue;
        }
      }
      if (result.keys.length > 1) {
        const added = await this.addKeySet(result.keys, input, args.provider);
        void vscode.window.showInformationMessage(`Added ${added.length} keys from the JWKS: ${added.map((key) => key.label).join(', ')}.`);
        return added.map((key) => key.id);
      }
      const [key] = result.keys;
      const kid = await vscode.window.showInputBox({
        title: title(++step, step),
        value: args.kid ?? key.kid ?? input.name ?? '',
        ignoreFocusOut: true,
        prompt: `${describeForm(key)}, ${describeKey(key)}. The key ID (kid) tokens name this key by.`,
      });
      if (kid === undefined) {
        return undefined;
      }
      const stored = await this.store.add(key, {
        label: args.label ?? (kid.trim() || key.thumbprint?.slice(0, 12) || 'key'),
        kid: kid.trim() || undefined,
        source: input.source,
        provider: args.provider,
      });
      const added = `Added key ${stored.label}: ${describeForm(key)}, ${describeKey(key)}. ${signsSummary(key)}`;
      // A secret that cannot sign is a warning; a public key that only verifies is what was asked for.
      void (tooShortToSign([key]) ? vscode.window.showWarningMessage(added) : vscode.window.showInformationMessage(added));
      return [stored.id];
    }
  }

  private async addKeySet(
    keys: readonly ImportedKey[],
    input: { source: KeyOrigin; name?: string },
    provider?: KeyPlatform,
  ): Promise<StoredKey[]> {
    const added: StoredKey[] = [];
    for (const [index, key] of keys.entries()) {
      const kid = key.kid ?? key.thumbprint;
      added.push(await this.store.add(key, { label: kid ?? `${input.name ?? 'jwks'}-${index + 1}`, kid, source: input.source, provider }));
    }
    return added;
  }

  async addProviderKey(provider: 'mux' | 'fastpix', args: ProviderKeyArgs = {}): Promise<string | undefined> {
    const name = PROVIDER_NAMES[provider];
    const keyId =
      args.keyId ??
      (await vscode.window.showInputBox({
        title: `Add ${name} Signing Key (1/2)`,
        prompt: `The signing key ID from ${name} (Settings → Signing Keys, or the API's "id").`,
        ignoreFocusOut: true,
        validateInput: (value) => (value.trim() ? undefined : 'Enter the key ID.'),
      }));
    if (!keyId) {
      return undefined;
    }
    const interactive = args.privateKey === undefined;
    // A wrong paste is refused inside the box, so what was typed stays there to correct.
    const privateKey =
      args.privateKey ??
      (await vscode.window.showInputBox({
        title: `Add ${name} Signing Key (2/2)`,
        prompt: `The base64-encoded private key, exactly as ${name} gave it. It goes to VS Code's secret storage only.`,
        password: true,
        ignoreFocusOut: true,
        validateInput: async (value) => (value.trim() ? providerKeyProblem(name, await importKeyText(value)) : 'Paste the private key.'),
      }));
    if (!privateKey) {
      return undefined;
    }
    const result = await importKeyText(privateKey);
    const problem = providerKeyProblem(name, result);
    if (problem || !result.ok) {
      throw new JwtLensError(result.ok ? 'ERR_KEY_NOT_SIGNING' : result.error.code, problem ?? '');
    }
    const stored = await this.store.add(result.keys[0], {
      label: args.label ?? `${name} ${keyId.trim()}`,
      kid: keyId.trim(),
      source: 'pasted',
      provider,
    });
    if (interactive) {
      void vscode.window.showInformationMessage(`Added ${stored.label}: ${describeForm(result.keys[0])}, ${describeKey(result.keys[0])}.`);
    }
    return stored.id;
  }

  /** Asks only for what the arguments leave out: the key type, then its name. */
  async generateKey(args: GenerateKeyArgs = {}): Promise<string | undefined> {
    const total = Number(args.kind === undefined) + Number(args.label === undefined);
    const kind =
      args.kind ??
      (
        await vscode.window.showQuickPick(
          GENERATED_KEY_KINDS.map((label) => ({
            label,
            description: KIND_DESCRIPTIONS[label],
          })),
          { title: `Generate Key (1/${total})`, placeHolder: 'Key type' },
        )
      )?.label;
    if (!kind) {
      return undefined;
    }
    if (!GENERATED_KEY_KINDS.includes(kind)) {
      throw new JwtLensError('ERR_INVALID_ARGUMENT', `Unknown key type ${kind}; use one of ${GENERATED_KEY_KINDS.join(', ')}.`);
    }
    const interactive = args.label === undefined;
    // The name is asked before the (slow, for RSA) generation, so cancelling costs nothing.
    const suggested = args.kid ?? `${kind.toLowerCase()}-${Date.now().toString(36).slice(-6)}`;
    const label =
      args.label ??
      (await vscode.window.showInputBox({
        title: `Generate Key (${total}/${total})`,
        prompt: `A name for the new ${kind} key; its kid defaults to ${args.kid ? 'the one given' : 'its thumbprint'}.`,
        value: suggested,
        ignoreFocusOut: true,
        validateInput: (value) => (value.trim() ? undefined : 'A key needs a name.'),
      }));
    if (!label?.trim()) {
      return undefined;
    }
    const key = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Generating ${kind} key…` }, () =>
      generateSigningKey(kind),
    );
    const kid = args.kid ?? key.thumbprint?.slice(0, 16) ?? `hs-${Date.now().toString(36)}`;
    const stored = await this.store.add(key, { label: label.trim(), kid, source: 'generated' });
    if (interactive) {
      const pem = await publicKeyPem(stored.publicJwk);
      if (pem) {
        await this.documents.show(`${stored.label}.public.pem`, pem);
      }
      void vscode.window.showInformationMessage(
        `Generated ${describeKey(key)} key ${stored.label} (kid ${stored.kid}).${pem ? ' Its public key is open beside; share that, never the private key.' : ' An HMAC secret has no public half: the verifier needs the same secret.'}`,
      );
    }
    return stored.id;
  }

  async renameKey(argument?: KeyArgument, newLabel?: string): Promise<string | undefined> {
    const key = await this.resolveKey(argument, 'Rename which key?');
    if (!key) {
      return undefined;
    }
    const label =
      newLabel ??
      (await vscode.window.showInputBox({
        title: `Rename ${key.label}`,
        value: key.label,
        validateInput: (value) => (value.trim() ? undefined : 'A key needs a name.'),
      }));
    if (!label?.trim()) {
      return undefined;
    }
    await this.store.rename(key.id, label.trim());
    return label.trim();
  }

  /** True when deleted; undefined when the pick or the confirmation is declined. */
  async deleteKey(argument?: KeyArgument, options: { confirm?: boolean } = {}): Promise<true | undefined> {
    const key = await this.resolveKey(argument, 'Delete which key?');
    if (!key) {
      return undefined;
    }
    if (options.confirm !== false) {
      // Keep comes first, so it is the dialog's default button: Enter must never delete a key.
      // (A close affordance would become the Cancel button, leaving Delete the default.)
      const answer = await vscode.window.showWarningMessage(
        `Delete signing key "${key.label}"${key.kid ? ` (kid ${key.kid})` : ''}?`,
        {
          modal: true,
          detail: "Its secret is removed from VS Code's secret storage. Tokens it signed can no longer be verified or re-signed here.",
        },
        { title: 'Keep' },
        { title: 'Delete' },
      );
      if (answer?.title !== 'Delete') {
        return undefined;
      }
    }
    // Deleted meanwhile (in another window): it is not there to delete.
    if (!(await this.store.delete(key.id))) {
      throw new JwtLensError('ERR_KEY_NOT_FOUND', `Key ${key.label} was deleted already.`);
    }
    return true;
  }

  async exportPublicKey(args: ExportArgs | StoredKey = {}): Promise<string | undefined> {
    const options: ExportArgs = isKeysViewElement(args) ? { key: args } : (automationArgs<ExportArgs>(args) ?? {});
    if (options.key === undefined && !this.store.list().some((key) => key.publicJwk)) {
      throw noSuitableKey('No stored key has a public half to export (an HMAC secret has none).', [FIX_GENERATE('RSA-2048'), FIX_ADD()]);
    }
    const format =
      options.format ??
      (
        await vscode.window.showQuickPick(
          [
            { label: 'PEM', value: 'pem' as const },
            { label: 'JWK', value: 'jwk' as const },
            { label: 'JWKS', value: 'jwks' as const, description: options.key ? 'this key as a key set' : 'every key with a public half' },
          ],
          { title: 'Export Public Key', placeHolder: 'Format' },
        )
      )?.value;
    if (!format) {
      return undefined;
    }
    let keys: StoredKey[];
    if (format === 'jwks' && options.key === undefined) {
      keys = this.store.list().filter((key) => key.publicJwk);
    } else {
      const key = await this.resolveKey(options.key, 'Export which key?', (candidate) => candidate.publicJwk !== undefined);
      if (!key) {
        return undefined;
      }
      keys = [key];
    }
    if (keys.length === 0 || keys.some((key) => !key.publicJwk)) {
      throw noSuitableKey('An HMAC secret has no public key to export: whoever verifies needs the same secret.', []);
    }
    const jwk = (key: StoredKey): JWK => ({ ...key.publicJwk, kid: key.kid, alg: key.alg ?? key.algorithms.verify[0], use: 'sig' });
    const text =
      format === 'pem'
        ? (await publicKeyPem(keys[0].publicJwk))!
        : format === 'jwk'
          ? `${JSON.stringify(jwk(keys[0]), null, 2)}\n`
          : `${JSON.stringify({ keys: keys.map(jwk) }, null, 2)}\n`;
    const to =
      options.to ??
      (isKeysViewElement(args) || options.format === undefined
        ? (
            await vscode.window.showQuickPick(
              [
                { label: 'Open in Editor', value: 'editor' as const },
                { label: 'Copy to Clipboard', value: 'clipboard' as const },
              ],
              { title: 'Export Public Key' },
            )
          )?.value
        : 'editor');
    if (!to) {
      return undefined;
    }
    if (to === 'clipboard') {
      await vscode.env.clipboard.writeText(text);
      void vscode.window.showInformationMessage(`Copied the public key${keys.length > 1 ? 's' : ''} (${format.toUpperCase()}).`);
    } else {
      const name = keys.length > 1 || format === 'jwks' ? 'jwks.json' : `${keys[0].label}.public.${format === 'pem' ? 'pem' : 'jwk.json'}`;
      await this.documents.show(name, text);
    }
    return text;
  }

  async copyKeyId(argument?: KeyArgument): Promise<string | undefined> {
    const key = await this.resolveKey(argument, 'Copy the kid of which key?');
    if (!key) {
      return undefined;
    }
    const kid = key.kid ?? key.id;
    await vscode.env.clipboard.writeText(kid);
    void vscode.window.setStatusBarMessage(`Copied kid ${kid}`, 3000);
    return kid;
  }

  /** Puts the material back for a listed key whose secret is gone; it must be the same key. True when restored. */
  async restoreKey(argument?: KeyArgument, text?: string): Promise<true | undefined> {
    const key = await this.resolveKey(argument, 'Restore which key?');
    if (!key) {
      return undefined;
    }
    const input =
      text ??
      (await vscode.window.showInputBox({
        title: `Restore ${key.label}`,
        prompt: 'Paste the key again (PEM, base64 PEM, JWK or secret).',
        password: true,
        ignoreFocusOut: true,
      }));
    if (!input) {
      return undefined;
    }
    const result = await importKeyText(input, { secretEncoding: key.form === 'hmac-base64' ? 'base64' : 'text' });
    const same =
      result.ok &&
      result.keys.length === 1 &&
      result.keys[0].type === key.type &&
      (key.thumbprint === undefined || result.keys[0].thumbprint === key.thumbprint) &&
      result.keys[0].isPrivate === key.isPrivate &&
      // An HMAC secret has no thumbprint: its keyed check value says whether it is the same secret.
      // (Keys stored before the check was kept have none; they are restored as before.)
      (key.secretCheck === undefined ||
        (result.keys[0].key instanceof Uint8Array && (await secretKeyCheck(result.keys[0].key)) === key.secretCheck));
    if (!result.ok || !same) {
      throw new JwtLensError(
        'ERR_KEY_MISMATCH',
        `That is not the key ${key.label} was made from${result.ok ? '' : `: ${result.error.message}`}. Add it as a new key instead.`,
      );
    }
    await this.store.delete(key.id);
    await this.store.add(result.keys[0], { label: key.label, kid: key.kid, source: key.source, provider: key.provider });
    return true;
  }

  private async resolveKey(
    argument: KeyArgument | undefined,
    title: string,
    filter: (key: StoredKey) => boolean = () => true,
  ): Promise<StoredKey | undefined> {
    if (argument !== undefined) {
      return namedKey(this.store, argument);
    }
    return pickKey(this.store, title, filter);
  }

  private async readKeyArgs(args: AddKeyArgs): Promise<{ text: string; source: KeyOrigin; name?: string }> {
    if (args.text !== undefined) {
      return { text: args.text, source: 'pasted' };
    }
    const uri = typeof args.file === 'string' ? vscode.Uri.file(args.file) : args.file!;
    try {
      const bytes = await vscode.workspace.fs.readFile(uri);
      return { text: decodeUtf8(bytes), source: 'file', name: baseName(uri.path).replace(/\.[^.]+$/, '') };
    } catch (cause) {
      throw new JwtLensError('ERR_FILE_READ', `Cannot read ${uri.fsPath || uri.toString()}.`, { cause });
    }
  }
}

/** Why pasted text is not a provider's signing key (undefined when it is one). */
function providerKeyProblem(name: string, result: Awaited<ReturnType<typeof importKeyText>>): string | undefined {
  if (result.ok && result.keys[0].isPrivate && result.keys[0].type !== 'oct') {
    return undefined;
  }
  const reason = result.ok ? `It is ${describeForm(result.keys[0])}, not a private signing key.` : result.error.message;
  return `Not a ${name} signing key: ${reason} Copy the "private_key" value ${name} returned when the key was created.`;
}

/** A single HMAC secret shorter than the shortest hash: it verifies but can never sign. */
/** The shortest HMAC secret that signs (HS256's; RFC 7518 §3.2: at least the hash's length). */
const SHORTEST_SIGNING_SECRET = hmacMinimumBytes('HS256');

function tooShortToSign(keys: readonly ImportedKey[]): boolean {
  return keys.length === 1 && keys[0].type === 'oct' && keys[0].algorithms.sign.length === 0;
}

function signsSummary(key: ImportedKey): string {
  if (!key.isPrivate) {
    return `Verifies ${key.algorithms.verify.join(', ')} (public key: it cannot sign).`;
  }
  if (key.algorithms.sign.length === 0) {
    return `Too short to sign with (HS256 needs ${SHORTEST_SIGNING_SECRET} bytes); it can verify ${key.algorithms.verify.join(', ')}.`;
  }
  return `Signs ${key.algorithms.sign.join(', ')}.`;
}
