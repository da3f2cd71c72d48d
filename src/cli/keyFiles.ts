// Keys for the CLI: verification keys from --keys files (a JWKS, JWKs, PEM files, a secret) or the
// JWT_LENS_KEYS variable, the signing key from --key or JWT_LENS_SIGNING_KEY. Never from argv: a
// command line is visible to every process on the machine and kept in shell history.
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { importKeyText, type ImportedKey } from '../core/keys/importKey';
import type { SigningKey } from '../core/sign/sign';
import type { VerificationKey } from '../core/judge/verify';
import { CliError, ioError } from './cliError';

export const KEYS_VARIABLE = 'JWT_LENS_KEYS';
export const SIGNING_KEY_VARIABLE = 'JWT_LENS_SIGNING_KEY';

/** Key text and where it came from (a path or a variable's name): all a worker needs to import it again. */
export interface KeyText {
  readonly label: string;
  readonly text: string;
}

/** The key texts named by --keys and JWT_LENS_KEYS, read but not imported yet. */
export function readKeyTexts(paths: readonly string[], env: NodeJS.ProcessEnv, cwd: string): KeyText[] {
  const sources = paths.map((path) => ({ label: basename(path), text: readKeyFile(path, cwd) }));
  const fromEnv = env[KEYS_VARIABLE];
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    sources.push({ label: KEYS_VARIABLE, text: fromEnv });
  }
  return sources;
}

function readKeyFile(path: string, cwd: string): string {
  try {
    return readFileSync(resolve(cwd, path), 'utf8');
  } catch (error) {
    throw ioError(error, 'key file', path);
  }
}

async function importSource(source: KeyText): Promise<readonly ImportedKey[]> {
  const result = await importKeyText(source.text);
  if (!result.ok) {
    // The core's messages never quote the key text.
    throw new CliError(`Key ${source.label}: ${result.error.message}`);
  }
  return result.keys;
}

/** Each key labelled by its source, and by its kid or position where the source holds several. */
function keyLabel(source: KeyText, key: ImportedKey, index: number, count: number): string {
  if (key.kid !== undefined) {
    return `${source.label}#${key.kid}`;
  }
  return count > 1 ? `${source.label}[${index + 1}]` : source.label;
}

export async function verificationKeys(sources: readonly KeyText[]): Promise<VerificationKey[]> {
  const out: VerificationKey[] = [];
  for (const source of sources) {
    const keys = await importSource(source);
    keys.forEach((key, index) => {
      const label = keyLabel(source, key, index, keys.length);
      out.push({
        id: label,
        label,
        kid: key.kid,
        type: key.type,
        verifyKey: key.verifyMaterial,
        verifyAlgorithms: key.algorithms.verify,
        secretBytes: key.type === 'oct' ? (key.bits ?? 0) / 8 : undefined,
      });
    });
  }
  return out;
}

export interface CliSigningKey extends SigningKey {
  readonly kid?: string;
  /** `alg` a JWK carries. */
  readonly alg?: string;
}

/**
 * The signing key from --key (a file) or JWT_LENS_SIGNING_KEY; `wanted` (the claims file's
 * "$jwt.key", a kid) picks one from a JWKS of several.
 */
export async function signingKey(path: string | undefined, env: NodeJS.ProcessEnv, cwd: string, wanted?: string): Promise<CliSigningKey> {
  const fromEnv = env[SIGNING_KEY_VARIABLE];
  let source: KeyText;
  if (path !== undefined) {
    source = { label: basename(path), text: readKeyFile(path, cwd) };
  } else if (fromEnv !== undefined && fromEnv.trim() !== '') {
    source = { label: SIGNING_KEY_VARIABLE, text: fromEnv };
  } else {
    throw new CliError(`No signing key: pass --key <file> or set ${SIGNING_KEY_VARIABLE} (never the key itself on the command line).`);
  }
  const keys = await importSource(source);
  const signers = keys.filter((key) => key.isPrivate);
  if (signers.length === 0) {
    throw new CliError(`Key ${source.label} is public-only: it can verify but not sign.`);
  }
  const chosen = signers.length === 1 ? signers[0] : signers.find((key) => key.kid !== undefined && key.kid === wanted);
  if (!chosen) {
    const kids = signers.map((key) => key.kid ?? '(no kid)').join(', ');
    throw new CliError(`Key ${source.label} holds ${signers.length} signing keys (${kids}): name one with "$jwt.key" or --kid.`);
  }
  return { ...chosen, label: keyLabel(source, chosen, signers.indexOf(chosen), signers.length) };
}
