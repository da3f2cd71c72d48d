// A JWS header's certificate chain (x5c, RFC 7515 §4.1.6), read for display: who it names, for how
// long, and whether its leaf has expired. JWT Lens never verifies with it: anyone can put any
// certificate in a token, so it is no trust source, and every surface says so.
import type { DecodedToken, JsonObject } from '../token/decode';
import { readX5c, type CertificateInfo } from '../text/x509';
import { oneLine } from '../text/display';
import { relativeDuration } from '../token/time';
import { LINT_RULES, type LintFinding } from './lint';

export interface X5cVerdict {
  /** Leaf first, as in the header; undefined for an entry that is not a readable certificate. */
  readonly certificates: readonly (CertificateInfo | undefined)[];
  /** The header lists more certificates than are read. */
  readonly more: number;
}

/** Headers read already: a verdict is made again every second, the certificates are parsed once. */
const READ = new WeakMap<JsonObject, (CertificateInfo | undefined)[] | undefined>();

export function judgeX5c(token: DecodedToken, now: number): { x5c: X5cVerdict; lints: LintFinding[] } | undefined {
  const header = token.header;
  if (!header || header.x5c === undefined) {
    return undefined;
  }
  if (!READ.has(header)) {
    READ.set(header, readX5c(header.x5c));
  }
  const certificates = READ.get(header);
  if (!certificates) {
    return undefined;
  }
  const lints: LintFinding[] = [];
  const leaf = certificates[0];
  const add = (message: string) => lints.push({ id: 'x5c-leaf-validity', severity: LINT_RULES['x5c-leaf-validity'].severity, message });
  if (leaf && leaf.notAfter < now) {
    add(`The x5c leaf certificate (${oneLine(leaf.subject, 60)}) expired ${relativeDuration(leaf.notAfter - now)}.`);
  } else if (leaf && leaf.notBefore > now) {
    add(`The x5c leaf certificate (${oneLine(leaf.subject, 60)}) is not valid until ${relativeDuration(leaf.notBefore - now)}.`);
  }
  const listed = Array.isArray(header.x5c) ? header.x5c.length : 0;
  return { x5c: { certificates, more: Math.max(0, listed - certificates.length) }, lints };
}

/** Said wherever the chain is shown. */
export const X5C_NOT_TRUSTED = 'Shown only: JWT Lens never verifies with a certificate the token carries, as anyone can put one there.';
