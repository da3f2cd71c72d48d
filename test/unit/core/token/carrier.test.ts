import * as assert from 'node:assert/strict';
import { carrierOf, type TokenCarrier } from '../../../../src/core/token/carrier';
import { scanTokens, scanTokenWindows, tokenAt } from '../../../../src/core/token/scan';
import { assemble } from '../../../support/tokens';

const JWT = assemble({ alg: 'HS256', typ: 'JWT' }, { sub: 'user-42', exp: 4102444800 });

/** The carrier of the first JWT in `text`. */
function carrierIn(text: string): TokenCarrier | undefined {
  const start = text.indexOf(JWT);
  assert.ok(start >= 0, 'the token is in the text');
  return carrierOf(text, start, start + JWT.length);
}

const har = (entry: unknown) => JSON.stringify({ log: { version: '1.2', entries: [entry] } }, null, 2);

describe('carrierOf: how the text around a token carries it', () => {
  describe('on its line', () => {
    it('finds an Authorization: Bearer credential, in any case, in a header, a curl -v line and a curl -H argument', () => {
      assert.deepEqual(carrierIn(`GET /x\nAuthorization: Bearer ${JWT}\n`), { kind: 'bearer' });
      assert.deepEqual(carrierIn(`> authorization: bearer ${JWT}`), { kind: 'bearer' });
      assert.deepEqual(carrierIn(`curl -H "Authorization: Bearer ${JWT}" https://api.example.com`), { kind: 'bearer' });
    });

    it('reads a Set-Cookie header and names the attributes it lacks', () => {
      assert.deepEqual(carrierIn(`HTTP/1.1 200 OK\nSet-Cookie: session=${JWT}; Path=/\n`), {
        kind: 'set-cookie',
        cookie: 'session',
        missing: ['HttpOnly', 'Secure', 'SameSite'],
      });
      assert.deepEqual(carrierIn(`< set-cookie: sid=${JWT}; path=/; secure`), {
        kind: 'set-cookie',
        cookie: 'sid',
        missing: ['HttpOnly', 'SameSite'],
      });
      assert.deepEqual(carrierIn(`Set-Cookie: session=${JWT}; Path=/; Secure; HttpOnly; SameSite=Lax`), {
        kind: 'set-cookie',
        cookie: 'session',
        missing: [],
      });
    });

    it("reads a setHeader('Set-Cookie', …) call's attributes only up to the string's closing quote", () => {
      assert.deepEqual(carrierIn(`res.setHeader('Set-Cookie', 'auth=${JWT}; Secure'); log('HttpOnly; SameSite=Lax');`), {
        kind: 'set-cookie',
        cookie: 'auth',
        missing: ['HttpOnly', 'SameSite'],
      });
    });

    it('finds a query parameter of a URL, a path, and an .http file query continued on its own line', () => {
      assert.deepEqual(carrierIn(`GET https://api.example.com/orders?access_token=${JWT}`), { kind: 'query', parameter: 'access_token' });
      assert.deepEqual(carrierIn(`"GET /api/orders?page=2&token=${JWT} HTTP/1.1" 200`), { kind: 'query', parameter: 'token' });
      assert.deepEqual(carrierIn(`GET https://api.example.com/orders\n    ?page=2\n    &access_token=${JWT}\n`), {
        kind: 'query',
        parameter: 'access_token',
      });
    });

    it('leaves out a fragment, a form body, a word with a "?" and a token with nothing around it', () => {
      assert.equal(carrierIn(`https://app.example.com/callback#access_token=${JWT}&token_type=Bearer`), undefined);
      assert.equal(carrierIn(`https://app.example.com/#/route?token=${JWT}`), undefined);
      assert.equal(carrierIn(`grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=${JWT}`), undefined);
      assert.equal(carrierIn(`what?token=${JWT}`), undefined);
      assert.equal(carrierIn(`const token = '${JWT}';`), undefined);
      assert.equal(carrierIn(JWT), undefined);
    });

    it('reads only the lines the token is on: a Bearer on the line before says nothing', () => {
      assert.equal(carrierIn(`Authorization: Bearer\n${JWT}`), undefined);
      assert.equal(carrierIn(`Set-Cookie: session=\n${JWT}`), undefined);
    });
  });

  describe('in a HAR file (JSON)', () => {
    const entry = {
      request: {
        method: 'GET',
        url: `https://api.example.com/orders?access_token=${JWT}`,
        headers: [
          { name: 'Accept', value: 'application/json' },
          { name: 'Authorization', value: `Bearer ${JWT}` },
        ],
        queryString: [{ name: 'access_token', value: JWT }],
        cookies: [{ name: 'session', value: JWT, httpOnly: false, secure: false }],
      },
      response: {
        status: 200,
        headers: [{ name: 'Set-Cookie', value: `session=${JWT}; Path=/; Secure` }],
        cookies: [{ name: 'session', value: JWT, path: '/', httpOnly: true, secure: false }],
      },
    };

    function carriersIn(text: string): (TokenCarrier | undefined)[] {
      return scanTokens(text).tokens.map((match) => match.carrier);
    }

    const expected: (TokenCarrier | undefined)[] = [
      { kind: 'query', parameter: 'access_token' },
      { kind: 'bearer' },
      { kind: 'query', parameter: 'access_token' },
      undefined,
      { kind: 'set-cookie', cookie: 'session', missing: ['HttpOnly', 'SameSite'] },
      { kind: 'set-cookie', cookie: 'session', missing: ['Secure', 'SameSite'] },
    ];

    it('places each token at its JSON position: the URL, a header, a query parameter, a request cookie (none), a Set-Cookie header, a response cookie', () => {
      assert.deepEqual(carriersIn(har(entry)), expected);
    });

    it('reads a HAR written on one line the same way, in the windowed scan too', () => {
      const oneLine = JSON.stringify({ log: { entries: [entry] } });
      assert.deepEqual(carriersIn(oneLine), expected);
      assert.deepEqual(
        scanTokenWindows(oneLine).tokens.map((match) => match.carrier),
        expected,
      );
    });

    it("reads a response cookie's sameSite and a Postman header's key", () => {
      const cookie = har({ response: { cookies: [{ name: 'sid', value: JWT, httpOnly: true, secure: true, sameSite: 'Strict' }] } });
      assert.deepEqual(carriersIn(cookie), [{ kind: 'set-cookie', cookie: 'sid', missing: [] }]);
      const postman = JSON.stringify({ request: { header: [{ key: 'Authorization', value: `Bearer ${JWT}`, type: 'text' }] } }, null, '\t');
      assert.deepEqual(carriersIn(postman), [{ kind: 'bearer' }]);
    });

    it('says nothing of a "value" member with no name beside it, or of other members', () => {
      assert.deepEqual(carriersIn(JSON.stringify({ value: JWT })), [undefined]);
      assert.deepEqual(carriersIn(JSON.stringify({ settings: { name: 'x', token: JWT } })), [undefined]);
    });

    it('keeps escaped quotes and brackets inside strings out of the structure', () => {
      const tricky = har({
        response: {
          headers: [
            { comment: 'a "quoted" {brace} [and] \\"more\\"', name: 'Set-Cookie', value: `s=${JWT}; HttpOnly; Secure; SameSite=Lax` },
          ],
        },
      });
      assert.deepEqual(carriersIn(tricky), [{ kind: 'set-cookie', cookie: 's', missing: [] }]);
    });
  });

  describe('bounded work', () => {
    it('finds a Bearer at the end of a 4 MB line, reading only the characters before the token', () => {
      const text = `${'x'.repeat(4_000_000)} Authorization: Bearer ${JWT} ${'y'.repeat(4_000_000)}`;
      assert.deepEqual(carrierIn(text), { kind: 'bearer' });
    });

    it('gives up past its window: a header name further back than it reads is not looked for', () => {
      const filler = `"${'a'.repeat(40_000)}"`;
      const text = `{"name": "Set-Cookie", "pad": ${filler}, "value": "s=${JWT}"}`;
      assert.equal(carrierIn(text), undefined);
    });

    it('reads at most a bounded run of backslashes before a quote: past it, no context, never a wrong one', () => {
      const withNote = (backslashes: number) =>
        scanTokens(`{"name": "Set-Cookie", "note": "${'\\'.repeat(backslashes)}", "value": "s=${JWT}"}`).tokens[0].carrier;
      assert.deepEqual(withNote(1000), { kind: 'set-cookie', cookie: 's', missing: ['HttpOnly', 'Secure', 'SameSite'] });
      assert.equal(withNote(2000), undefined);
    });

    it('the hover path (tokenAt on one line) finds the same carrier as the document scan', () => {
      const line = `Set-Cookie: session=${JWT}; Path=/`;
      assert.deepEqual(tokenAt(line, 30)?.carrier, scanTokens(line).tokens[0].carrier);
    });
  });
});
