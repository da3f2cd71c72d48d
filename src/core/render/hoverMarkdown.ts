// The hover's Markdown: the answer first (expiry, signature), then the claims. Token content is
// untrusted: every piece of it is escaped or fenced so a claim can never inject Markdown, HTML or
// a command link.
import { knownSecretMessage } from '../judge/findings';
import { explainClaims, recogniseProvider } from './claimInfo';
import { capitalise, oneLine, safeJson, showInvisible } from '../text/display';
import { LINT_RULES } from '../judge/lint';
import { isoUtc, localTime, numericDate } from '../token/time';
import { decryptionKeyLabel, missingKid, signatureText, signatureTone, type Verdict } from '../judge/verdict';
import { messageAddsToStatus, tokenKid } from '../judge/verify';

/** Command links the hover offers; built by the caller (they carry document coordinates). */
export interface HoverLinks {
  readonly openDecoded?: string;
  readonly copyPayload?: string;
  readonly copyHeader?: string;
  readonly verifyWith?: string;
  readonly resign?: string;
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
  const { token } = verdict;
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
  const summary: string[] = [`**${token.kind === 'jwe' ? 'JWE' : token.notJwt !== undefined ? 'JWS' : 'JWT'} ${alg}**`];
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
    const when = exp !== undefined ? ` — ${isoUtc(exp)} (${escapeMarkdown(localTime(exp, options.timeZone))})` : '';
    out.push(`${icon} ${capitalise(verdict.time.summary)}${when}  `);
  }
  out.push(
    `${signatureIcon(verdict)} ${escapeMarkdown(signatureText(verdict.verify, { symbol: false }))}${messageAddsToStatus(verdict.verify) ? ` — ${escapeMarkdown(oneLine(verdict.verify.message))}` : ''}`,
  );
  if (verdict.verify?.knownSecret) {
    out.push('', `$(error) ${escapeMarkdown(knownSecretMessage(verdict.verify.knownSecret))}`);
  }
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
  // The claims explained come before the raw JSON: what they mean is the answer, the JSON the detail.
  const explained = token.payload ? explainClaims(token.payload, header, options.now) : [];
  if (explained.length) {
    out.push('', '---', '', '**Claims**', '');
    for (const row of explained) {
      const meaning = row.info ? ` — ${escapeMarkdown(row.prefix + row.info.description)} [spec](${row.info.spec})` : '';
      out.push(`- ${inlineCode(oneLine(row.name, 40))} ${escapeMarkdown(row.shown)}${meaning}`);
    }
  }
  out.push('', '---', '', '**Header**', '', fenced(fold(safeJson(header, 2), maxLines), 'json'));
  if (token.kind === 'jwe' && verdict.nested) {
    const key = decryptionKeyLabel(verdict.verify);
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
    out.push('', '**Payload**', '', fenced(fold(safeJson(token.payload, 2), maxLines), 'json'));
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

/** The icon of the most severe finding. */
function lintIcon(lints: Verdict['lints']): string {
  return lints.some((lint) => lint.severity === 'error')
    ? '$(error)'
    : lints.some((lint) => lint.severity === 'warning')
      ? '$(warning)'
      : '$(info)';
}

function signatureIcon(verdict: Verdict): string {
  switch (verdict.verify?.status) {
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
      return signatureTone(verdict.verify) === 'bad' ? '$(warning)' : '$(unlock)';
    default:
      return '$(question)';
  }
}
