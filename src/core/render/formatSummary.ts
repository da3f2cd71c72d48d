// An SD-JWT's and a DPoP proof's judgement as plain JSON data (what the API, Decode Token and
// `jwt-lens decode --format json` return) and as text lines (what `jwt-lens decode` prints), so every
// surface reports them alike.
import type { JsonObject } from '../token/decode';
import { signatureText, type Verdict } from '../judge/verdict';
import type { VerifyStatus } from '../judge/verify';
import { bindingText, type DpopVerdict } from '../judge/dpop';
import { oneLine, safeJson } from '../text/display';
import { isoUtc } from '../token/time';
import { X5C_NOT_TRUSTED } from '../judge/x5c';

export interface DisclosureSummary {
  /** One-based, in presentation order. */
  readonly index: number;
  readonly salt?: string;
  /** The claim name; absent for an array element. */
  readonly name?: string;
  readonly value?: unknown;
  /** Base64url digest under _sd_alg. */
  readonly digest?: string;
  /** Where a verifier puts it ("address.locality", "nationalities[0]"); absent when no digest names it. */
  readonly path?: string;
  /** Why it is not a disclosure. */
  readonly error?: string;
}

export interface SdJwtSummary {
  readonly hashAlg: string;
  readonly disclosures: readonly DisclosureSummary[];
  /** The payload as a verifier processes it: disclosed claims in, digests out. */
  readonly claims: JsonObject;
  /** Digests no disclosure opens (claims not disclosed, or decoys). */
  readonly hidden: number;
  readonly keyBinding?: {
    readonly signature?: VerifyStatus;
    readonly message?: string;
    readonly sdHash: 'match' | 'mismatch' | 'missing' | 'unchecked';
    readonly iat?: unknown;
    readonly aud?: unknown;
    readonly nonce?: unknown;
  };
}

/** A DPoP proof as the API and Decode Token report it: the verdict's own fields, all plain data. */
export type DpopSummary = DpopVerdict;

export function sdJwtSummary(verdict: Verdict): SdJwtSummary | undefined {
  const sd = verdict.sdJwt;
  if (!sd) {
    return undefined;
  }
  const keyBinding = sd.keyBinding;
  return {
    hashAlg: sd.hashAlg,
    disclosures: sd.disclosures.map(({ disclosure, digest, path }, index) => ({
      index: index + 1,
      salt: disclosure.salt,
      name: disclosure.name,
      value: disclosure.value,
      digest,
      path,
      error: disclosure.error,
    })),
    claims: sd.claims,
    hidden: sd.hidden,
    keyBinding: keyBinding && {
      signature: keyBinding.signature?.status,
      message: keyBinding.signature?.message,
      sdHash: keyBinding.sdHash,
      iat: keyBinding.iat,
      aud: keyBinding.aud,
      nonce: keyBinding.nonce,
    },
  };
}

export function dpopSummary(verdict: Verdict): DpopSummary | undefined {
  return verdict.dpop && { ...verdict.dpop };
}

/** An SD-JWT's and a DPoP proof's judgement as plain text lines: what `jwt-lens decode` prints. */
export function formatTextLines(verdict: Verdict): string[] {
  const lines: string[] = [];
  const sd = verdict.sdJwt;
  if (sd) {
    const keyBinding = sd.keyBinding;
    lines.push(
      keyBinding
        ? `Key Binding JWT: ${signatureText(keyBinding.signature)} · sd_hash ${SD_HASH_WORDS[keyBinding.sdHash]}` +
            `${keyBinding.aud !== undefined ? ` · aud ${oneLine(String(keyBinding.aud), 80)}` : ''}` +
            `${keyBinding.nonce !== undefined ? ` · nonce ${oneLine(String(keyBinding.nonce), 60)}` : ''}`
        : 'No Key Binding JWT: anyone holding this SD-JWT can present it.',
    );
    const opened = sd.disclosures.filter((check) => check.path !== undefined).length;
    lines.push('', `Disclosures (${opened} opened; ${sd.hidden} not disclosed)`);
    sd.disclosures.forEach(({ disclosure, path }, index) => {
      const value = disclosure.error === undefined ? oneLine(safeJson(disclosure.value), 200) : '';
      const where =
        disclosure.error !== undefined
          ? `✗ not a disclosure: ${oneLine(disclosure.error, 80)}`
          : path === undefined
            ? `✗ ${disclosure.name === undefined ? 'array element' : oneLine(disclosure.name, 40)} = ${value}: matches no digest`
            : `${oneLine(path, 60)} = ${value}`;
      lines.push(`  ${String(index + 1).padStart(2)}  ${where}`);
    });
    lines.push('', 'Claims a verifier sees', safeJson(sd.claims, 2));
  }
  const dpop = verdict.dpop;
  if (dpop) {
    const value = (raw: unknown) => (raw === undefined ? 'none' : oneLine(typeof raw === 'string' ? raw : safeJson(raw), 100));
    lines.push(
      'Checked with its own "jwk" key: it proves possession of that key, not that anyone you trust sent it.',
      `Request: ${value(dpop.htm)} ${value(dpop.htu)} · jti ${value(dpop.jti)} · key thumbprint ${value(dpop.thumbprint)}`,
    );
    if (dpop.accessToken) {
      lines.push(bindingText(dpop.accessToken));
    }
  }
  if (verdict.x5c) {
    lines.push(`Certificate chain (x5c): ${X5C_NOT_TRUSTED}`);
    verdict.x5c.certificates.forEach((certificate, index) => {
      lines.push(
        certificate
          ? `  ${index === 0 ? 'leaf' : index + 1}: ${oneLine(certificate.subject, 100)}, issued by ${oneLine(certificate.issuer, 100)}, valid until ${isoUtc(certificate.notAfter)}` +
              `${certificate.altNames.length ? `, ${oneLine(certificate.altNames.join(', '), 120)}` : ''}, SHA-256 ${certificate.thumbprint}`
          : `  ${index === 0 ? 'leaf' : index + 1}: not a readable certificate`,
      );
    });
  }
  return lines;
}

const SD_HASH_WORDS = {
  match: 'covers this presentation',
  mismatch: 'does not match this presentation',
  missing: 'missing',
  unchecked: 'not checked',
};
