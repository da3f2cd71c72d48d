// Key management commands: add (paste, clipboard, file), add Mux/FastPix key, generate, rename,
// delete, export public key, copy key id. Each takes arguments so it runs without prompts
// (keybindings, tasks, tests) and returns its result; it asks for what the arguments leave out.
// What VS Code passes from a menu (the Keys view's focused key and selection) is not an argument
// object, and is never read as one. Add Signing Key's prompts are in addKeyWizard.ts.
import type { JWK } from 'jose';
import * as vscode from 'vscode';
import { isRemoteKeyNode } from '../shared/keysViewNodes';
import { describeForm, describeKey } from '../core/keys/describeKey';
import { availableKeyKinds, GENERATED_KEY_KINDS, generateSigningKey, type GeneratedKeyKind } from '../core/keys/generateKey';
import { importKeyText } from '../core/keys/importKey';
import { publicKeyPem } from '../core/keys/exportKey';
import { secretKeyCheck } from '../core/keys/secretCheck';
import { fromResult, JwtLensError } from '../util/errors';
import { automationArgs, isKeysViewElement, stringArg } from '../shared/commandArgs';
import { registerCommandTable, type CommandTable } from '../shared/commandTable';
import { PROVIDER_NAMES } from '../core/providers/providerApi';
import type { KeyStore, StoredKey } from '../services/keyStore';
import { addKeySet, addKeyWizard, readKeyInput, type AddKeyArgs } from './addKeyWizard';
import type { ReadOnlyDocuments } from '../shared/readOnlyDocuments';
import { COMMANDS } from '../util/commandIds';
import { FIX_ADD, FIX_GENERATE, namedKey, noSuitableKey, pickKey, type KeyArgument } from '../shared/keyPicker';

/** What each generated key signs with, shown beside it in Generate Key's list. */
const KIND_DESCRIPTIONS: Partial<Record<GeneratedKeyKind, string>> = {
  'RSA-2048': 'default; RS256, as Mux and FastPix use',
  'P-256': 'ES256',
  'P-384': 'ES384',
  'P-521': 'ES512',
  Ed25519: 'EdDSA, Ed25519 (RFC 9864)',
  Ed448: 'EdDSA, Ed448 (RFC 9864)',
};

export interface ProviderKeyArgs {
  /** The signing key id as the provider's dashboard or API shows it. */
  readonly kid?: string;
  /** The earlier name of `kid`, still accepted. */
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
    // A provider's key stored here shows once, as its account's remote key: that row stands for it.
    [COMMANDS.renameKey]: (key?: KeyArgument, label?: unknown) => commands.renameKey(storedKeyOf(store, key), stringArg(label)),
    [COMMANDS.deleteKey]: (key?: KeyArgument, options?: unknown) =>
      commands.deleteKey(storedKeyOf(store, key), automationArgs<{ confirm?: boolean }>(options)),
    [COMMANDS.exportPublicKey]: (args?: ExportArgs | StoredKey) => commands.exportPublicKey(storedKeyOf(store, args)),
    // The view's title button: the focused key and the selection it is passed are not what it exports.
    [COMMANDS.exportPublicKeys]: (args?: unknown) => commands.exportPublicKey(automationArgs<ExportArgs>(args) ?? {}),
    [COMMANDS.copyKeyId]: (key?: KeyArgument) => commands.copyKeyId(storedKeyOf(store, key)),
    [COMMANDS.restoreKey]: (key?: KeyArgument, text?: unknown) => commands.restoreKey(key, stringArg(text)),
  };
  return registerCommandTable(table, log);
}

/** The stored key a remote key row of the Keys view stands for; any other argument as it is. */
function storedKeyOf<T>(store: KeyStore, argument: T): T | StoredKey {
  if (isRemoteKeyNode(argument) && argument.storedKeyId !== undefined) {
    const key = store.get(argument.storedKeyId);
    if (!key) {
      throw new JwtLensError('ERR_KEY_NOT_FOUND', `Key ${argument.kid} is not stored here any more.`);
    }
    return key;
  }
  return argument;
}

class KeyCommands {
  constructor(
    private readonly store: KeyStore,
    private readonly documents: ReadOnlyDocuments,
  ) {}

  async addKey(args: AddKeyArgs = {}): Promise<string[] | undefined> {
    if (args.text === undefined && args.file === undefined) {
      return addKeyWizard(this.store, args);
    }
    const input = await readKeyInput(args);
    const result = await importKeyText(input.text, { secretEncoding: args.secretEncoding });
    if (!result.ok) {
      // A refused secret was read fine: its message says why it is refused.
      throw fromResult(result.error, result.error.code === 'ERR_KEY_KNOWN_SECRET' ? '' : 'Cannot add this key: ');
    }
    const added: StoredKey[] = [];
    if (result.keys.length > 1) {
      added.push(...(await addKeySet(this.store, result.keys, input, args.provider)));
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

  async addProviderKey(provider: 'mux' | 'fastpix', args: ProviderKeyArgs = {}): Promise<string | undefined> {
    const name = PROVIDER_NAMES[provider];
    const kid =
      args.kid ??
      args.keyId ??
      (await vscode.window.showInputBox({
        title: `Add ${name} Signing Key (1/2)`,
        prompt: `The signing key ID from ${name} (Settings → Signing Keys, or the API's "id").`,
        ignoreFocusOut: true,
        validateInput: (value) => (value.trim() ? undefined : 'Enter the key ID.'),
      }));
    if (!kid) {
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
      label: args.label ?? `${name} ${kid.trim()}`,
      kid: kid.trim(),
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
    // Only what this runtime can make: VS Code's Electron has no Ed448, Node-based hosts do.
    const kinds = await availableKeyKinds();
    const kind =
      args.kind ??
      (
        await vscode.window.showQuickPick(
          kinds.map((label) => ({
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
      throw new JwtLensError('ERR_INVALID_ARGUMENT', `Unknown key type ${kind}; use one of ${kinds.join(', ')}.`);
    }
    if (!kinds.includes(kind)) {
      throw new JwtLensError('ERR_INVALID_ARGUMENT', `This VS Code's runtime cannot make ${kind} keys; use one of ${kinds.join(', ')}.`);
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
      const name = `${stored.label}.public.pem`;
      if (pem) {
        // Beside the file being worked on, which stays in front; with no file open, in the one editor group.
        const working = vscode.window.activeTextEditor !== undefined;
        await this.documents.show(name, pem, working ? { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true } : {});
      }
      void vscode.window.showInformationMessage(
        `Generated ${describeKey(key)} key ${stored.label} (kid ${stored.kid}).${pem ? ` Its public key is open in the tab ${name}; share that, never the private key.` : ' An HMAC secret has no public half: the verifier needs the same secret.'}`,
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
    // The internal id is no kid: tokens never name it, so copying it would mislead.
    const kid = key.kid ?? (await this.offerKid(key));
    if (kid === undefined) {
      return undefined;
    }
    await vscode.env.clipboard.writeText(kid);
    void vscode.window.setStatusBarMessage(`Copied kid ${kid}`, 3000);
    return kid;
  }

  /** Says the key has no kid and offers to set one; the kid set, or undefined. */
  private async offerKid(key: StoredKey): Promise<string | undefined> {
    const answer = await vscode.window.showInformationMessage(
      `Key ${key.label} has no kid: tokens it signs name no key, and its JWKS entry has none.`,
      'Set Key ID',
    );
    if (answer !== 'Set Key ID') {
      return undefined;
    }
    const kid = (
      await vscode.window.showInputBox({
        title: `Key ID for ${key.label}`,
        prompt: 'The key ID (kid) tokens name this key by.',
        ignoreFocusOut: true,
        validateInput: (value) => (value.trim() ? undefined : 'Enter a kid, or press Escape to cancel.'),
      })
    )?.trim();
    if (!kid) {
      return undefined;
    }
    await this.store.setKid(key.id, kid);
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
        (result.keys[0].material instanceof Uint8Array && (await secretKeyCheck(result.keys[0].material)) === key.secretCheck));
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
}

/** Why pasted text is not a provider's signing key (undefined when it is one). */
function providerKeyProblem(name: string, result: Awaited<ReturnType<typeof importKeyText>>): string | undefined {
  if (result.ok && result.keys[0].isPrivate && result.keys[0].type !== 'oct') {
    return undefined;
  }
  const reason = result.ok ? `It is ${describeForm(result.keys[0])}, not a private signing key.` : result.error.message;
  return `Not a ${name} signing key: ${reason} Copy the "private_key" value ${name} returned when the key was created.`;
}
