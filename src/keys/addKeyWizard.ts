// The Add Signing Key wizard: where the key is, the key, how a secret is written, and its kid, in
// numbered steps; plus reading key text from arguments and adding a JWKS, which the command's
// non-interactive form shares.
import * as vscode from 'vscode';
import { decodeUtf8 } from '../core/text/base64';
import { describeForm, describeKey } from '../core/keys/describeKey';
import { hmacMinimumBytes } from '../core/keys/algorithms';
import { importKeyText, secretEncodingGuess, type ImportedKey, type KeyImportOptions } from '../core/keys/importKey';
import { baseName } from '../core/text/paths';
import { canSign } from '../core/sign/sign';
import { fromResult, JwtLensError } from '../util/errors';
import type { KeyStore, KeyPlatform, KeyOrigin, StoredKey } from '../services/keyStore';
import { COMMANDS } from '../util/commandIds';

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

/** Key text and where it came from (a file's name suggests the kid). */
export interface KeyInput {
  readonly text: string;
  readonly source: KeyOrigin;
  readonly name?: string;
}

/**
 * The prompt flow: where the key is, the key (kept and asked again when it cannot be read), how
 * a secret is written (only when both readings are plausible), a warning for a secret too short
 * to sign, and the kid (pre-filled from the arguments, the key or the file name). Each step is
 * numbered; cancelling any of them adds nothing.
 */
export async function addKeyWizard(store: KeyStore, args: AddKeyArgs): Promise<string[] | undefined> {
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
    let input: KeyInput | undefined;
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
      // Reading the clipboard is the key step: the count stays the same whichever way the key comes.
      step = 2;
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
          title: `${title(++step, 3)}: choose a key file`,
          canSelectMany: false,
          filters: { 'Key files': ['pem', 'key', 'crt', 'cer', 'json', 'jwk', 'txt'], 'All files': ['*'] },
        })) ?? [];
      input = file ? await readKeyInput({ file }) : undefined;
      if (!input) {
        return undefined;
      }
    }
    const askEncoding = secretEncodingGuess(input.text) === 'ask' && !/^\s*[{-]/.test(input.text);
    const total = askEncoding ? 4 : 3;
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
      // A refused secret was read fine: its message says why it is refused.
      const prefix = result.error.code === 'ERR_KEY_KNOWN_SECRET' ? '' : 'Cannot read this key: ';
      const reason = `${prefix}${result.error.message}`;
      if (source.value !== 'paste') {
        throw fromResult(result.error, prefix);
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
    // A private key or secret left on the clipboard is pasted by mistake later: offer to clear it.
    const onClipboard = source.value === 'clipboard' && result.keys.some((key) => key.isPrivate) ? input.text : undefined;
    if (result.keys.length > 1) {
      const added = await addKeySet(store, result.keys, input, args.provider);
      confirmAdded('information', `Added ${added.length} keys from the JWKS: ${added.map((key) => key.label).join(', ')}.`, onClipboard);
      return added.map((key) => key.id);
    }
    const [key] = result.keys;
    const kid = await vscode.window.showInputBox({
      title: title(step + 1, total),
      value: args.kid ?? key.kid ?? input.name ?? '',
      ignoreFocusOut: true,
      prompt: `${describeForm(key)}, ${describeKey(key)}. The key ID (kid) tokens name this key by; left empty, tokens it signs name no key.`,
    });
    if (kid === undefined) {
      return undefined;
    }
    const stored = await store.add(key, {
      label: args.label ?? (kid.trim() || key.thumbprint?.slice(0, 12) || 'key'),
      kid: kid.trim() || undefined,
      source: input.source,
      provider: args.provider,
    });
    const added = `Added key ${stored.label}: ${describeForm(key)}, ${describeKey(key)}. ${signsSummary(key)}`;
    // A secret that cannot sign is a warning; a public key that only verifies is what was asked for.
    confirmAdded(tooShortToSign([key]) ? 'warning' : 'information', added, onClipboard);
    return [stored.id];
  }
}

export const CLEAR_CLIPBOARD = 'Clear Clipboard';

/**
 * The confirmation, with Clear Clipboard when the key came from it. Not awaited: the command returns
 * while the toast stays. The clipboard is cleared only while it still holds that key, never
 * something copied since.
 */
function confirmAdded(level: 'information' | 'warning', message: string, clipboardText: string | undefined): void {
  const show = level === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  if (clipboardText === undefined) {
    void show(message);
    return;
  }
  void Promise.resolve(show(message, CLEAR_CLIPBOARD)).then(async (answer) => {
    if (answer === CLEAR_CLIPBOARD && (await vscode.env.clipboard.readText()) === clipboardText) {
      await vscode.env.clipboard.writeText('');
    }
  });
}

/** Every key of a JWKS, each named by its kid (or thumbprint). */
export async function addKeySet(
  store: KeyStore,
  keys: readonly ImportedKey[],
  input: Pick<KeyInput, 'source' | 'name'>,
  provider?: KeyPlatform,
): Promise<StoredKey[]> {
  const added: StoredKey[] = [];
  for (const [index, key] of keys.entries()) {
    const kid = key.kid ?? key.thumbprint;
    added.push(await store.add(key, { label: kid ?? `${input.name ?? 'jwks'}-${index + 1}`, kid, source: input.source, provider }));
  }
  return added;
}

/** The key text the arguments give, inline or in a file. */
export async function readKeyInput(args: Pick<AddKeyArgs, 'text' | 'file'>): Promise<KeyInput> {
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

/** The shortest HMAC secret that signs (HS256's; RFC 7518 §3.2: at least the hash's length). */
const SHORTEST_SIGNING_SECRET = hmacMinimumBytes('HS256');

/** A single HMAC secret shorter than the shortest hash: it verifies but can never sign. */
function tooShortToSign(keys: readonly ImportedKey[]): boolean {
  return keys.length === 1 && keys[0].type === 'oct' && !canSign(keys[0]);
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
