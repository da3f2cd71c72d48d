// The decoded view's HTML: token parts coloured, signature status, a table of time claims, lints,
// header and payload JSON. Colours come from the theme's CSS variables, so light, dark and
// high-contrast themes all read right. Everything from the token is HTML-escaped.
import { oneLine, safeJson, showInvisible } from '../text/display';
import { LINT_RULES } from '../judge/lint';
import { explainClaims, recogniseProvider } from './claimInfo';
import { isoUtc, relativeDuration } from '../token/time';
import { decryptionKeyLabel, signatureText, signatureTone, tokenKind, type Verdict } from '../judge/verdict';
import { bindingText } from '../judge/dpop';
import { X5C_NOT_TRUSTED } from '../judge/x5c';
import { messageAddsToStatus } from '../judge/verify';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);
}

export interface DecodedHtmlOptions {
  readonly now: number;
  /** media/decoded.css as the webview loads it (asWebviewUri). */
  readonly styleUri: string;
  readonly cspSource: string;
  /** Where the token is, shown as the view's subtitle. */
  readonly source?: string;
  /** Command links under the status ("Add Key for kid X", "Copy Signed URL"), built by the caller. */
  readonly actions?: readonly { readonly label: string; readonly href: string }[];
  /** The Mux/FastPix URL that carries this token, shown with it. */
  readonly signedUrl?: string;
}

/** The decoded view's page. Never throws: a token that cannot be rendered says so on the page. */
export function renderDecodedHtml(verdict: Verdict, options: DecodedHtmlOptions): string {
  try {
    return renderUnguarded(verdict, options);
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'unknown error';
    return (
      `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none';"><title>Decoded JWT</title></head>` +
      `<body><p>This token could not be shown: ${escapeHtml(oneLine(reason, 120))}</p></body></html>`
    );
  }
}

function renderUnguarded(verdict: Verdict, options: DecodedHtmlOptions): string {
  const { decoded: token } = verdict;
  const partClasses = token.kind === 'jwe' ? ['header', 'key', 'iv', 'cipher', 'tag'] : ['header', 'payload', 'signature'];
  const coloured =
    token.parts
      .map((part, index) => `<span class="part ${partClasses[index] ?? ''}">${escapeHtml(showInvisible(part))}</span>`)
      .join('<span class="dot">.</span>') + presentationTail(verdict);
  const state = verdict.time.state;
  // An SD-JWT's claims are explained as a verifier sees them, its disclosures opened.
  const explainedPayload = verdict.sdJwt?.claims ?? token.payload;
  const claims = explainedPayload ? explainClaims(explainedPayload, token.header, options.now) : [];
  const timeRows = claims
    .filter((row) => row.isTime)
    .map((row) => {
      const value = explainedPayload![row.name] as number;
      return `<tr><th>${escapeHtml(oneLine(row.name, 40))}</th><td>${value}</td><td>${escapeHtml(isoUtc(value))}</td><td>${escapeHtml(relativeDuration(value - options.now))}</td></tr>`;
    });
  const claimRows = claims
    .filter((row) => row.info)
    .map(
      (row) =>
        `<tr><th>${escapeHtml(oneLine(row.name, 40))}</th><td>${escapeHtml(showInvisible(row.shown))}</td><td>${escapeHtml(row.prefix + row.info!.description)} <a href="${escapeHtml(row.info!.spec)}">spec</a></td></tr>`,
    );
  const provider = token.payload && recogniseProvider(token.payload, token.header);
  const lints = verdict.lints.map(
    (lint) =>
      `<li class="${lint.severity}"><strong>${escapeHtml(oneLine(lint.message))}</strong> <span class="muted">${escapeHtml(LINT_RULES[lint.id].explanation)}</span> <code>${lint.id}</code></li>`,
  );
  // Invisibles escaped even inside the JSON: a bidi override reorders a <pre> as much as a line.
  const json = (value: unknown) =>
    `<pre class="json">${escapeHtml(typeof value === 'string' ? value.split('\n').map(showInvisible).join('\n') : safeJson(value, 2))}</pre>`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${options.cspSource};">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${escapeHtml(options.styleUri)}">
<title>Decoded JWT</title></head><body>
<h1>${escapeHtml(tokenKind(verdict))} ${escapeHtml(oneLine(String(token.header?.alg ?? ''), 40))}</h1>
${options.source ? `<div class="muted">${escapeHtml(options.source)}</div>` : ''}
${provider ? `<div class="muted" id="provider">${escapeHtml(provider.title)}</div>` : ''}
<div class="status">
<span class="pill ${state === 'expired' || state === 'not-yet-valid' ? 'bad' : state === 'valid' ? 'ok' : 'muted'}" id="time">${escapeHtml(verdict.time.summary)}</span>
<span class="pill ${signatureTone(verdict.signature)}" id="signature">${escapeHtml(signatureText(verdict.signature))}</span>
</div>
${messageAddsToStatus(verdict.signature) ? `<p class="muted">${escapeHtml(oneLine(verdict.signature.message))}</p>` : ''}
${token.error ? `<p class="bad">${escapeHtml(oneLine(token.error.message))}</p>` : ''}
${verdict.unjudged !== undefined ? `<p class="bad">Could not be judged: ${escapeHtml(verdict.unjudged)}</p>` : ''}
${options.actions?.length ? `<p class="actions">${options.actions.map((action) => `<a href="${escapeHtml(action.href)}">${escapeHtml(action.label)}</a>`).join(' · ')}</p>` : ''}
<div class="token" id="token">${coloured}</div>
${options.signedUrl ? `<h2>Signed URL</h2><div class="token" id="signed-url">${escapeHtml(options.signedUrl)}</div>` : ''}
${timeRows.length ? `<h2>Times</h2><table><tr><th>claim</th><th>epoch</th><th>UTC</th><th>relative</th></tr>${timeRows.join('')}</table>` : ''}
${claimRows.length ? `<h2>Claims</h2><table id="claims"><tr><th>claim</th><th>value</th><th>meaning</th></tr>${claimRows.join('')}</table>` : ''}
${lints.length ? `<h2>Checks</h2><ul>${lints.join('')}</ul>` : ''}
${formatSections(verdict, options.now)}
<h2>Header</h2>${json(token.header ?? null)}
${
  token.kind === 'jwe'
    ? verdict.nested
      ? ''
      : '<h2>Payload</h2><p class="muted">Encrypted: it needs the recipient\'s decryption key.</p>'
    : `<h2>${verdict.sdJwt ? 'Issuer-signed payload' : 'Payload'}</h2>${json(token.payload ?? token.payloadText ?? null)}`
}
${verdict.nested ? nestedSection(verdict.nested, options.now, token.kind === 'jwe' ? `Decrypted payload (with ${decryptionKeyLabel(verdict.signature)})` : 'Nested token (cty "JWT")') : ''}
</body></html>`;
}

/** An SD-JWT's disclosures and Key Binding JWT after its issuer-signed JWT, each after its "~". */
function presentationTail(verdict: Verdict): string {
  const presentation = verdict.decoded.sdJwt;
  if (!presentation) {
    return '';
  }
  const tilde = '<span class="dot">~</span>';
  const disclosures = presentation.disclosures
    .map((disclosure) => `${tilde}<span class="part disclosure">${escapeHtml(showInvisible(disclosure.text))}</span>`)
    .join('');
  const keyBinding = presentation.keyBinding
    ? `<span class="part key-binding">${escapeHtml(showInvisible(presentation.keyBinding.text))}</span>`
    : '';
  return `${disclosures}${tilde}${keyBinding}`;
}

/** The SD-JWT's Key Binding JWT, disclosures and processed claims; the DPoP proof's request and binding. */
function formatSections(verdict: Verdict, now: number): string {
  const out: string[] = [];
  const json = (value: unknown) => `<pre class="json">${escapeHtml(safeJson(value, 2))}</pre>`;
  const sd = verdict.sdJwt;
  if (sd) {
    const keyBinding = sd.keyBinding;
    if (keyBinding) {
      const ok = keyBinding.signature?.status === 'valid' && keyBinding.sdHash === 'match';
      const sdHash = {
        match: 'sd_hash covers this presentation',
        mismatch: 'sd_hash does not match this presentation',
        missing: 'no sd_hash',
        unchecked: 'sd_hash not checked',
      }[keyBinding.sdHash];
      const row = (name: string, value: unknown) =>
        value === undefined
          ? ''
          : `<tr><th>${name}</th><td>${escapeHtml(oneLine(typeof value === 'string' ? value : safeJson(value), 200))}</td></tr>`;
      out.push(
        `<section id="key-binding"><h2>Key Binding JWT</h2><div class="status"><span class="pill ${ok ? 'ok' : keyBinding.signature ? 'bad' : 'muted'}">${escapeHtml(signatureText(keyBinding.signature))}</span><span class="pill ${keyBinding.sdHash === 'match' ? 'ok' : 'bad'}">${escapeHtml(sdHash)}</span></div>`,
        keyBinding.signature ? `<p class="muted">${escapeHtml(oneLine(keyBinding.signature.message))}</p>` : '',
        `<table>${row('aud', keyBinding.aud)}${row('nonce', keyBinding.nonce)}${typeof keyBinding.iat === 'number' ? row('iat', `${isoUtc(keyBinding.iat)}, ${relativeDuration(keyBinding.iat - now)}`) : ''}</table></section>`,
      );
    } else {
      out.push('<p class="muted" id="key-binding">No Key Binding JWT: anyone holding this SD-JWT can present it.</p>');
    }
    const rows = sd.disclosures.map(({ disclosure, digest, path }, index) => {
      const where = disclosure.error !== undefined ? `✗ ${disclosure.error}` : path === undefined ? '✗ matches no digest' : path;
      const cells = [
        String(index + 1),
        disclosure.name ?? (disclosure.error === undefined ? '(array element)' : ''),
        disclosure.error === undefined ? oneLine(safeJson(disclosure.value), 200) : '',
        disclosure.salt ?? '',
        digest ?? '',
        where,
      ];
      const cls = path === undefined ? ' class="bad"' : '';
      return `<tr${cls}>${cells.map((cell) => `<td>${escapeHtml(showInvisible(cell))}</td>`).join('')}</tr>`;
    });
    out.push(
      `<h2>Disclosures</h2><p class="muted">${sd.disclosures.filter((check) => check.path !== undefined).length} opened; ${sd.hidden} ${sd.hidden === 1 ? 'digest' : 'digests'} not disclosed (hidden claims or decoys). Digests: ${escapeHtml(oneLine(sd.hashAlg, 40))}.</p>`,
      rows.length
        ? `<table id="disclosures"><tr><th>#</th><th>claim</th><th>value</th><th>salt</th><th>digest</th><th>where a verifier puts it</th></tr>${rows.join('')}</table>`
        : '<p class="muted">None.</p>',
      `<h2>Claims a verifier sees</h2><div id="sd-claims">${json(sd.claims)}</div>`,
    );
  }
  const dpop = verdict.dpop;
  if (dpop) {
    const cell = (value: unknown) =>
      escapeHtml(value === undefined ? 'none' : oneLine(typeof value === 'string' ? value : safeJson(value), 200));
    out.push(
      `<section id="dpop"><h2>DPoP proof</h2><p class="muted">Checked with its own "jwk" key: it proves possession of that key, not that anyone you trust sent it.</p>`,
      `<table><tr><th>htm</th><td>${cell(dpop.htm)}</td></tr><tr><th>htu</th><td>${cell(dpop.htu)}</td></tr><tr><th>jti</th><td>${cell(dpop.jti)}</td></tr><tr><th>key thumbprint</th><td>${cell(dpop.thumbprint)}</td></tr></table>`,
      dpop.accessToken
        ? `<p class="${dpop.accessToken.ath === 'match' && dpop.accessToken.jkt !== 'mismatch' ? 'ok' : 'bad'}" id="dpop-binding">${escapeHtml(bindingText(dpop.accessToken))}</p>`
        : '',
      '</section>',
    );
  }
  const chain = verdict.x5c;
  if (chain) {
    const rows = chain.certificates.map((certificate, index) => {
      const role = index === 0 ? 'leaf' : String(index + 1);
      if (!certificate) {
        return `<tr class="bad"><td>${role}</td><td colspan="5">not a readable certificate</td></tr>`;
      }
      const expired = certificate.notAfter < now;
      const early = certificate.notBefore > now;
      const validity = `${isoUtc(certificate.notBefore)} – ${isoUtc(certificate.notAfter)}${expired ? ` (expired ${relativeDuration(certificate.notAfter - now)})` : early ? ' (not valid yet)' : ''}`;
      const cells = [role, certificate.subject, certificate.issuer, validity, certificate.altNames.join(', '), certificate.thumbprint];
      return `<tr${expired || early ? ' class="bad"' : ''}>${cells.map((cell) => `<td>${escapeHtml(showInvisible(oneLine(cell, 300)))}</td>`).join('')}</tr>`;
    });
    out.push(
      `<section id="x5c"><h2>Certificate chain (x5c)</h2><p class="muted">${escapeHtml(X5C_NOT_TRUSTED)}</p>`,
      `<table><tr><th></th><th>subject</th><th>issuer</th><th>validity</th><th>alternative names</th><th>SHA-256 thumbprint</th></tr>${rows.join('')}</table>`,
      chain.more > 0 ? `<p class="muted">${chain.more} more not read.</p>` : '',
      '</section>',
    );
  }
  return out.join('\n');
}

/** A nested JWT's inner token, or a decrypted JWE's content: its status, claims, header and payload under the outer token. */
function nestedSection(inner: Verdict, now: number, title: string): string {
  const json = (value: unknown) => `<pre class="json">${escapeHtml(safeJson(value, 2))}</pre>`;
  const rows = inner.decoded.payload
    ? explainClaims(inner.decoded.payload, inner.decoded.header, now).map(
        (row) =>
          `<tr><th>${escapeHtml(oneLine(row.name, 40))}</th><td>${escapeHtml(row.shown)}</td><td>${row.info ? `${escapeHtml(row.prefix + row.info.description)} <a href="${escapeHtml(row.info.spec)}">spec</a>` : ''}</td></tr>`,
      )
    : [];
  return `<section id="nested"><h2>${escapeHtml(title)}</h2>
<div class="status"><span class="pill ${inner.time.state === 'expired' || inner.time.state === 'not-yet-valid' ? 'bad' : inner.time.state === 'valid' ? 'ok' : 'muted'}">${escapeHtml(inner.time.summary)}</span>
<span class="pill ${signatureTone(inner.signature)}">${escapeHtml(signatureText(inner.signature))}</span></div>
${inner.decoded.error ? `<p class="bad">${escapeHtml(oneLine(inner.decoded.error.message))}</p>` : ''}
${rows.length ? `<table>${rows.join('')}</table>` : ''}
<h3>Header</h3>${json(inner.decoded.header ?? null)}
<h3>Payload</h3>${json(inner.decoded.payload ?? inner.decoded.payloadText ?? null)}
</section>`;
}
