import * as assert from 'node:assert/strict';
import { decodeMatch, scanTokens } from '../../../../src/core/token/scan';
import { judge } from '../../../../src/core/judge/verdict';
import { tokenFindings } from '../../../../src/core/judge/findings';
import { DIAGNOSTIC_DEFAULTS } from '../../../../src/core/judge/judgingSettings';
import { LINT_RULES } from '../../../../src/core/judge/lint';
import { assemble } from '../../../support/tokens';

const NOW = 1_800_000_000;
const CONTEXT_CODES = ['cookie-attributes', 'token-in-url', 'id-token-as-bearer', 'at-jwt-claims'];

const access = assemble(
  { alg: 'RS256', typ: 'at+jwt' },
  { iss: 'https://as.example', sub: 'u', aud: 'https://api.example', client_id: 'c', iat: NOW, exp: NOW + 300, jti: 'j' },
);
const idToken = (claims: Record<string, unknown>, header: Record<string, unknown> = { alg: 'RS256', typ: 'JWT' }) =>
  assemble(header, { iss: 'https://as.example', sub: 'u', aud: 'client', iat: NOW, exp: NOW + 300, ...claims });

/** The context findings (code and message) of the one token in `text`. */
function contextFindings(text: string): { code: string; message: string }[] {
  const [match] = scanTokens(text).tokens;
  const verdict = judge(decodeMatch(match), undefined, { now: NOW });
  return tokenFindings(verdict, DIAGNOSTIC_DEFAULTS)
    .filter((finding) => CONTEXT_CODES.includes(finding.code))
    .map(({ code, message }) => ({ code, message }));
}

const codes = (text: string) => contextFindings(text).map((finding) => finding.code);

describe('lints on where a token sits (core/judge/carrier.ts)', () => {
  it('flags a Set-Cookie without HttpOnly, Secure or SameSite, naming the cookie and what it lacks', () => {
    assert.deepEqual(contextFindings(`Set-Cookie: session=${access}; Path=/`), [
      {
        code: 'cookie-attributes',
        message: `Cookie "session" set without HttpOnly, Secure or SameSite. ${LINT_RULES['cookie-attributes'].explanation}`,
      },
    ]);
    assert.match(
      contextFindings(`Set-Cookie: session=${access}; Secure`)[0].message,
      /^Cookie "session" set without HttpOnly or SameSite\./,
    );
    assert.match(contextFindings(`Set-Cookie: s=${access}; Secure; SameSite=Lax`)[0].message, /^Cookie "s" set without HttpOnly\./);
    assert.deepEqual(codes(`Set-Cookie: session=${access}; Secure; HttpOnly; SameSite=Strict`), []);
  });

  it('flags a token in a URL query, but not a Mux or FastPix playback token in ?token=, nor OpenID Connect id_token_hint', () => {
    assert.deepEqual(contextFindings(`GET https://api.example/orders?access_token=${access}`), [
      { code: 'token-in-url', message: `In a URL query ("access_token="). ${LINT_RULES['token-in-url'].explanation}` },
    ]);
    assert.deepEqual(codes(`https://files.example/report.pdf?token=${access}`), ['token-in-url']);
    const mux = assemble({ alg: 'RS256', kid: 'k' }, { sub: 'playbackId', aud: 'v', exp: NOW + 300, kid: 'k' });
    assert.deepEqual(codes(`https://stream.mux.com/playbackId.m3u8?token=${mux}`), []);
    const fastpix = assemble({ alg: 'RS256', kid: 'k' }, { iss: 'fastpix.io', aud: 'media:abc', exp: NOW + 300 });
    assert.deepEqual(codes(`https://stream.fastpix.io/abc.m3u8?token=${fastpix}`), []);
    assert.deepEqual(codes(`https://as.example/logout?id_token_hint=${idToken({ nonce: 'n' })}`), []);
    assert.deepEqual(codes(`https://as.example/authorize?client_id=c&request=${access}`), []);
  });

  it('flags an ID token (nonce, at_hash, c_hash or a "typ": "ID" claim) sent as a Bearer token, naming what says so', () => {
    assert.deepEqual(contextFindings(`Authorization: Bearer ${idToken({ nonce: 'n-1' })}`), [
      {
        code: 'id-token-as-bearer',
        message: `An ID token ("nonce") sent as a Bearer access token. ${LINT_RULES['id-token-as-bearer'].explanation}`,
      },
    ]);
    assert.match(contextFindings(`Authorization: Bearer ${idToken({ at_hash: 'x' })}`)[0].message, /\("at_hash"\)/);
    assert.match(contextFindings(`Authorization: Bearer ${idToken({ c_hash: 'x' })}`)[0].message, /\("c_hash"\)/);
    assert.match(contextFindings(`Authorization: Bearer ${idToken({ typ: 'ID' })}`)[0].message, /\("typ": "ID"\)/);
  });

  it('leaves alone an access token as a Bearer token, a Keycloak access token with a nonce, and an ID token elsewhere', () => {
    assert.deepEqual(codes(`Authorization: Bearer ${access}`), []);
    assert.deepEqual(codes(`Authorization: Bearer ${idToken({ nonce: 'n', typ: 'Bearer' })}`), []);
    assert.deepEqual(
      codes(`Authorization: Bearer ${idToken({ nonce: 'n' }, { alg: 'RS256', typ: 'at+jwt' })}`).includes('id-token-as-bearer'),
      false,
    );
    assert.deepEqual(codes(`{"id_token": "${idToken({ nonce: 'n' })}"}`), []);
  });

  it('flags an at+jwt without the claims RFC 9068 requires, wherever it is', () => {
    const thin = assemble({ alg: 'RS256', typ: 'application/AT+JWT' }, { iss: 'https://as.example', sub: 'u', exp: NOW + 300 });
    assert.deepEqual(contextFindings(thin), [
      {
        code: 'at-jwt-claims',
        message: `"typ" is at+jwt but it has no "aud", "client_id", "iat", "jti". ${LINT_RULES['at-jwt-claims'].explanation}`,
      },
    ]);
    assert.deepEqual(codes(access), []);
    assert.deepEqual(codes(assemble({ alg: 'RS256', typ: 'JWT' }, { sub: 'u', exp: NOW + 300 })), []);
  });

  it('keeps hostile cookie and parameter names to one short line, and never shows the token', () => {
    const har = JSON.stringify({
      response: { cookies: [{ name: `evil\n\u202e${'x'.repeat(200)}`, value: access, httpOnly: false, secure: true, sameSite: 'Lax' }] },
    });
    const [finding] = contextFindings(har);
    assert.equal(finding.code, 'cookie-attributes');
    assert.ok(!finding.message.includes('\n') && !finding.message.includes('\u202e') && finding.message.length < 200, finding.message);
    assert.ok(!finding.message.includes(access.slice(0, 20)));
  });

  it('turns off with the lints setting, as every lint does', () => {
    const [match] = scanTokens(`Set-Cookie: session=${access}`).tokens;
    const verdict = judge(decodeMatch(match), undefined, { now: NOW });
    assert.ok(tokenFindings(verdict, DIAGNOSTIC_DEFAULTS).some((finding) => finding.code === 'cookie-attributes'));
    assert.ok(!tokenFindings(verdict, { ...DIAGNOSTIC_DEFAULTS, lints: 'off' }).some((finding) => finding.code === 'cookie-attributes'));
  });
});
