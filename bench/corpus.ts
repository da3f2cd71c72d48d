// The benchmark document: about 10 MB of log-like text holding 10,000 tokens of mixed kinds
// (HS256, RS256 with kid in header or payload, ES256, unsigned, JWE), generated deterministically.
import { createHmac, createSign, generateKeyPairSync, randomBytes } from 'node:crypto';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export interface Corpus {
  readonly text: string;
  readonly tokens: string[];
  readonly hmacSecret: string;
  readonly rsaPublicPem: string;
  readonly rsaPrivatePem: string;
}

export function makeCorpus(targetBytes = 10 * 1024 * 1024, tokenCount = 10_000): Corpus {
  const hmacSecret = 'bench-secret-0123456789abcdef0123456789abcdef';
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const rsaPrivatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const tokens: string[] = [];
  for (let i = 0; i < tokenCount; i++) {
    const payload = {
      sub: `user-${i}`,
      aud: i % 3 === 0 ? 'v' : 'api',
      iat: 1_800_000_000 + i,
      exp: 1_800_000_900 + i,
      scope: 'read:media write:media',
    };
    const kind = i % 10;
    let token: string;
    if (kind < 5) {
      const input = `${b64({ alg: 'HS256', typ: 'JWT', kid: 'bench-hs' })}.${b64(payload)}`;
      token = `${input}.${createHmac('sha256', hmacSecret).update(input).digest('base64url')}`;
    } else if (kind < 8) {
      // A few RSA signatures, reused: signing 3,000 distinct RS256 tokens would dominate set-up time.
      const header = kind === 5 ? { alg: 'RS256', typ: 'JWT', kid: 'bench-rsa' } : { alg: 'RS256', typ: 'JWT' };
      const body = kind === 6 ? { ...payload, kid: 'bench-rsa' } : payload;
      const input = `${b64(header)}.${b64(body)}`;
      token = `${input}.${i < 100 ? createSign('RSA-SHA256').update(input).sign(privateKey, 'base64url') : 'c2lnbmF0dXJl'.repeat(28)}`;
    } else if (kind === 8) {
      token = `${b64({ alg: 'none' })}.${b64(payload)}.`;
    } else {
      token = `${b64({ alg: 'RSA-OAEP', enc: 'A256GCM', kid: 'bench-rsa' })}.${'a'.repeat(342)}.${'b'.repeat(16)}.${'c'.repeat(200)}.${'d'.repeat(22)}`;
    }
    tokens.push(token);
  }
  const filler =
    '2026-11-23T10:00:00.000Z INFO request handled path=/v1/media/abc123 status=200 duration_ms=12 user_agent="Mozilla/5.0 (X11; Linux x86_64)" trace=4bf92f3577b34da6a3ce929d0e0e4736\n';
  const lines: string[] = [];
  let size = 0;
  let next = 0;
  const perToken = Math.floor(targetBytes / tokenCount);
  while (size < targetBytes) {
    if (next < tokens.length && size >= next * perToken) {
      const line = `2026-11-23T10:00:01.000Z INFO auth=Bearer ${tokens[next++]} status=200\n`;
      lines.push(line);
      size += line.length;
    } else {
      lines.push(filler);
      size += filler.length;
    }
  }
  while (next < tokens.length) {
    lines.push(`token=${tokens[next++]}\n`);
  }
  return {
    text: lines.join(''),
    tokens,
    hmacSecret,
    rsaPublicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    rsaPrivatePem,
  };
}

/**
 * Hostile text (issue 12, finding 2): lines of distinct junk `eyJ…` candidates, half random bytes
 * (not UTF-8), half ASCII that starts like a header but is not JSON; and, for comparison, the same
 * size of distinct good HS256 tokens.
 */
export function makeJunkCorpus(targetBytes = 4 * 1024 * 1024): { junk: string; good: string } {
  const junk: string[] = [];
  for (let size = 0, i = 0; size < targetBytes; i++) {
    const header =
      i % 2 === 0
        ? `eyJ${randomBytes(45).toString('base64url')}`
        : Buffer.from(`{"alg":"HS256","kid":"${randomBytes(20).toString('hex')}"`).toString('base64url');
    const line = `${header}.eyJ${randomBytes(60).toString('base64url')}.${randomBytes(32).toString('base64url')}\n`;
    junk.push(line);
    size += line.length;
  }
  const secret = 'bench-secret-0123456789abcdef0123456789abcdef';
  const good: string[] = [];
  for (let size = 0, i = 0; size < targetBytes; i++) {
    const input = `${b64({ alg: 'HS256', typ: 'JWT', kid: `key-${i % 50}` })}.${b64({ sub: `user-${i}`, iat: 1_800_000_000 + i, exp: 1_800_000_900 + i })}`;
    const line = `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}\n`;
    good.push(line);
    size += line.length;
  }
  return { junk: junk.join(''), good: good.join('') };
}

/**
 * A HAR file (HTTP Archive 1.2) of about `targetBytes`, its tokens where a HAR holds them: an
 * Authorization header, the URL and its queryString, a Set-Cookie header and a response cookie.
 * `oneLine` writes it as a browser does on export without indentation: every token on one line.
 */
export function makeHarCorpus(targetBytes = 10 * 1024 * 1024, oneLine = false): { text: string; tokens: number } {
  const entries: unknown[] = [];
  let size = 0;
  let tokens = 0;
  for (let i = 0; size < targetBytes; i++) {
    const token = `${b64({ alg: 'HS256', typ: 'JWT', kid: `key-${i % 20}` })}.${b64({ sub: `user-${i}`, iat: 1_800_000_000 + i, exp: 1_800_000_900 + i })}.${'c2ln'.repeat(11)}`;
    const entry = {
      startedDateTime: '2026-11-23T10:00:00.000Z',
      time: 12,
      request: {
        method: 'GET',
        url: `https://api.example.com/v1/media/${i}?access_token=${token}`,
        httpVersion: 'HTTP/1.1',
        headers: [
          { name: 'Accept', value: 'application/json' },
          { name: 'User-Agent', value: 'Mozilla/5.0 (X11; Linux x86_64)' },
          { name: 'Authorization', value: `Bearer ${token}` },
        ],
        queryString: [{ name: 'access_token', value: token }],
        cookies: [],
        headersSize: -1,
        bodySize: 0,
      },
      response: {
        status: 200,
        statusText: 'OK',
        httpVersion: 'HTTP/1.1',
        headers: [
          { name: 'Content-Type', value: 'application/json' },
          { name: 'Set-Cookie', value: `session=${token}; Path=/; Secure` },
        ],
        cookies: [{ name: 'session', value: token, path: '/', httpOnly: false, secure: true }],
        content: { size: 2, mimeType: 'application/json', text: '{}' },
        redirectURL: '',
        headersSize: -1,
        bodySize: 2,
      },
      cache: {},
      timings: { send: 1, wait: 10, receive: 1 },
    };
    entries.push(entry);
    tokens += 5;
    size += JSON.stringify(entry, null, oneLine ? undefined : 2).length;
  }
  const har = { log: { version: '1.2', creator: { name: 'bench', version: '1' }, entries } };
  return { text: oneLine ? JSON.stringify(har) : JSON.stringify(har, null, 2), tokens };
}
