// SD-JWT presentations judged as a verifier processes them (RFC 9901 §7): each disclosure's digest
// recomputed with _sd_alg and matched to an "_sd" or "..." entry, the claims the verifier ends up
// with (and which disclosure gave each), and the Key Binding JWT: its signature with the holder key
// in cnf, its sd_hash over this very presentation, its iat, aud and nonce. The issuer-signed JWT's
// own signature is judged as any JWT's, by the stored keys and trusted issuers.
import type { DecodedToken, JsonObject } from '../token/decode';
import { isJsonObject } from '../token/decode';
import type { Disclosure } from '../token/sdJwt';
import { describeValue, oneLine } from '../text/display';
import { sha256Text } from '../text/sha256';
import { humanDuration } from '../token/time';
import { holderKeyProblem, verifyWithHolderKey } from './holderKey';
import { unsupportedHere } from './signatureCheck';
import { LINT_RULES, type LintFinding, type LintId } from './lint';
import type { SignatureCheck } from './verify';

export interface DisclosureCheck {
  readonly disclosure: Disclosure;
  /** Its base64url digest under _sd_alg; undefined when that algorithm is not one checked here. */
  readonly digest?: string;
  /** Where a verifier puts it ("address.street_address", "nationalities[0]"); undefined when no digest names it. */
  readonly path?: string;
}

export interface KeyBindingVerdict {
  readonly token: DecodedToken;
  /** Its signature checked with the holder key in cnf.jwk; undefined while not checked yet. */
  readonly signature?: SignatureCheck;
  /** sd_hash against the digest of this presentation's issuer-signed JWT and disclosures. */
  readonly sdHash: 'match' | 'mismatch' | 'missing' | 'unchecked';
  readonly iat?: unknown;
  readonly aud?: unknown;
  readonly nonce?: unknown;
}

export interface SdJwtVerdict {
  /** _sd_alg, or its default sha-256. */
  readonly hashAlg: string;
  readonly disclosures: readonly DisclosureCheck[];
  /** The payload as a verifier processes it (RFC 9901 §7.1): disclosed claims in, digests and _sd_alg out. */
  readonly claims: JsonObject;
  /** Digests no disclosure opens: claims not disclosed, or decoys. */
  readonly hidden: number;
  readonly keyBinding?: KeyBindingVerdict;
}

/** Hash functions by _sd_alg name (IANA "Named Information Hash Algorithm" registry). */
const DIGESTS: Partial<Record<string, (text: string) => string>> = { 'sha-256': sha256Text };

/** Nesting followed at most: a hostile payload or disclosure stays cheap. */
const MAX_DEPTH = 64;

/** The Key Binding JWT's signature, checked with the holder key the issuer-signed JWT names in cnf.jwk (RFC 7800 §3.2). */
export async function verifyKeyBinding(decoded: DecodedToken, keyBinding: DecodedToken): Promise<SignatureCheck> {
  const alg = String(keyBinding.header?.alg);
  const cnf = decoded.payload?.cnf;
  const jwk = isJsonObject(cnf) ? cnf.jwk : undefined;
  if (jwk === undefined) {
    const other = isJsonObject(cnf) ? Object.keys(cnf).find((name) => name !== 'jwk') : undefined;
    return {
      status: 'no-key',
      alg,
      words: 'no holder key (cnf.jwk)',
      message: other
        ? `The issuer-signed JWT names the holder key by cnf.${oneLine(other, 20)}; JWT Lens checks a key given in cnf.jwk.`
        : 'The issuer-signed JWT has no cnf.jwk: there is no holder key to check the Key Binding JWT with.',
    };
  }
  const unsupported = await unsupportedHere(alg);
  if (unsupported) {
    return unsupported;
  }
  const problem = holderKeyProblem(jwk, alg, 'The holder key in cnf.jwk');
  if (problem) {
    return { status: 'rejected', alg, words: 'rejected: unusable holder key', message: `Rejected: ${problem}` };
  }
  const signature = await verifyWithHolderKey(keyBinding.text, jwk as JsonObject, alg);
  if (signature === 'valid') {
    return { status: 'valid', alg, words: 'signed with the holder key (cnf.jwk)', message: 'Signed with the holder key in cnf.jwk.' };
  }
  if (signature === 'invalid') {
    return {
      status: 'invalid-signature',
      alg,
      message: 'Invalid signature: the Key Binding JWT does not verify with the holder key in cnf.jwk.',
    };
  }
  return {
    status: 'rejected',
    alg,
    words: 'rejected: unusable holder key',
    message: `Rejected: cnf.jwk is not a usable ${alg} public key.`,
  };
}

interface SdJwtJudgeOptions {
  readonly now: number;
  readonly toleranceSeconds?: number;
}

/** An SD-JWT presentation processed as a verifier does, with what is wrong with it as lints. */
export function judgeSdJwt(
  decoded: DecodedToken,
  keyBindingSignature: SignatureCheck | undefined,
  options: SdJwtJudgeOptions,
): { sdJwt: SdJwtVerdict; lints: LintFinding[] } | undefined {
  const presentation = decoded.sdJwt;
  if (!presentation) {
    return undefined;
  }
  let processed = PROCESSED.get(presentation);
  if (!processed) {
    processed = processDisclosures(decoded, presentation);
    PROCESSED.set(presentation, processed);
  }
  const lints = [...processed.lints];
  const add = (id: LintId, message: string) => lints.push({ id, severity: LINT_RULES[id].severity, message });
  const keyBinding =
    presentation.keyBinding && judgeKeyBinding(presentation.keyBinding, processed.sdHash, keyBindingSignature, options, add);
  return { sdJwt: { ...processed.sdJwt, keyBinding }, lints };
}

interface ProcessedPresentation {
  readonly sdJwt: Omit<SdJwtVerdict, 'keyBinding'>;
  readonly lints: readonly LintFinding[];
  /** The digest of what sd_hash covers; undefined without a Key Binding JWT or when _sd_alg is not checked here. */
  readonly sdHash?: string;
}

/**
 * Presentations processed already. A verdict is made again every second a document is shown (its
 * times change); the disclosures and their digests do not, so they are worked out once per decoded token.
 */
const PROCESSED = new WeakMap<object, ProcessedPresentation>();

function processDisclosures(decoded: DecodedToken, presentation: NonNullable<DecodedToken['sdJwt']>): ProcessedPresentation {
  const lints: LintFinding[] = [];
  const add = (id: LintId, message: string) => lints.push({ id, severity: LINT_RULES[id].severity, message });
  if (presentation.error) {
    add('sd-malformed', presentation.error);
  }
  const payload = decoded.payload ?? {};
  const declared = payload._sd_alg;
  const hashAlg = typeof declared === 'string' ? declared : 'sha-256';
  const digestOf = DIGESTS[hashAlg];
  if (declared !== undefined && typeof declared !== 'string') {
    add('sd-malformed', `"_sd_alg" is ${describeValue(declared)}, not a hash algorithm name.`);
  } else if (!digestOf) {
    add('sd-malformed', `"_sd_alg" is ${describeValue(hashAlg)}: JWT Lens checks sha-256 digests only, so these were not checked.`);
  }

  const checks: { disclosure: Disclosure; digest?: string; path?: string }[] = presentation.disclosures.map((disclosure) => ({
    disclosure,
    digest: digestOf?.(disclosure.text),
  }));
  const byDigest = new Map<string, number>();
  checks.forEach((check, index) => {
    if (check.disclosure.error) {
      add('sd-malformed', `Disclosure ${index + 1} is not a disclosure: ${check.disclosure.error}`);
      return;
    }
    if (check.digest === undefined) {
      return;
    }
    const first = byDigest.get(check.digest);
    if (first !== undefined) {
      add('sd-repeated-digest', `Disclosure ${index + 1} repeats disclosure ${first + 1}: a holder sends each disclosure once.`);
      return;
    }
    byDigest.set(check.digest, index);
  });

  const seen = new Set<string>();
  /** Disclosures a digest in the payload names, wherever it stands. */
  const named = new Set<number>();
  let hidden = 0;
  /** The disclosure a digest in the payload names, once: a digest met again is a finding. */
  const take = (digest: string): number | undefined => {
    if (seen.has(digest)) {
      add('sd-repeated-digest', `The digest ${oneLine(digest, 16)} appears more than once in the token and its disclosures.`);
      return undefined;
    }
    seen.add(digest);
    const index = byDigest.get(digest);
    if (index === undefined) {
      hidden++;
    } else {
      named.add(index);
    }
    return index;
  };
  const label = (index: number) => {
    const name = checks[index].disclosure.name;
    return `Disclosure ${index + 1}${name !== undefined ? ` ("${oneLine(name, 40)}")` : ''}`;
  };

  const processValue = (value: unknown, path: string, depth: number): unknown => {
    if (depth > MAX_DEPTH || !digestOf) {
      return value;
    }
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      for (const element of value) {
        const digest = arrayElementDigest(element);
        if (digest === undefined) {
          out.push(processValue(element, `${path}[${out.length}]`, depth + 1));
          continue;
        }
        const index = take(digest);
        if (index === undefined) {
          continue;
        }
        const { disclosure } = checks[index];
        if (disclosure.name !== undefined) {
          add('sd-malformed', `${label(index)} is a claim, but its digest stands for an array element of ${pathText(path)}.`);
          continue;
        }
        const at = `${path}[${out.length}]`;
        checks[index].path = at;
        out.push(processValue(disclosure.value, at, depth + 1));
      }
      return out;
    }
    if (!isJsonObject(value)) {
      return value;
    }
    const out: JsonObject = {};
    for (const [name, member] of Object.entries(value)) {
      if (name === '_sd' || (depth === 0 && name === '_sd_alg')) {
        continue;
      }
      setMember(out, name, processValue(member, joinPath(path, name), depth + 1));
    }
    const digests = value._sd;
    if (digests === undefined) {
      return out;
    }
    if (!Array.isArray(digests)) {
      add('sd-malformed', `"_sd" in ${pathText(path)} is ${describeValue(digests)}, not a list of digests.`);
      return out;
    }
    for (const digest of digests) {
      if (typeof digest !== 'string') {
        add('sd-malformed', `"_sd" in ${pathText(path)} holds ${describeValue(digest)}, not a digest.`);
        continue;
      }
      const index = take(digest);
      if (index === undefined) {
        continue;
      }
      const { disclosure } = checks[index];
      if (disclosure.name === undefined) {
        add('sd-malformed', `${label(index)} is an array element, but its digest is in "_sd" of ${pathText(path)}.`);
        continue;
      }
      if (Object.prototype.hasOwnProperty.call(out, disclosure.name)) {
        add('sd-malformed', `${label(index)} sets a claim ${pathText(path)} has already.`);
        continue;
      }
      const at = joinPath(path, disclosure.name);
      checks[index].path = at;
      setMember(out, disclosure.name, processValue(disclosure.value, at, depth + 1));
    }
    return out;
  };
  const claims = processValue(payload, '', 0) as JsonObject;

  if (digestOf) {
    checks.forEach((check, index) => {
      if (!check.disclosure.error && !named.has(index) && byDigest.get(check.digest!) === index) {
        add('sd-unmatched-disclosure', `${label(index)} matches no digest in the token: a verifier rejects the presentation.`);
      }
    });
  }
  const sdHash = presentation.keyBinding ? digestOf?.(presentation.hashed) : undefined;
  return { sdJwt: { hashAlg, disclosures: checks, claims, hidden }, lints, sdHash };
}

function judgeKeyBinding(
  keyBinding: DecodedToken,
  presentationHash: string | undefined,
  signature: SignatureCheck | undefined,
  options: SdJwtJudgeOptions,
  add: (id: LintId, message: string) => void,
): KeyBindingVerdict {
  const payload = keyBinding.payload ?? {};
  if (!keyBinding.header || keyBinding.error) {
    add('kb-signature', `The Key Binding JWT is malformed: ${keyBinding.error?.message ?? 'it does not decode'}`);
  } else if (signature && signature.status !== 'valid') {
    add('kb-signature', `Key Binding JWT: ${signature.message}`);
  }
  const typ = keyBinding.header?.typ;
  if (keyBinding.header && typ !== 'kb+jwt') {
    add('kb-claims', `The Key Binding JWT's "typ" is ${typ === undefined ? 'missing' : describeValue(typ)}, not kb+jwt.`);
  }
  const missing = (['iat', 'aud', 'nonce', 'sd_hash'] as const).filter((name) => payload[name] === undefined);
  if (keyBinding.payload && missing.length > 0) {
    add('kb-claims', `The Key Binding JWT has no ${missing.map((name) => `"${name}"`).join(', ')}.`);
  }
  if (payload.aud !== undefined && typeof payload.aud !== 'string') {
    add('kb-claims', `The Key Binding JWT's "aud" is ${describeValue(payload.aud)}, not a single string.`);
  }
  if (payload.nonce !== undefined && typeof payload.nonce !== 'string') {
    add('kb-claims', `The Key Binding JWT's "nonce" is ${describeValue(payload.nonce)}, not a string.`);
  }
  const iat = payload.iat;
  if (typeof iat === 'number' && iat > options.now + (options.toleranceSeconds ?? 0)) {
    add('kb-claims', `The Key Binding JWT's "iat" is ${humanDuration(iat - options.now)} in the future.`);
  }
  let sdHash: KeyBindingVerdict['sdHash'] = 'unchecked';
  if (typeof payload.sd_hash !== 'string') {
    sdHash = 'missing';
  } else if (presentationHash !== undefined) {
    sdHash = payload.sd_hash === presentationHash ? 'match' : 'mismatch';
    if (sdHash === 'mismatch') {
      add('kb-sd-hash', 'The Key Binding JWT\'s "sd_hash" does not match this presentation: it was made for other disclosures.');
    }
  }
  return { token: keyBinding, signature, sdHash, iat: payload.iat, aud: payload.aud, nonce: payload.nonce };
}

/** The digest in an array element `{"...": "<digest>"}` (RFC 9901 §4.2.4.2), or undefined for any other element. */
function arrayElementDigest(element: unknown): string | undefined {
  if (!isJsonObject(element)) {
    return undefined;
  }
  const keys = Object.keys(element);
  return keys.length === 1 && keys[0] === '...' && typeof element['...'] === 'string' ? element['...'] : undefined;
}

/** Sets a member as data even where its name is "__proto__": a disclosure's claim name is untrusted. */
function setMember(target: JsonObject, name: string, value: unknown): void {
  Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
}

function joinPath(path: string, name: string): string {
  const shown = /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
  return path === '' ? shown : /^[A-Za-z_$]/.test(shown) ? `${path}.${shown}` : `${path}[${shown}]`;
}

function pathText(path: string): string {
  return path === '' ? 'the payload' : `"${oneLine(path, 60)}"`;
}
