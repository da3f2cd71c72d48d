// The decoded view's HTML: token parts coloured, signature status, a table of time claims, lints,
// header and payload JSON. Colours come from the theme's CSS variables, so light, dark and
// high-contrast themes all read right. Everything from the token is HTML-escaped.
import { oneLine, safeJson, showInvisible } from './display';
import { LINT_RULES } from './lint';
import { isoUtc, numericDate, relativeDuration } from './time';
import { signatureText, type Verdict } from './verdict';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[char]!));
}

export interface DecodedHtmlOptions {
  readonly now: number;
  readonly nonce: string;
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
    return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none';"><title>Decoded JWT</title></head>`
      + `<body><p>This token could not be shown: ${escapeHtml(oneLine(reason, 120))}</p></body></html>`;
  }
}

function renderUnguarded(verdict: Verdict, options: DecodedHtmlOptions): string {
  const { token } = verdict;
  const partClasses = token.kind === 'jwe' ? ['header', 'key', 'iv', 'cipher', 'tag'] : ['header', 'payload', 'signature'];
  const coloured = token.parts.map((part, index) => `<span class="part ${partClasses[index] ?? ''}">${escapeHtml(showInvisible(part))}</span>`).join('<span class="dot">.</span>');
  const state = verdict.time.state;
  const timeRows = (['iat', 'nbf', 'exp'] as const).flatMap((claim) => {
    const value = numericDate(token.payload, claim);
    return value === undefined ? [] : [`<tr><th>${claim}</th><td>${value}</td><td>${escapeHtml(isoUtc(value))}</td><td>${escapeHtml(relativeDuration(value - options.now))}</td></tr>`];
  });
  const lints = verdict.lints.map((lint) => `<li class="${lint.severity}"><strong>${escapeHtml(oneLine(lint.message))}</strong> <span class="muted">${escapeHtml(LINT_RULES[lint.id].explanation)}</span> <code>${lint.id}</code></li>`);
  // Invisibles escaped even inside the JSON: a bidi override reorders a <pre> as much as a line.
  const json = (value: unknown) => `<pre class="json">${escapeHtml(typeof value === 'string' ? value.split('\n').map(showInvisible).join('\n') : safeJson(value, 2))}</pre>`;
  const signatureClass = verdict.verify?.status === 'valid' ? 'ok' : verdict.verify?.status === 'no-key' || !verdict.verify ? 'muted' : 'bad';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${options.cspSource} 'nonce-${options.nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style nonce="${options.nonce}">
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 16px 24px; }
h1 { font-size: 1.3em; margin-bottom: 2px; } h2 { font-size: 1.05em; margin-top: 20px; border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-contrastBorder, transparent)); }
.token { font-family: var(--vscode-editor-font-family); word-break: break-all; padding: 8px; background: var(--vscode-textCodeBlock-background); border: 1px solid var(--vscode-contrastBorder, transparent); }
.part.header { color: var(--vscode-charts-red, var(--vscode-errorForeground)); } .part.payload, .part.key { color: var(--vscode-charts-purple, var(--vscode-foreground)); }
.part.signature, .part.iv, .part.tag { color: var(--vscode-charts-blue, var(--vscode-textLink-foreground)); } .part.cipher { color: var(--vscode-charts-green, var(--vscode-foreground)); }
.status { display: flex; gap: 16px; flex-wrap: wrap; margin: 8px 0; } .pill { padding: 2px 8px; border-radius: 10px; border: 1px solid currentColor; }
.ok { color: var(--vscode-testing-iconPassed, var(--vscode-foreground)); } .bad, li.error { color: var(--vscode-errorForeground); } li.warning { color: var(--vscode-editorWarning-foreground); }
.muted { color: var(--vscode-descriptionForeground); } table { border-collapse: collapse; } th, td { text-align: left; padding: 2px 12px 2px 0; }
pre.json { font-family: var(--vscode-editor-font-family); background: var(--vscode-textCodeBlock-background); padding: 8px; overflow-x: auto; }
</style><title>Decoded JWT</title></head><body>
<h1>${token.kind === 'jwe' ? 'JWE' : 'JWT'} ${escapeHtml(oneLine(String(token.header?.alg ?? ''), 40))}</h1>
${options.source ? `<div class="muted">${escapeHtml(options.source)}</div>` : ''}
<div class="status">
<span class="pill ${state === 'expired' || state === 'not-yet-valid' ? 'bad' : state === 'valid' ? 'ok' : 'muted'}" id="time">${escapeHtml(verdict.time.summary)}</span>
<span class="pill ${signatureClass}" id="signature">${escapeHtml(signatureText(verdict.verify))}</span>
</div>
${verdict.verify && verdict.verify.status !== 'valid' ? `<p class="muted">${escapeHtml(oneLine(verdict.verify.message))}</p>` : ''}
${token.error ? `<p class="bad">${escapeHtml(oneLine(token.error.message))}</p>` : ''}
${verdict.unjudged !== undefined ? `<p class="bad">Could not be judged: ${escapeHtml(verdict.unjudged)}</p>` : ''}
${options.actions?.length ? `<p class="actions">${options.actions.map((action) => `<a href="${escapeHtml(action.href)}">${escapeHtml(action.label)}</a>`).join(' · ')}</p>` : ''}
<div class="token" id="token">${coloured}</div>
${options.signedUrl ? `<h2>Signed URL</h2><div class="token" id="signed-url">${escapeHtml(options.signedUrl)}</div>` : ''}
${timeRows.length ? `<h2>Times</h2><table><tr><th>claim</th><th>epoch</th><th>UTC</th><th>relative</th></tr>${timeRows.join('')}</table>` : ''}
${lints.length ? `<h2>Checks</h2><ul>${lints.join('')}</ul>` : ''}
<h2>Header</h2>${json(token.header ?? null)}
${token.kind === 'jwe' ? '<h2>Payload</h2><p class="muted">Encrypted: it needs the recipient\'s decryption key.</p>' : `<h2>Payload</h2>${json(token.payload ?? token.payloadText ?? null)}`}
</body></html>`;
}
