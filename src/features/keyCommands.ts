// Key management commands: add (paste, clipboard, file), add Mux/FastPix key, generate, rename,
// delete, export public key, copy key id. Each takes arguments so it runs without prompts
// (keybindings, tasks, tests) and returns its result; without arguments it asks.
import * as path from 'node:path';
import type { JWK } from 'jose';
import * as vscode from 'vscode';
import {
  describeForm, describeKey, GENERATED_KEY_KINDS, generateSigningKey, importKeyText, publicKeyPem,
  type GeneratedKeyKind, type ImportedKey, type KeyImportOptions,
} from '../core/keys';
import { secretKeyCheck } from '../core/keyCheck';
import { registerCommandTable, type CommandTable } from './commandTable';
import type { KeyStore, KeyProvider, KeySource, StoredKey } from './keyStore';
import type { ReadOnlyDocuments } from './readOnlyDocuments';

export const KEY_COMMANDS = {
  addKey: 'jwtLens.addKey',
  addMuxKey: 'jwtLens.addMuxKey',
  addFastPixKey: 'jwtLens.addFastPixKey',
  generateKey: 'jwtLens.generateKey',
  renameKey: 'jwtLens.renameKey',
  deleteKey: 'jwtLens.deleteKey',
  exportPublicKey: 'jwtLens.exportPublicKey',
  copyKeyId: 'jwtLens.copyKeyId',
  restoreKey: 'jwtLens.restoreKey',
} as const;

export interface AddKeyArgs {
  /** Key text: PEM, base64-encoded PEM, JWK/JWKS or an HMAC secret. */
  readonly text?: string;
  /** A file holding the key text. */
  readonly file?: vscode.Uri | string;
  readonly kid?: string;
  readonly label?: string;
  readonly secretEncoding?: KeyImportOptions['secretEncoding'];
  readonly provider?: KeyProvider;
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

/** A key named by id/label/kid, or a Keys view element. */
export type KeyArgument = string | { readonly id: string };

const PROVIDER_NAMES: Record<Exclude<KeyProvider, 'other'>, string> = { mux: 'Mux', fastpix: 'FastPix' };

export function registerKeyCommands(store: KeyStore, documents: ReadOnlyDocuments, log: vscode.LogOutputChannel): vscode.Disposable {
  const commands = new KeyCommands(store, documents);
  const table: CommandTable = {
    [KEY_COMMANDS.addKey]: (args?: AddKeyArgs) => commands.addKey(args),
    [KEY_COMMANDS.addMuxKey]: (args?: ProviderKeyArgs) => commands.addProviderKey('mux', args),
    [KEY_COMMANDS.addFastPixKey]: (args?: ProviderKeyArgs) => commands.addProviderKey('fastpix', args),
    [KEY_COMMANDS.generateKey]: (args?: GenerateKeyArgs) => commands.generateKey(args),
    [KEY_COMMANDS.renameKey]: (key?: KeyArgument, label?: string) => commands.renameKey(key, label),
    [KEY_COMMANDS.deleteKey]: (key?: KeyArgument, options?: { confirm?: boolean }) => commands.deleteKey(key, options),
    [KEY_COMMANDS.exportPublicKey]: (args?: ExportArgs | StoredKey) => commands.exportPublicKey(args),
    [KEY_COMMANDS.copyKeyId]: (key?: KeyArgument) => commands.copyKeyId(key),
    [KEY_COMMANDS.restoreKey]: (key?: KeyArgument, text?: string) => commands.restoreKey(key, text),
  };
  return registerCommandTable(table, log);
}

class KeyCommands {
  constructor(private readonly store: KeyStore, private readonly documents: ReadOnlyDocuments) {}

  async addKey(args: AddKeyArgs = {}): Promise<string[] | undefined> {
    const interactive = args.text === undefined && args.file === undefined;
    const input = interactive ? await this.askKeyText() : await this.readKeyArgs(args);
    if (!input) return undefined;
    const secretEncoding = args.secretEncoding ?? (interactive ? await this.askSecretEncoding(input.text) : undefined);
    if (interactive && secretEncoding === null) return undefined;
    const result = await importKeyText(input.text, { secretEncoding: secretEncoding ?? undefined });
    if (!result.ok) {
      void vscode.window.showErrorMessage(`Cannot add this key. ${result.error.message}`);
      return undefined;
    }
    const added: StoredKey[] = [];
    if (result.keys.length > 1) {
      for (const [index, key] of result.keys.entries()) {
        const kid = key.kid ?? key.thumbprint;
        added.push(await this.store.add(key, { label: kid ?? `${input.name ?? 'jwks'}-${index + 1}`, kid, source: input.source, provider: args.provider }));
      }
    } else {
      const [key] = result.keys;
      const suggested = args.kid ?? key.kid ?? input.name;
      const kid = interactive
        ? await vscode.window.showInputBox({ title: 'Key ID (kid)', prompt: `Detected: ${describeForm(key)}, ${describeKey(key)}. The kid tokens name this key by.`, value: suggested ?? '', ignoreFocusOut: true })
        : suggested;
      if (kid === undefined) return undefined;
      added.push(await this.store.add(key, { label: args.label ?? (kid || key.thumbprint?.slice(0, 12) || 'key'), kid: kid || undefined, source: input.source, provider: args.provider }));
      if (interactive) void vscode.window.showInformationMessage(`Added key ${added[0].label}: ${describeForm(key)}, ${describeKey(key)}. ${signsSummary(key)}`);
    }
    if (interactive && added.length > 1) void vscode.window.showInformationMessage(`Added ${added.length} keys from the JWKS: ${added.map((key) => key.label).join(', ')}.`);
    return added.map((key) => key.id);
  }

  async addProviderKey(provider: 'mux' | 'fastpix', args: ProviderKeyArgs = {}): Promise<string | undefined> {
    const name = PROVIDER_NAMES[provider];
    const keyId = args.keyId ?? await vscode.window.showInputBox({
      title: `Add ${name} Signing Key (1/2)`, prompt: `The signing key ID from ${name} (Settings → Signing Keys, or the API's "id").`,
      ignoreFocusOut: true, validateInput: (value) => (value.trim() ? undefined : 'Enter the key ID.'),
    });
    if (!keyId) return undefined;
    const privateKey = args.privateKey ?? await vscode.window.showInputBox({
      title: `Add ${name} Signing Key (2/2)`, prompt: `The base64-encoded private key, exactly as ${name} gave it. It goes to VS Code's secret storage only.`,
      password: true, ignoreFocusOut: true, validateInput: (value) => (value.trim() ? undefined : 'Paste the private key.'),
    });
    if (!privateKey) return undefined;
    const result = await importKeyText(privateKey);
    const interactive = args.privateKey === undefined;
    if (!result.ok || !result.keys[0].isPrivate || result.keys[0].type === 'oct') {
      const reason = result.ok ? `It is ${describeForm(result.keys[0])}, not a private signing key.` : result.error.message;
      void vscode.window.showErrorMessage(`Not a ${name} signing key. ${reason} Copy the "private_key" value ${name} returned when the key was created.`);
      return undefined;
    }
    const stored = await this.store.add(result.keys[0], { label: args.label ?? `${name} ${keyId.trim()}`, kid: keyId.trim(), source: 'pasted', provider });
    if (interactive) void vscode.window.showInformationMessage(`Added ${stored.label}: ${describeForm(result.keys[0])}, ${describeKey(result.keys[0])}.`);
    return stored.id;
  }

  async generateKey(args: GenerateKeyArgs = {}): Promise<string | undefined> {
    const interactive = args.kind === undefined;
    const kind = args.kind ?? (await vscode.window.showQuickPick(
      GENERATED_KEY_KINDS.map((label) => ({ label, description: label === 'RSA-2048' ? 'default; RS256, as Mux and FastPix use' : undefined })),
      { title: 'Generate Signing Key', placeHolder: 'Key type' },
    ))?.label;
    if (!kind) return undefined;
    if (!GENERATED_KEY_KINDS.includes(kind)) {
      void vscode.window.showErrorMessage(`Unknown key type ${kind}; use one of ${GENERATED_KEY_KINDS.join(', ')}.`);
      return undefined;
    }
    const key = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Generating ${kind} key…` }, () => generateSigningKey(kind));
    const defaultKid = args.kid ?? key.thumbprint?.slice(0, 16) ?? `hs-${Date.now().toString(36)}`;
    const label = args.label ?? (interactive
      ? await vscode.window.showInputBox({ title: 'Name the new key', value: `${kind.toLowerCase()}-${defaultKid.slice(0, 8)}`, ignoreFocusOut: true })
      : `${kind.toLowerCase()}-${defaultKid.slice(0, 8)}`);
    if (!label) return undefined;
    const stored = await this.store.add(key, { label, kid: defaultKid, source: 'generated' });
    if (interactive) {
      const pem = publicKeyPem(stored.publicJwk);
      if (pem) await this.documents.show(`${stored.label}.public.pem`, pem);
      void vscode.window.showInformationMessage(`Generated ${describeKey(key)} key ${stored.label} (kid ${stored.kid}).${pem ? ' Its public key is open beside; share that, never the private key.' : ' An HMAC secret has no public half: the verifier needs the same secret.'}`);
    }
    return stored.id;
  }

  async renameKey(argument?: KeyArgument, newLabel?: string): Promise<string | undefined> {
    const key = await this.resolveKey(argument, 'Rename which key?');
    if (!key) return undefined;
    const label = newLabel ?? await vscode.window.showInputBox({ title: `Rename ${key.label}`, value: key.label, validateInput: (value) => (value.trim() ? undefined : 'A key needs a name.') });
    if (!label?.trim()) return undefined;
    await this.store.rename(key.id, label.trim());
    return label.trim();
  }

  async deleteKey(argument?: KeyArgument, options: { confirm?: boolean } = {}): Promise<boolean> {
    const key = await this.resolveKey(argument, 'Delete which key?');
    if (!key) return false;
    if (options.confirm !== false) {
      const answer = await vscode.window.showWarningMessage(
        `Delete signing key "${key.label}"${key.kid ? ` (kid ${key.kid})` : ''}?`,
        { modal: true, detail: 'Its secret is removed from VS Code\'s secret storage. Tokens it signed can no longer be verified or re-signed here.' },
        'Delete',
      );
      if (answer !== 'Delete') return false;
    }
    return this.store.delete(key.id);
  }

  async exportPublicKey(args: ExportArgs | StoredKey = {}): Promise<string | undefined> {
    const options: ExportArgs = isStoredKey(args) ? { key: args } : args;
    const format = options.format ?? (await vscode.window.showQuickPick(
      [{ label: 'PEM', value: 'pem' as const }, { label: 'JWK', value: 'jwk' as const }, { label: 'JWKS', value: 'jwks' as const, description: options.key ? 'this key as a key set' : 'every key with a public half' }],
      { title: 'Export Public Key', placeHolder: 'Format' },
    ))?.value;
    if (!format) return undefined;
    let keys: StoredKey[];
    if (format === 'jwks' && options.key === undefined) {
      keys = this.store.list().filter((key) => key.publicJwk);
    } else {
      const key = await this.resolveKey(options.key, 'Export which key?', (candidate) => candidate.publicJwk !== undefined);
      if (!key) return undefined;
      keys = [key];
    }
    if (keys.length === 0 || keys.some((key) => !key.publicJwk)) {
      void vscode.window.showErrorMessage('An HMAC secret has no public key to export: whoever verifies needs the same secret.');
      return undefined;
    }
    const jwk = (key: StoredKey): JWK => ({ ...key.publicJwk, kid: key.kid, alg: key.alg ?? key.algorithms.verify[0], use: 'sig' });
    const text = format === 'pem' ? publicKeyPem(keys[0].publicJwk)!
      : format === 'jwk' ? `${JSON.stringify(jwk(keys[0]), null, 2)}\n`
        : `${JSON.stringify({ keys: keys.map(jwk) }, null, 2)}\n`;
    const to = options.to ?? (isStoredKey(args) || options.format === undefined
      ? (await vscode.window.showQuickPick([{ label: 'Open in Editor', value: 'editor' as const }, { label: 'Copy to Clipboard', value: 'clipboard' as const }], { title: 'Export Public Key' }))?.value
      : 'editor');
    if (!to) return undefined;
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
    if (!key) return undefined;
    const kid = key.kid ?? key.id;
    await vscode.env.clipboard.writeText(kid);
    void vscode.window.setStatusBarMessage(`Copied kid ${kid}`, 3000);
    return kid;
  }

  /** Puts the material back for a listed key whose secret is gone; it must be the same key. */
  async restoreKey(argument?: KeyArgument, text?: string): Promise<boolean> {
    const key = await this.resolveKey(argument, 'Restore which key?');
    if (!key) return false;
    const input = text ?? (await vscode.window.showInputBox({ title: `Restore ${key.label}`, prompt: 'Paste the key again (PEM, base64 PEM, JWK or secret).', password: true, ignoreFocusOut: true }));
    if (!input) return false;
    const result = await importKeyText(input, { secretEncoding: key.form === 'hmac-base64' ? 'base64' : 'text' });
    const same = result.ok && result.keys.length === 1 && result.keys[0].type === key.type
      && (key.thumbprint === undefined || result.keys[0].thumbprint === key.thumbprint) && result.keys[0].isPrivate === key.isPrivate
      // An HMAC secret has no thumbprint: its keyed check value says whether it is the same secret.
      // (Keys stored before the check was kept have none; they are restored as before.)
      && (key.secretCheck === undefined || secretKeyCheck(result.keys[0].key) === key.secretCheck);
    if (!result.ok || !same) {
      void vscode.window.showErrorMessage(`That is not the key ${key.label} was made from${result.ok ? '' : `: ${result.error.message}`}. Add it as a new key instead.`);
      return false;
    }
    await this.store.delete(key.id);
    await this.store.add(result.keys[0], { label: key.label, kid: key.kid, source: key.source, provider: key.provider });
    return true;
  }

  private async resolveKey(argument: KeyArgument | undefined, title: string, filter: (key: StoredKey) => boolean = () => true): Promise<StoredKey | undefined> {
    if (argument !== undefined) {
      const key = this.store.resolve(argument);
      if (!key) void vscode.window.showErrorMessage(`No stored key named ${typeof argument === 'string' ? argument : argument.id}. Run "JWT: Add Signing Key" first.`);
      return key;
    }
    return pickKey(this.store, title, filter);
  }

  private async askKeyText(): Promise<{ text: string; source: KeySource; name?: string } | undefined> {
    const choice = await vscode.window.showQuickPick([
      { label: '$(clippy) From Clipboard', value: 'clipboard' as const, description: 'PEM, base64 PEM, JWK, JWKS or secret' },
      { label: '$(file) From File…', value: 'file' as const, description: '.pem, .key, .json' },
      { label: '$(edit) Paste', value: 'paste' as const, description: 'typed or pasted into a hidden box' },
    ], { title: 'Add Signing Key', placeHolder: 'Where is the key?' });
    if (!choice) return undefined;
    if (choice.value === 'clipboard') {
      const text = await vscode.env.clipboard.readText();
      if (!text.trim()) {
        void vscode.window.showErrorMessage('The clipboard is empty. Copy the key first, or choose From File.');
        return undefined;
      }
      return { text, source: 'pasted' };
    }
    if (choice.value === 'file') {
      const [file] = (await vscode.window.showOpenDialog({ title: 'Choose a key file', canSelectMany: false, filters: { 'Key files': ['pem', 'key', 'crt', 'cer', 'json', 'jwk', 'txt'], 'All files': ['*'] } })) ?? [];
      return file ? this.readKeyArgs({ file }) : undefined;
    }
    const text = await vscode.window.showInputBox({ title: 'Add Signing Key', prompt: 'Paste the key: PEM, base64-encoded PEM, JWK/JWKS, or an HMAC secret.', password: true, ignoreFocusOut: true });
    return text ? { text, source: 'pasted' } : undefined;
  }

  private async readKeyArgs(args: AddKeyArgs): Promise<{ text: string; source: KeySource; name?: string } | undefined> {
    if (args.text !== undefined) return { text: args.text, source: 'pasted' };
    const uri = typeof args.file === 'string' ? vscode.Uri.file(args.file) : args.file!;
    try {
      const bytes = await vscode.workspace.fs.readFile(uri);
      return { text: Buffer.from(bytes).toString('utf8'), source: 'file', name: path.basename(uri.path).replace(/\.[^.]+$/, '') };
    } catch {
      void vscode.window.showErrorMessage(`Cannot read ${uri.fsPath || uri.toString()}.`);
      return undefined;
    }
  }

  /** For text that could be a base64 secret, asks how to read it; null when the user cancels. */
  private async askSecretEncoding(text: string): Promise<KeyImportOptions['secretEncoding'] | null | undefined> {
    const trimmed = text.trim();
    const couldBeBase64 = /^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed) && trimmed.length >= 16 && !trimmed.startsWith('LS0tLS1CRUdJT');
    if (!couldBeBase64) return undefined;
    const choice = await vscode.window.showQuickPick([
      { label: 'Base64-encoded secret', value: 'base64' as const, description: 'its bytes are the decoded base64' },
      { label: 'Text secret', value: 'text' as const, description: 'its bytes are the characters as typed' },
    ], { title: 'HMAC secret: how is it written?' });
    return choice ? choice.value : null;
  }
}

function isStoredKey(value: unknown): value is StoredKey {
  return typeof value === 'object' && value !== null && 'id' in value && 'algorithms' in value;
}

function signsSummary(key: ImportedKey): string {
  if (!key.isPrivate) return `Verifies ${key.algorithms.verify.join(', ')} (public key: it cannot sign).`;
  if (key.algorithms.sign.length === 0) return `Too short to sign with (HS256 needs 32 bytes); it can verify ${key.algorithms.verify.join(', ')}.`;
  return `Signs ${key.algorithms.sign.join(', ')}.`;
}

/** A quick pick of stored keys, last used first. */
export async function pickKey(store: KeyStore, title: string, filter: (key: StoredKey) => boolean = () => true): Promise<StoredKey | undefined> {
  const keys = store.list().filter(filter).sort((a, b) => (b.lastUsed ?? 0) - (a.lastUsed ?? 0));
  if (keys.length === 0) {
    const add = 'Add Signing Key';
    const answer = await vscode.window.showErrorMessage('No suitable key is stored yet.', add, 'Generate Key');
    if (answer === add) void vscode.commands.executeCommand(KEY_COMMANDS.addKey);
    else if (answer) void vscode.commands.executeCommand(KEY_COMMANDS.generateKey);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(keys.map((key) => ({
    label: `$(${key.isPrivate ? 'key' : 'unlock'}) ${key.label}`,
    description: [key.kid ? `kid ${key.kid}` : undefined, describeKey(key), key.isPrivate ? undefined : 'public only'].filter(Boolean).join(' · '),
    key,
  })), { title, matchOnDescription: true });
  return picked?.key;
}
