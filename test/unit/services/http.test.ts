// The bounded fetch (src/services/http.ts) against real local HTTP servers: each limit and each
// refusal gives its own code and a message that names the host, never a header or the body.
import * as assert from 'node:assert/strict';
import { lookup } from 'node:dns/promises';
import * as http from 'node:http';
import { hostname } from 'node:os';
import type { AddressInfo } from 'node:net';
import { JwtLensError } from '../../../src/util/errors';
import { httpRequest, jsonBody, type HttpRequest } from '../../../src/services/http';

type Handler = (request: http.IncomingMessage, response: http.ServerResponse) => void;

async function serve(handler: Handler): Promise<{ base: string; close: () => Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const LOCAL = { allowHttpLocalhost: true };

async function failure(request: HttpRequest): Promise<JwtLensError> {
  try {
    await httpRequest(request);
  } catch (error) {
    assert.ok(error instanceof JwtLensError, `not a JwtLensError: ${String(error)}`);
    return error;
  }
  assert.fail('the request did not fail');
}

describe('httpRequest', () => {
  const servers: { close: () => Promise<void> }[] = [];
  async function server(handler: Handler): Promise<string> {
    const started = await serve(handler);
    servers.push(started);
    return started.base;
  }
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((started) => started.close()));
  });

  it('returns status, final URL, headers and body; any status is an answer', async () => {
    const base = await server((request, response) => {
      response.writeHead(request.url === '/missing' ? 404 : 200, { 'content-type': 'application/json', 'cache-control': 'max-age=600' });
      response.end(JSON.stringify({ path: request.url, method: request.method }));
    });
    const ok = await httpRequest({ url: `${base}/keys`, policy: LOCAL });
    assert.equal(ok.status, 200);
    assert.equal(ok.url, `${base}/keys`);
    assert.equal(ok.headers.get('cache-control'), 'max-age=600');
    assert.deepEqual(jsonBody(ok), { path: '/keys', method: 'GET' });
    const missing = await httpRequest({ url: `${base}/missing`, method: 'DELETE', policy: LOCAL });
    assert.equal(missing.status, 404);
    assert.deepEqual(jsonBody(missing), { path: '/missing', method: 'DELETE' });
  });

  it('sends nothing to a URL the policy refuses', async () => {
    let requests = 0;
    const base = await server((_request, response) => {
      requests++;
      response.end('{}');
    });
    const refused = await failure({ url: `${base}/keys`, policy: { allowHttpLocalhost: false } });
    assert.equal(refused.code, 'ERR_HTTP_URL');
    assert.match(refused.message, /jwtLens\.network\.allowHttpLocalhost/);
    assert.equal(requests, 0);
  });

  it('gives up after the time limit', async () => {
    const base = await server(() => {
      // Never answers.
    });
    const error = await failure({ url: `${base}/slow`, policy: LOCAL, limits: { timeoutMs: 200 } });
    assert.equal(error.code, 'ERR_HTTP_TIMEOUT');
    assert.match(error.message, /127\.0\.0\.1:\d+ did not answer within 0\.2 s/);
  });

  it('gives up when the body stalls after the headers', async () => {
    const base = await server((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"keys":');
    });
    const error = await failure({ url: base, policy: LOCAL, limits: { timeoutMs: 300 } });
    assert.equal(error.code, 'ERR_HTTP_TIMEOUT');
  });

  it('stops reading past the size limit, declared or streamed', async () => {
    const base = await server((request, response) => {
      if (request.url === '/declared') {
        response.writeHead(200, { 'content-length': String(2 * 1024 * 1024) });
        response.write('x'.repeat(1024));
        return;
      }
      response.writeHead(200);
      const chunk = 'y'.repeat(64 * 1024);
      for (let i = 0; i < 40; i++) {
        response.write(chunk);
      }
      response.end();
    });
    for (const path of ['/declared', '/streamed']) {
      const error = await failure({ url: base + path, policy: LOCAL, limits: { maxBytes: 1024 * 1024 } });
      assert.equal(error.code, 'ERR_HTTP_TOO_LARGE', path);
      assert.match(error.message, /more than 1024 KB/);
    }
  });

  it('follows redirects within the limit, and refuses too many', async () => {
    const base = await server((request, response) => {
      const hop = Number(request.url?.slice(1));
      if (hop < 3) {
        response.writeHead(302, { location: `/${hop + 1}` });
        response.end();
        return;
      }
      response.end(JSON.stringify({ hop }));
    });
    const followed = await httpRequest({ url: `${base}/0`, policy: LOCAL });
    assert.equal(followed.url, `${base}/3`);
    assert.deepEqual(jsonBody(followed), { hop: 3 });
    const error = await failure({ url: `${base}/0`, policy: LOCAL, limits: { maxRedirects: 2 } });
    assert.equal(error.code, 'ERR_HTTP_REDIRECT');
    assert.match(error.message, /redirected too often/);
  });

  it('never follows a redirect to plain HTTP elsewhere, or to another scheme', async () => {
    for (const location of ['http://example.com/jwks', 'file:///etc/passwd', 'http://127.0.0.2/']) {
      const base = await server((_request, response) => {
        response.writeHead(301, { location });
        response.end();
      });
      const error = await failure({ url: base, policy: LOCAL });
      assert.equal(error.code, 'ERR_HTTP_REDIRECT', location);
      assert.match(error.message, /redirected to an address that is not fetched/);
    }
  });

  it('never follows a redirect to a private or link-local address, however it is written', async () => {
    const locations = [
      'https://169.254.169.254/latest/meta-data/',
      'https://0xa9fea9fe/',
      'https://[::ffff:a9fe:a9fe]/',
      'https://10.1.2.3/',
    ];
    for (const location of locations) {
      const base = await server((_request, response) => {
        response.writeHead(302, { location });
        response.end();
      });
      const error = await failure({ url: base, policy: LOCAL });
      assert.equal(error.code, 'ERR_HTTP_REDIRECT', location);
      assert.match(error.message, /^127\.0\.0\.1:\d+ redirected to an address that is not fetched: .* is a private or link-local address/);
    }
  });

  it('judges a host name by the addresses it resolves to: a name for this computer needs the localhost opt-in', async function () {
    // This machine's own name resolves to one of its addresses on any usual setup (here, loopback).
    const addresses = (await lookup(hostname(), { all: true })).map((answer) => answer.address);
    if (!addresses.some((address) => /^(127\.|::1$)/.test(address))) {
      this.skip();
    }
    let requests = 0;
    const base = await server((_request, response) => {
      requests++;
      response.end('{}');
    });
    const port = new URL(base).port;
    const error = await failure({ url: `https://${hostname()}:${port}/jwks`, policy: { allowHttpLocalhost: false } });
    assert.equal(error.code, 'ERR_HTTP_URL');
    assert.match(error.message, new RegExp(`^${hostname()}:${port} resolves to this computer \\((127\\.[\\d.]+|::1)\\): `));
    assert.equal(requests, 0);
  });

  it('keeps the Authorization header for its own origin only', async () => {
    const seen: Record<string, string | undefined> = {};
    const other = await server((request, response) => {
      seen.other = request.headers.authorization;
      response.end('{}');
    });
    const origin = await server((request, response) => {
      if (request.url === '/start') {
        seen.start = request.headers.authorization;
        response.writeHead(307, { location: '/same' });
      } else if (request.url === '/same') {
        seen.same = request.headers.authorization;
        response.writeHead(307, { location: `${other}/elsewhere` });
      }
      response.end();
    });
    const authorization = 'Basic dG9rZW4taWQ6dG9rZW4tc2VjcmV0';
    await httpRequest({ url: `${origin}/start`, headers: { Authorization: authorization }, policy: LOCAL });
    assert.deepEqual(seen, { start: authorization, same: authorization, other: undefined });
  });

  it('follows a 303, and a 301 or 302 after POST, as a GET without the body; 307 and 308 repeat the request', async () => {
    const seen: string[] = [];
    const base = await server((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        const auth = request.headers.authorization ? 'auth' : 'no auth';
        seen.push(`${request.method} ${request.url} ${JSON.stringify(body)} ${request.headers['content-type'] ?? '-'} ${auth}`);
        const status = /^\/(\d{3})$/.exec(request.url ?? '')?.[1];
        if (status) {
          response.writeHead(Number(status), { location: '/landed' });
        }
        response.end('{}');
      });
    });
    const rows: [string, number, string][] = [
      ['POST', 303, 'GET /landed "" - auth'],
      ['DELETE', 303, 'GET /landed "" - auth'],
      ['POST', 302, 'GET /landed "" - auth'],
      ['POST', 301, 'GET /landed "" - auth'],
      ['DELETE', 302, 'DELETE /landed "{\\"x\\":1}" application/json auth'],
      ['POST', 307, 'POST /landed "{\\"x\\":1}" application/json auth'],
      ['POST', 308, 'POST /landed "{\\"x\\":1}" application/json auth'],
    ];
    for (const [method, status, landed] of rows) {
      seen.length = 0;
      const answer = await httpRequest({
        url: `${base}/${status}`,
        method: method as HttpRequest['method'],
        body: '{"x":1}',
        headers: { authorization: 'Basic dG9rZW4taWQ6dG9rZW4tc2VjcmV0', 'Content-Type': 'application/json' },
        policy: LOCAL,
      });
      assert.equal(answer.url, `${base}/landed`);
      assert.deepEqual(seen, [`${method} /${status} "{\\"x\\":1}" application/json auth`, landed], `${method} → ${status}`);
    }
  });

  it('says when nothing answers, naming the host only', async () => {
    const closed = await serve((_request, response) => response.end());
    await closed.close();
    const error = await failure({ url: `${closed.base}/keys?x=1`, headers: { Authorization: 'Basic c2VjcmV0' }, policy: LOCAL });
    assert.equal(error.code, 'ERR_HTTP_NETWORK');
    assert.match(error.message, /^Could not reach 127\.0\.0\.1:\d+:/);
    assert.doesNotMatch(error.message, /keys|c2VjcmV0/);
  });

  it('stops when the caller cancels', async () => {
    const base = await server(() => {
      // Never answers.
    });
    const cancel = new AbortController();
    setTimeout(() => cancel.abort(), 50);
    const error = await failure({ url: base, policy: LOCAL, signal: cancel.signal });
    assert.equal(error.code, 'ERR_HTTP_CANCELLED');
  });

  it('reports a body that is not JSON without quoting it', async () => {
    const base = await server((_request, response) => {
      response.writeHead(502, { 'content-type': 'text/html' });
      response.end('<html>token-secret-in-an-error-page</html>');
    });
    const response = await httpRequest({ url: base, policy: LOCAL });
    assert.throws(
      () => jsonBody(response),
      (error: unknown) =>
        error instanceof JwtLensError &&
        error.code === 'ERR_HTTP_NOT_JSON' &&
        /answered with something that is not JSON \(HTTP 502\)/.test(error.message) &&
        !error.message.includes('token-secret'),
    );
  });
});
