// A local stand-in for the Mux and FastPix signing-key APIs, speaking the documented endpoints and
// shapes over plain HTTP on 127.0.0.1 (the tests turn on jwtLens.network.allowHttpLocalhost):
//   Mux      GET /mux/system/v1/whoami, GET|POST /mux/system/v1/signing-keys, GET|DELETE …/{id}
//   FastPix  GET|POST /fastpix/v1/iam/signing-keys, GET|DELETE …/{id} (GET gives the public key)
// HTTP Basic auth is checked against the tokens it was given; a failure can be injected for the
// next matching request (a status with a body, a non-JSON answer, a dropped connection). Every
// access-token secret and created private key is registered with the secret-hygiene registry.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { rememberPrivateKey, rememberSecret } from './secrets';

export type Provider = 'mux' | 'fastpix';

export interface Injection {
  readonly method?: string;
  /** A path suffix the request must end with (before the query), e.g. "/signing-keys". */
  readonly pathEndsWith?: string;
  readonly provider?: Provider;
  readonly status?: number;
  readonly body?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Close the connection without an answer (network down). */
  readonly drop?: boolean;
  /** Answer a create with this private key text instead of a good one. */
  readonly privateKey?: string;
}

export interface RemoteKeyRecord {
  readonly id: string;
  readonly createdAt: number;
  readonly privatePkcs1Pem: string;
  readonly publicSpkiPem: string;
}

export interface LoggedRequest {
  readonly method: string;
  readonly path: string;
  readonly authorized: boolean;
  readonly authorization?: string;
}

export class FakeProviderApi {
  readonly requests: LoggedRequest[] = [];
  readonly keys: Record<Provider, Map<string, RemoteKeyRecord>> = { mux: new Map(), fastpix: new Map() };
  private readonly tokens = new Map<string, { provider: Provider; secret: string }>();
  private readonly injections: Injection[] = [];

  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<FakeProviderApi> {
    const holder: { api?: FakeProviderApi } = {};
    const server = http.createServer((request, response) => holder.api?.handle(request, response));
    const api = (holder.api = new FakeProviderApi(server));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return api;
  }

  baseUrl(provider: Provider): string {
    const { port } = this.server.address() as AddressInfo;
    return provider === 'mux' ? `http://127.0.0.1:${port}/mux` : `http://127.0.0.1:${port}/fastpix/v1/`;
  }

  /** An access token this server accepts for the provider: its id and secret. */
  addToken(provider: Provider): { tokenId: string; tokenSecret: string } {
    const tokenId = `${provider}-token-${randomUUID()}`;
    const tokenSecret = `${provider}-secret-${randomUUID()}${randomUUID()}`.replace(/-/g, '');
    this.tokens.set(tokenId, { provider, secret: tokenSecret });
    rememberSecret(tokenSecret, 'access-token');
    return { tokenId, tokenSecret };
  }

  /** A key that exists at the provider but whose private key this machine never saw (a teammate's). */
  addRemoteKey(provider: Provider): RemoteKeyRecord {
    const record = makeKey();
    this.keys[provider].set(record.id, record);
    return record;
  }

  /** The next request matching `injection` gets its answer instead of the real one. */
  inject(injection: Injection): void {
    this.injections.push(injection);
  }

  requestsTo(pathEndsWith: string, method?: string): LoggedRequest[] {
    return this.requests.filter((request) => request.path.endsWith(pathEndsWith) && (method === undefined || request.method === method));
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const method = request.method ?? 'GET';
    const provider: Provider | undefined = url.pathname.startsWith('/mux/')
      ? 'mux'
      : url.pathname.startsWith('/fastpix/v1/')
        ? 'fastpix'
        : undefined;
    const authorization = request.headers.authorization;
    const authorized = provider !== undefined && this.authorized(provider, authorization);
    this.requests.push({ method, path: url.pathname, authorized, authorization });
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      response.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/html' : 'application/json', ...headers });
      response.end(text);
    };
    request.resume();
    const index = this.injections.findIndex(
      (candidate) =>
        (candidate.method === undefined || candidate.method === method) &&
        (candidate.provider === undefined || candidate.provider === provider) &&
        (candidate.pathEndsWith === undefined || url.pathname.endsWith(candidate.pathEndsWith)),
    );
    const injection = index >= 0 ? this.injections.splice(index, 1)[0] : undefined;
    if (injection?.drop) {
      request.socket.destroy();
      return;
    }
    if (injection?.status !== undefined) {
      send(injection.status, injection.body ?? { error: { type: 'injected', messages: ['injected failure'] } }, { ...injection.headers });
      return;
    }
    if (!provider) {
      send(404, { error: 'not found' });
      return;
    }
    if (!authorized) {
      send(401, { error: { type: 'unauthorized', messages: ['Unauthorized request'] } });
      return;
    }
    const path = url.pathname.slice(provider === 'mux' ? '/mux'.length : '/fastpix/v1'.length);
    const keysPath = provider === 'mux' ? '/system/v1/signing-keys' : '/iam/signing-keys';
    const keys = this.keys[provider];
    if (provider === 'mux' && path === '/system/v1/whoami' && method === 'GET') {
      send(200, {
        data: {
          access_token_name: 'JWT Lens tests',
          environment_id: 'env-123',
          environment_name: 'Production',
          environment_type: 'production',
          organization_id: 'org-1',
          organization_name: 'Acme',
          permissions: ['system:read', 'system:write', 'video:read'],
        },
      });
      return;
    }
    if (path === keysPath && method === 'GET') {
      const list = [...keys.values()];
      if (provider === 'mux') {
        const page = Number(url.searchParams.get('page') ?? 1);
        const limit = Number(url.searchParams.get('limit') ?? 25);
        send(200, { data: list.slice((page - 1) * limit, page * limit).map((key) => ({ id: key.id, created_at: String(key.createdAt) })) });
      } else {
        const limit = Number(url.searchParams.get('limit') ?? 10);
        const offset = Number(url.searchParams.get('offset') ?? 1);
        const pages = Math.max(1, Math.ceil(list.length / limit));
        send(200, {
          success: true,
          data: list
            .slice((offset - 1) * limit, offset * limit)
            .map((key) => ({ id: key.id, createdAt: new Date(key.createdAt * 1000).toISOString() })),
          pagination: { totalRecords: list.length, currentOffset: offset, offsetCount: pages },
        });
      }
      return;
    }
    if (path === keysPath && method === 'POST') {
      const record = makeKey();
      keys.set(record.id, record);
      const privateKey = injection?.privateKey ?? Buffer.from(record.privatePkcs1Pem).toString('base64');
      send(
        201,
        provider === 'mux'
          ? { data: { id: record.id, created_at: String(record.createdAt), private_key: privateKey } }
          : { success: true, data: { id: record.id, privateKey, createdAt: new Date(record.createdAt * 1000).toISOString() } },
      );
      return;
    }
    const id = path.startsWith(`${keysPath}/`) ? decodeURIComponent(path.slice(keysPath.length + 1)) : undefined;
    const key = id === undefined ? undefined : keys.get(id);
    if (id !== undefined && !key) {
      send(404, { error: { type: 'not_found', messages: ['Signing key not found'] } });
      return;
    }
    if (key && method === 'GET') {
      send(
        200,
        provider === 'mux'
          ? { data: { id: key.id, created_at: String(key.createdAt) } }
          : { success: true, data: { workspaceId: 'ws-42', signingKeyId: key.id, publicKey: key.publicSpkiPem } },
      );
      return;
    }
    if (key && method === 'DELETE') {
      keys.delete(key.id);
      if (provider === 'mux') {
        response.writeHead(204).end();
      } else {
        send(200, { success: true });
      }
      return;
    }
    send(405, { error: 'method not allowed' });
  }

  private authorized(provider: Provider, header: string | undefined): boolean {
    const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header ?? '');
    if (!match) {
      return false;
    }
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const token = this.tokens.get(decoded.slice(0, colon));
    return token !== undefined && token.provider === provider && token.secret === decoded.slice(colon + 1);
  }
}

function makeKey(): RemoteKeyRecord {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  rememberPrivateKey(privateKey);
  const privatePkcs1Pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  rememberSecret(Buffer.from(privatePkcs1Pem).toString('base64'), 'created-key');
  rememberSecret(privatePkcs1Pem, 'created-key');
  return {
    id: randomUUID().replace(/-/g, '').slice(0, 24),
    createdAt: Math.floor(Date.now() / 1000),
    privatePkcs1Pem,
    publicSpkiPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}
