// The hover's Markdown: the answer first (expiry, signature), then the claims. Token content is
// untrusted: every piece of it is escaped or fenced so a claim can never inject Markdown, HTML or
// a command link.
import { knownSecretMessage } from '../judge/findings';
import { explainClaims, recogniseProvider } from './claimInfo';
import { capitalise, oneLine, safeJson, showInvisible } from '../text/display';
import { LINT_RULES } from '../judge/lint';
import { isoUtc, localTime, numericDate } from '../token/time';
import { decryptionKeyLabel, missingKid, signatureText, signatureTone, tokenKind, type Verdict } from '../judge/verdict';
import { bindingText } from '../judge/dpop';
import { X5C_NOT_TRUSTED } from '../judge/x5c';
import { relativeDuration } from '../token/time';
import { messageAddsToStatus, tokenKid } from '../judge/verify';

/** Command links the hover offers; built by the caller (they carry document coordinates). */
export interface HoverLinks {
  readonly openDecoded?: string;
  readonly copyPayload?: string;
  readonly copyHeader?: string;
  readonly verifyWith?: string;
  readonly resign?: string;
  /** "Edit Token": the claims opened as an editable claims file. */
  readonly editToken?: string;
  /** "Add Key for kid X", where the verdict is "no key for kid X". */
  readonly addKey?: string;
  /** "Copy Signed URL", for Mux and FastPix playback tokens. */
  readonly copySignedUrl?: string;
  /** "Trust <iss> and fetch its keys?", for a token whose https issuer is not trusted: opens the confirmation. */
  readonly trustIssuer?: { readonly issuer: string; readonly link: string };
}

const MARKDOWN_SPECIAL = /[\\`*_{}[\]()#+\-.!|<>~&$:"']/g;

/** Escapes text for Markdown so it renders literally (no links, emphasis, HTML or icons). */
export function escapeMarkdown(text: string): string {
  return text.replace(MARKDOWN_SPECIAL, (char) => (char === '<' ? '&lt;' : char === '>' ? '&gt;' : char === '&' ? '&amp;' : `\\${char}`));
}

function longestBacktickRun(text: string): number {
  return Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
}

/** A fenced block that the content cannot close: the fence is longer than any backtick run in it. */
export function fenced(content: string, language = ''): string {
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(content) + 1));
  return `${fence}${language}\n${content}\n${fence}`;
}

/**
 * Inline code that shows the text as it is: backslash escapes are literal inside code spans. Line
 * breaks and other invisibles show as `\uXXXX`: a blank line would end the span, and what follows
 * would render as Markdown (links, images).
 */
export function inlineCode(raw: string): string {
  const text = showInvisible(raw);
  const longest = longestBacktickRun(text);
  const fence = '`'.repeat(longest + 1);
  return `${fence}${longest ? ' ' : ''}${text}${longest ? ' ' : ''}${fence}`;
}

/** Folds a long JSON text to its first lines. */
function fold(json: string, maxLines: number): string {
  const lines = json.split('\n');
  return lines.length <= maxLines
    ? json
    : `${lines.slice(0, maxLines).join('\n')}\n… ${lines.length - maxLines} more lines (Open Decoded shows all)`;
}

export interface RenderOptions {
  readonly now: number;
  readonly maxJsonLines?: number;
  readonly timeZone?: string;
  /**
   * The lints are diagnostics too (their setting is not off): VS Code shows each diagnostic's text in
   * the same hover, so the checks are listed by id only instead of repeating it.
   */
  readonly lintsInProblems?: boolean;
}

/** The hover's Markdown. Never throws: a token that cannot be rendered says so in its own hover. */
export function renderHover(verdict: Verdict, links: HoverLinks, options: RenderOptions): string {
  try {
    return renderHoverUnguarded(verdict, links, options);
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'unknown error';
    return `**JWT Lens** · ✗ this token could not be shown: ${escapeMarkdown(oneLine(reason, 120))}`;
  }
}

function renderHoverUnguarded(verdict: Verdict, links: HoverLinks, options: RenderOptions): string {
  const { decoded: token } = verdict;
  const out: string[] = [];
  const maxLines = options.maxJsonLines ?? 40;
  if (!token.header) {
    out.push(`**JWT Lens** · ✗ not a valid token`, '', escapeMarkdown(oneLine(token.error?.message ?? '')));
    return out.join('\n');
  }
  const header = token.header;
  // Values outside code blocks are one line with invisibles shown: a newline in a kid could
  // otherwise start a forged heading above the real verdict.
  const alg = escapeMarkdown(oneLine(String(header.alg), 40));
  const summary: string[] = [`**${tokenKind(verdict)} ${alg}**`];
  if (typeof header.typ === 'string') {
    summary.push(`typ ${escapeMarkdown(oneLine(header.typ, 40))}`);
  }
  const kid = tokenKid(token);
  if (kid !== undefined) {
    summary.push(`kid ${escapeMarkdown(oneLine(kid, 80))}`);
  }
  const provider = token.payload && recogniseProvider(token.payload, header);
  if (provider) {
    summary.push(provider.title);
  }
  out.push(summary.join(' · '));
  out.push('');
  if (verdict.unjudged !== undefined) {
    out.push(`$(error) Could not be judged: ${escapeMarkdown(verdict.unjudged)}  `);
  }
  if ((token.kind !== 'jwe' || verdict.nested) && !token.error && verdict.unjudged === undefined) {
    const exp = numericDate(token.payload, 'exp');
    const icon =
      verdict.time.state === 'expired'
        ? '$(error)'
        : verdict.time.state === 'not-yet-valid'
          ? '$(clock)'
          : verdict.time.state === 'no-expiry'
            ? '$(warning)'
            : verdict.time.state === 'no-claims'
              ? '$(info)'
              : '$(pass)';
    const when = exp !== undefined ? ` — ${expiryMoment(exp, options.timeZone)}` : '';
    out.push(`${icon} ${capitalise(verdict.time.summary)}${when}  `);
  }
  out.push(`${signatureIcon(verdict)} ${escapeMarkdown(signatureLine(verdict.signature))}`);
  if (verdict.signature?.knownSecret) {
    out.push('', `$(error) ${escapeMarkdown(knownSecretMessage(verdict.signature.knownSecret))}`);
  }
  out.push(...formatStatusLines(verdict, options.now));
  if (token.error) {
    out.push('', `$(error) ${escapeMarkdown(oneLine(token.error.message))}`);
  }

  const absentKid = missingKid(verdict);
  const actions = [
    links.addKey && absentKid !== undefined && `[Add Key for kid ${escapeMarkdown(oneLine(absentKid, 40))}](${links.addKey})`,
    links.trustIssuer && `[Trust ${escapeMarkdown(oneLine(links.trustIssuer.issuer, 80))} and fetch its keys?](${links.trustIssuer.link})`,
    links.openDecoded && `[Open Decoded](${links.openDecoded})`,
    links.copyPayload && `[Copy Payload](${links.copyPayload})`,
    links.copyHeader && `[Copy Header](${links.copyHeader})`,
    links.verifyWith && `[Verify with…](${links.verifyWith})`,
    links.resign && `[Re-sign](${links.resign})`,
    links.editToken && `[Edit Token](${links.editToken})`,
    links.copySignedUrl && `[Copy Signed URL](${links.copySignedUrl})`,
  ].filter(Boolean);
  if (actions.length) {
    out.push('', actions.join(' · '));
  }

  if (verdict.lints.length && options.lintsInProblems) {
    const ids = verdict.lints.map((lint) => `[${lint.id}](${LINT_RULES[lint.id].spec})`);
    out.push('', `${lintIcon(verdict.lints)} Checks: ${ids.join(' · ')} (in Problems)`);
  } else if (verdict.lints.length) {
    out.push('', '---', '');
    for (const lint of verdict.lints) {
      out.push(`${lintIcon([lint])} ${escapeMarkdown(oneLine(lint.message))} _${escapeMarkdown(LINT_RULES[lint.id].explanation)}_  `);
    }
  }

  // Problems reports the outer token's checks only: the inner token's are spelled out here.
  const innerOptions = { ...options, lintsInProblems: false };
  out.push(...formatSections(verdict, maxLines), ...chainSection(verdict, options.now));
  // The claims explained come before the raw JSON: what they mean is the answer, the JSON the detail.
  // An SD-JWT's are the claims a verifier sees, its disclosures opened.
  const claims = verdict.sdJwt?.claims ?? token.payload;
  const explained = claims ? explainClaims(claims, header, options.now) : [];
  if (explained.length) {
    out.push('', '---', '', '**Claims**', '');
    for (const row of explained) {
      const meaning = row.info ? ` — ${escapeMarkdown(row.prefix + row.info.description)} [spec](${row.info.spec})` : '';
      out.push(`- ${inlineCode(oneLine(row.name, 40))} ${escapeMarkdown(row.shown)}${meaning}`);
    }
  }
  out.push('', '---', '', '**Header**', '', fenced(fold(safeJson(header, 2), maxLines), 'json'));
  if (token.kind === 'jwe' && verdict.nested) {
    const key = decryptionKeyLabel(verdict.signature);
    out.push(
      '',
      '---',
      '',
      `**Decrypted payload** (with ${escapeMarkdown(oneLine(key, 60))}):`,
      '',
      renderHoverUnguarded(verdict.nested, {}, innerOptions),
    );
  } else if (token.kind === 'jwe') {
    out.push('', "The payload is encrypted; it needs the recipient's decryption key.");
  } else if (token.payload) {
    const title = verdict.sdJwt ? '**Issuer-signed payload** (digests, before disclosure)' : '**Payload**';
    out.push('', title, '', fenced(fold(safeJson(token.payload, 2), maxLines), 'json'));
  } else if (verdict.nested) {
    // The inner token's own hover, below the outer one: its status first, then its claims.
    out.push(
      '',
      '---',
      '',
      `**Nested token** (cty "JWT"), signed inside the outer one:`,
      '',
      renderHoverUnguarded(verdict.nested, {}, innerOptions),
    );
  } else if (token.payloadText !== undefined) {
    out.push(
      '',
      token.notJwt !== undefined ? '**Payload (text)**' : '**Payload (not JSON)**',
      '',
      fenced(fold(token.payloadText.split('\n').map(showInvisible).join('\n'), maxLines)),
    );
  }
  return out.join('\n');
}

/**
 * The signature's status words, then its message where that says more. A message that opens with
 * the words' own lead ("unsigned" / "Unsigned (…)", "issuer mismatch: …" / "Issuer mismatch: …") is
 * the same statement at length: it stands alone.
 */
function signatureLine(signature: Verdict['signature']): string {
  const words = signatureText(signature, { symbol: false });
  if (!messageAddsToStatus(signature)) {
    return words;
  }
  const message = oneLine(signature.message);
  const lead = words.split(':')[0].trim().toLowerCase();
  return lead && message.toLowerCase().startsWith(lead) ? message : `${words} — ${message}`;
}

/** The moment in UTC, and in the local time zone only where its clock reads differently. */
function expiryMoment(exp: number, timeZone: string | undefined): string {
  const local = localTime(exp, timeZone);
  const sameClock = local.slice(0, 19) === localTime(exp, 'UTC').slice(0, 19);
  return sameClock ? isoUtc(exp) : `${isoUtc(exp)} (${escapeMarkdown(local)})`;
}

/** Under the signature: an SD-JWT's Key Binding JWT, a DPoP proof's key and the access token beside it. */
function formatStatusLines(verdict: Verdict, now: number): string[] {
  const lines: string[] = [];
  const keyBinding = verdict.sdJwt?.keyBinding;
  if (keyBinding) {
    const signature = keyBinding.signature;
    const icon = signature?.status === 'valid' && keyBinding.sdHash === 'match' ? '$(key)' : signature ? '$(error)' : '$(question)';
    const parts = [
      signature ? escapeMarkdown(oneLine(signature.message)) : 'not checked yet',
      {
        match: 'sd\\_hash covers this presentation',
        mismatch: 'sd\\_hash does not match this presentation',
        missing: 'no sd\\_hash',
        unchecked: 'sd\\_hash not checked',
      }[keyBinding.sdHash],
    ];
    if (keyBinding.aud !== undefined) {
      parts.push(`aud ${inlineCode(oneLine(String(keyBinding.aud), 80))}`);
    }
    if (keyBinding.nonce !== undefined) {
      parts.push(`nonce ${inlineCode(oneLine(String(keyBinding.nonce), 60))}`);
    }
    if (typeof keyBinding.iat === 'number') {
      parts.push(`signed ${escapeMarkdown(relativeDuration(keyBinding.iat - now))}`);
    }
    lines.push(`${icon} Key Binding JWT: ${parts.join(' · ')}  `);
  } else if (verdict.sdJwt) {
    lines.push('$(info) No Key Binding JWT: anyone holding this SD-JWT can present it.  ');
  }
  if (verdict.dpop) {
    lines.push(`$(info) A DPoP proof is checked with its own key: it proves possession of that key, not that anyone you trust sent it.  `);
    if (verdict.dpop.accessToken) {
      const ok = verdict.dpop.accessToken.ath === 'match' && verdict.dpop.accessToken.jkt !== 'mismatch';
      lines.push(`${ok ? '$(link)' : '$(error)'} ${escapeMarkdown(bindingText(verdict.dpop.accessToken))}  `);
    }
  }
  return lines;
}

/** An SD-JWT's disclosures and the claims a verifier sees; a DPoP proof's request. */
function formatSections(verdict: Verdict, maxLines: number): string[] {
  const out: string[] = [];
  const sd = verdict.sdJwt;
  if (sd) {
    const opened = sd.disclosures.filter((check) => check.path !== undefined).length;
    out.push('', '---', '', `**Disclosures** (${opened} opened; ${sd.hidden} ${sd.hidden === 1 ? 'digest' : 'digests'} not disclosed)`, '');
    if (sd.disclosures.length === 0) {
      out.push('None: only the always-visible claims are shown.');
    }
    sd.disclosures.slice(0, MAX_LISTED_DISCLOSURES).forEach(({ disclosure, path }, index) => {
      const value = disclosure.error === undefined ? inlineCode(oneLine(safeJson(disclosure.value), 80)) : '';
      if (disclosure.error !== undefined) {
        out.push(`- ${index + 1} ✗ not a disclosure: ${escapeMarkdown(oneLine(disclosure.error, 120))}`);
      } else if (path === undefined) {
        const name = disclosure.name === undefined ? 'array element' : inlineCode(oneLine(disclosure.name, 40));
        out.push(`- ${index + 1} ✗ ${name} = ${value} — matches no digest here`);
      } else {
        out.push(`- ${index + 1} ${inlineCode(oneLine(path, 60))} = ${value}`);
      }
    });
    if (sd.disclosures.length > MAX_LISTED_DISCLOSURES) {
      out.push(`- … ${sd.disclosures.length - MAX_LISTED_DISCLOSURES} more (Open Decoded shows all)`);
    }
    out.push('', '**Claims a verifier sees**', '', fenced(fold(safeJson(sd.claims, 2), maxLines), 'json'));
  }
  const dpop = verdict.dpop;
  if (dpop) {
    const value = (raw: unknown) => (raw === undefined ? 'none' : inlineCode(oneLine(typeof raw === 'string' ? raw : safeJson(raw), 100)));
    out.push(
      '',
      '---',
      '',
      '**DPoP proof**',
      '',
      `- request: ${value(dpop.htm)} ${value(dpop.htu)}`,
      `- jti: ${value(dpop.jti)}`,
      `- key thumbprint (what an access token's cnf.jkt names): ${value(dpop.thumbprint)}`,
    );
  }
  return out;
}

/** The header's x5c chain, leaf first: who each certificate names and for how long. */
function chainSection(verdict: Verdict, now: number): string[] {
  const chain = verdict.x5c;
  if (!chain) {
    return [];
  }
  const out = ['', '---', '', `**Certificate chain (x5c)** — ${escapeMarkdown(X5C_NOT_TRUSTED)}`, ''];
  chain.certificates.forEach((certificate, index) => {
    const role = index === 0 ? 'leaf' : `${index + 1}`;
    if (!certificate) {
      out.push(`- ${role}: ✗ not a readable certificate`);
      return;
    }
    const validity =
      certificate.notAfter < now
        ? `$(error) expired ${escapeMarkdown(relativeDuration(certificate.notAfter - now))}`
        : certificate.notBefore > now
          ? `$(clock) not valid until ${escapeMarkdown(relativeDuration(certificate.notBefore - now))}`
          : `valid until ${escapeMarkdown(isoUtc(certificate.notAfter))}`;
    const names = certificate.altNames.length ? ` · ${inlineCode(oneLine(certificate.altNames.join(', '), 120))}` : '';
    out.push(
      `- ${role}: ${inlineCode(oneLine(certificate.subject, 100))}, issued by ${inlineCode(oneLine(certificate.issuer, 100))} · ${validity}${names} · SHA-256 ${inlineCode(certificate.thumbprint)}`,
    );
  });
  if (chain.more > 0) {
    out.push(`- … ${chain.more} more not read`);
  }
  return out;
}

/** Disclosures listed in a hover; the decoded view lists them all. */
const MAX_LISTED_DISCLOSURES = 30;

/** The icon of the most severe finding. */
function lintIcon(lints: Verdict['lints']): string {
  return lints.some((lint) => lint.severity === 'error')
    ? '$(error)'
    : lints.some((lint) => lint.severity === 'warning')
      ? '$(warning)'
      : '$(info)';
}

function signatureIcon(verdict: Verdict): string {
  switch (verdict.signature?.status) {
    case 'valid':
      return '$(verified)';
    case 'invalid-signature':
    case 'alg-not-allowed':
    case 'malformed':
    case 'rejected':
      return '$(error)';
    case 'unsigned':
      return '$(warning)';
    case 'encrypted':
      return '$(lock)';
    case 'decrypted':
      return signatureTone(verdict.signature) === 'bad' ? '$(warning)' : '$(unlock)';
    default:
      return '$(question)';
  }
}
