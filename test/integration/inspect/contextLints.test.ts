// Where a token sits, in the real extension host's Problems: the fixtures of test/fixtures/context
// (.http, .har, a log) opened from the workspace get a finding for a cookie without its attributes, a
// token in a URL query, an ID token sent as a bearer token and an at+jwt without RFC 9068's claims,
// on the token itself (in a HAR, at its JSON position), with the RFC section as the code's link;
// their clean counterparts get none. The same findings, at the same lines, as `jwt-lens scan`.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { REPO_ROOT } from '../../support/repoRoot';
import { closeAllEditors, eventually, workspaceUri, writeWorkspaceFile } from '../helpers';

const CONTEXT_CODES = ['cookie-attributes', 'token-in-url', 'id-token-as-bearer', 'at-jwt-claims'];
const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'context');

/** The file copied into the workspace, opened, and its JWT Lens diagnostics once they are set. */
async function problemsOf(name: string): Promise<{ document: vscode.TextDocument; diagnostics: vscode.Diagnostic[] }> {
  const uri = await writeWorkspaceFile(`context-lints/${name}`, fs.readFileSync(path.join(FIXTURES, name), 'utf8'));
  const document = await vscode.workspace.openTextDocument(uri);
  const diagnostics = await eventually(
    () => {
      const found = vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'JWT Lens');
      return found.length > 0 ? found : undefined;
    },
    10_000,
    `the diagnostics of ${name}`,
  );
  return { document, diagnostics };
}

const codeOf = (diagnostic: vscode.Diagnostic) =>
  typeof diagnostic.code === 'object' ? String(diagnostic.code.value) : String(diagnostic.code);

/** "line code" (one-based, as `jwt-lens scan` prints) of each context finding. */
function contextProblems(diagnostics: readonly vscode.Diagnostic[]): string[] {
  return diagnostics
    .filter((diagnostic) => CONTEXT_CODES.includes(codeOf(diagnostic)))
    .map((diagnostic) => `${diagnostic.range.start.line + 1} ${codeOf(diagnostic)}`)
    .sort((a, b) => parseInt(a, 10) - parseInt(b, 10) || a.localeCompare(b));
}

describe('Context lints: where a token sits, in Problems (in the extension host)', () => {
  after(async () => {
    await closeAllEditors();
    await vscode.workspace.fs.delete(workspaceUri('context-lints'), { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });

  it('flags an ID token sent as Bearer, a token in a URL, an at+jwt without its claims and a bare Set-Cookie in an .http file', async () => {
    const { document, diagnostics } = await problemsOf('context.http');
    assert.deepEqual(contextProblems(diagnostics), ['3 id-token-as-bearer', '6 token-in-url', '10 at-jwt-claims', '14 cookie-attributes']);
    const cookie = diagnostics.find((diagnostic) => codeOf(diagnostic) === 'cookie-attributes')!;
    assert.equal(cookie.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(cookie.message, /^Cookie "session" set without HttpOnly, Secure or SameSite\. They keep a token cookie from scripts/);
    assert.equal(
      (cookie.code as { target: vscode.Uri }).target.toString(true),
      'https://datatracker.ietf.org/doc/html/rfc6265#section-4.1.2',
    );
    assert.match(document.getText(cookie.range), /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/, 'on the token itself');
  });

  it('flags the tokens of a HAR file at their JSON positions: the URL and its queryString, the Authorization header, Set-Cookie and a response cookie', async () => {
    const { document, diagnostics } = await problemsOf('context.har');
    assert.deepEqual(contextProblems(diagnostics), [
      '14 token-in-url',
      '23 id-token-as-bearer',
      '33 token-in-url',
      '59 cookie-attributes',
      '65 cookie-attributes',
    ]);
    for (const diagnostic of diagnostics.filter((candidate) => CONTEXT_CODES.includes(codeOf(candidate)))) {
      assert.match(document.getText(diagnostic.range), /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    }
    const lineOf = (line: number) => document.lineAt(line - 1).text.trim();
    assert.match(lineOf(33), /^"value": "eyJ/, 'the queryString entry');
    assert.match(lineOf(64), /^"name": "session",$/, 'the response cookie');
  });

  it('flags a log: an access log line with ?access_token=, curl -v headers', async () => {
    const { diagnostics } = await problemsOf('context.log');
    assert.deepEqual(contextProblems(diagnostics), ['1 token-in-url', '4 id-token-as-bearer', '6 cookie-attributes']);
    assert.match(
      diagnostics.find((diagnostic) => codeOf(diagnostic) === 'cookie-attributes')!.message,
      /^Cookie "session" set without HttpOnly or SameSite\./,
    );
  });

  for (const [name, tokens] of [
    ['clean-context.http', 4],
    ['clean-context.har', 6],
    ['clean-context.log', 2],
  ] as const) {
    it(`flags none of them in ${name}, whose tokens sit where they should`, async () => {
      const { diagnostics } = await problemsOf(name);
      assert.deepEqual(contextProblems(diagnostics), []);
      // Each token is judged: its 76-year lifetime is found, its place is not.
      assert.equal(diagnostics.filter((diagnostic) => codeOf(diagnostic) === 'long-lifetime').length, tokens);
    });
  }
});
