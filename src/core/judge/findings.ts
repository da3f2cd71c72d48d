// What is wrong with a judged token, as findings at the levels the settings give: the Problems
// entries of the extension and the results of `jwt-lens scan` are both these. Each finding's code
// is stable and links to the section of the RFC that explains it.
import { LINT_RULES, rfcLink, type LintId } from './lint';
import type { DiagnosticLevel, DiagnosticLevels } from './judgingSettings';
import { liveness, livenessMessage } from './live';
import type { Verdict } from './verdict';
import type { KnownSecret } from '../keys/knownSecretList';

export type FindingLevel = Exclude<DiagnosticLevel, 'off'>;

export type StatusCode =
  'live-token' | 'not-judged' | 'expired' | 'not-yet-valid' | 'invalid-signature' | 'alg-not-allowed' | 'rejected' | 'unsigned';
/** The token was signed with a publicly known HMAC secret (core/judge/knownSecrets.ts). */
export type KnownSecretCode = 'known-secret';
export type FindingCode = StatusCode | KnownSecretCode | LintId;

export interface TokenFinding {
  readonly code: FindingCode;
  readonly level: FindingLevel;
  /** One line for people; never holds key material. */
  readonly message: string;
  /** The section that explains it. */
  readonly spec: string;
}

export interface FindingRule {
  /** What the finding means, in general (the SARIF rule's description). */
  readonly description: string;
  readonly spec: string;
}

/** Every code a finding can have, with its general meaning and link. */
export const FINDING_RULES: Readonly<Record<FindingCode, FindingRule>> = {
  'live-token': {
    description:
      'The token is usable now: signed and not expired. A bearer token works for whoever reads it until "exp": revoke it, then remove it.',
    spec: rfcLink(6750, '5.3'),
  },
  'not-judged': { description: 'The token could not be judged.', spec: rfcLink(7519, '7.2') },
  expired: { description: 'The token is expired ("exp" is past).', spec: rfcLink(7519, '4.1.4') },
  'not-yet-valid': { description: 'The token is not valid yet ("nbf" or "iat" is in the future).', spec: rfcLink(7519, '4.1.5') },
  'invalid-signature': { description: 'The signature does not verify with the given keys.', spec: rfcLink(8725, '3.1') },
  'alg-not-allowed': { description: "The token's algorithm is not one its key allows (algorithm confusion).", spec: rfcLink(8725, '3.1') },
  rejected: { description: 'The header\'s "crit" makes the token unacceptable.', spec: rfcLink(7515, '4.1.11') },
  unsigned: {
    description: 'The token is unsigned ("alg": "none", or claims a JWE carries bare, encrypted to a public key anyone can use).',
    spec: rfcLink(8725, '3.2'),
  },
  'known-secret': {
    description: 'Anyone can forge this: the token is signed with a publicly known HMAC secret.',
    spec: rfcLink(8725, '3.5'),
  },
  ...(Object.fromEntries(Object.values(LINT_RULES).map((rule) => [rule.id, { description: rule.explanation, spec: rule.spec }])) as Record<
    LintId,
    FindingRule
  >),
};

// Lints that repeat a status finding are left out ("alg": "none" has no lint: "unsigned" says it).
const COVERED_BY_STATUS: readonly LintId[] = ['future-nbf'];
const LINT_LEVEL: Record<string, FindingLevel> = { error: 'error', warning: 'warning', info: 'information' };

/** The findings for one verdict; a kind whose level is 'off' gives none. */
export function tokenFindings(verdict: Verdict, levels: DiagnosticLevels): TokenFinding[] {
  const out: TokenFinding[] = [];
  const add = (level: DiagnosticLevel, message: string, code: FindingCode, spec: string = FINDING_RULES[code].spec) => {
    if (level !== 'off') {
      out.push({ code, level, message, spec });
    }
  };
  const { time, signature: verify } = verdict;
  // First: of everything wrong with a token in a file, a credential anyone can use matters most.
  const live = levels.liveToken === 'off' ? undefined : liveness(verdict);
  if (live) {
    add(levels.liveToken, livenessMessage(live), 'live-token');
  }
  if (verdict.unjudged !== undefined) {
    add('error', `JWT could not be judged: ${verdict.unjudged}`, 'not-judged');
  }
  if (time.state === 'expired' && verdict.dpop) {
    add(levels.expired, `DPoP proof ${time.summary}: servers accept a proof only briefly after its iat.`, 'dpop-stale-iat');
  } else if (time.state === 'expired') {
    add(levels.expired, `JWT ${time.summary}.`, 'expired');
  }
  if (time.state === 'not-yet-valid') {
    add(
      levels.notYetValid,
      `JWT ${time.summary} ("${time.claim}").`,
      'not-yet-valid',
      rfcLink(7519, time.claim === 'iat' ? '4.1.6' : '4.1.5'),
    );
  }
  const addSignature = (result: Verdict['signature'], prefix: string) => {
    if (result?.status === 'invalid-signature' || result?.status === 'alg-not-allowed' || result?.status === 'rejected') {
      add(levels.badSignature, prefix + result.message, result.status);
    }
    if (result?.status === 'unsigned') {
      add(levels.unsigned, prefix + result.message, 'unsigned');
    }
    if (result?.knownSecret) {
      add('error', prefix + knownSecretMessage(result.knownSecret), 'known-secret');
    }
  };
  addSignature(verify, '');
  // A nested or decrypted token's own signature: an inner "alg": "none" or forgery is the token's
  // problem too (anyone with the recipient's public key can encrypt one), and so are bare claims
  // encrypted to a public key (their message says so).
  for (let inner = verdict.nested; inner; inner = inner.nested) {
    addSignature(inner.signature, inner.decoded.parts.length > 0 ? 'Inner token: ' : '');
  }
  for (const lint of verdict.lints) {
    if (COVERED_BY_STATUS.includes(lint.id)) {
      continue;
    }
    const level = levels.lints === 'default' ? LINT_LEVEL[lint.severity] : levels.lints;
    add(level, `${lint.message} ${LINT_RULES[lint.id].explanation}`, lint.id);
  }
  return out;
}

/** Which entry of the list, never the secret itself, and never the token. */
export function knownSecretMessage(known: KnownSecret): string {
  return `Anyone can forge this: signed with a publicly known secret (entry ${known.entry} of JWT Lens's known-secrets list, from ${known.source}). Sign with a new random secret.`;
}
