// Tokens signed with a publicly known HMAC secret, in the editor: an error in Problems and the hover
// with no stored key at all, and Add Signing Key refusing such a secret with the reason.
import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import * as vscode from 'vscode';
import { b64 } from '../../support/tokens';
import { closeAllEditors, deleteAllKeys, eventually, hoverText, openWorkspaceFile, run, testHooks, writeWorkspaceFile } from '../helpers';

const KNOWN_MESSAGE =
  "Anyone can forge this: signed with a publicly known secret (entry 1 of JWT Lens's known-secrets list, from jwt.io debugger example secrets (jwt.io, v1 and v2)). Sign with a new random secret.";

/** The jwt.io example token shape, signed here with node's HMAC (JWT Lens refuses the secret as a key). */
function jwtIoToken(): string {
  const now = Math.floor(Date.now() / 1000);
  const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: '1234567890', name: 'John Doe', iat: now, exp: now + 3600 })}`;
  return `${input}.${createHmac('sha256', 'your-256-bit-secret').update(input).digest('base64url')}`;
}

describe('Tokens signed with a publicly known secret (in the extension host)', () => {
  beforeEach(deleteAllKeys);
  afterEach(closeAllEditors);

  it('Problems shows the known-secret error for such a token, with no key stored, and the hover says it', async () => {
    const token = jwtIoToken();
    const uri = await writeWorkspaceFile('known-secret/api.http', `GET https://api.example.com/me\nAuthorization: Bearer ${token}\n`);
    await openWorkspaceFile('known-secret/api.http');
    const diagnostic = await eventually(
      () =>
        vscode.languages
          .getDiagnostics(uri)
          .find((d) => d.source === 'JWT Lens' && String((d.code as { value: unknown })?.value ?? d.code) === 'known-secret'),
      10_000,
      'the known-secret diagnostic',
    );
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(diagnostic.message, KNOWN_MESSAGE);
    assert.equal(diagnostic.range.start.line, 1);
    assert.ok(!diagnostic.message.includes('your-256-bit-secret'));
    const hover = await hoverText(uri, token);
    assert.ok(hover.includes('Anyone can forge this\\: signed with a publicly known secret'), hover);
  });

  it('Add Signing Key refuses your-256-bit-secret with the reason, and stores nothing', async () => {
    const result = await run<{ error: { code: string; message: string } }>('jwtLens.addKey', {
      text: 'your-256-bit-secret',
      label: 'jwt-io',
    });
    assert.equal(result?.error.code, 'ERR_KEY_KNOWN_SECRET');
    assert.equal(
      result?.error.message,
      "Refused: this secret is publicly known (entry 1 of JWT Lens's known-secrets list, from jwt.io debugger example secrets (jwt.io, v1 and v2)), so anyone can forge tokens signed with it. Generate a new random secret.",
    );
    assert.deepEqual((await testHooks()).keyStore.list(), []);
  });
});
