// Trusted issuers in the real extension host against a local HTTPS identity provider (discovery
// and JWKS over TLS, its certificate made for the run and trusted through NODE_EXTRA_CA_CERTS by
// scripts/run-integration.js): what is fetched, when, and what every surface then says.
import * as assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import * as fs from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SignatureCheck } from '../../../src/core/judge/verify';
import { ClockService } from '../../../src/services/clock';
import { TrustedIssuers } from '../../../src/services/trustedIssuers';
import type { IssuerKeyItem, KeysViewNode, TrustedIssuerItem } from '../../../src/keys/keysView';
import type { IssuerSummary } from '../../../src/services/trustedIssuers';
import { rememberPrivateKey } from '../../support/secrets';
import { decoded, signWith } from '../../support/tokens';
import { closeAllEditors, eventually, extensionExports, hoverText, keysViewGroup, run, testHooks, workspaceUri } from '../helpers';
import { Prompts, titles } from '../prompts';

interface Route {
  status?: number;
  body?: string;
  headers?: Record<string, string>;
  /** Answer only after this long (the client gives up after 5 s). */
  delayMs?: number;
}

/** A local identity provider over HTTPS: routes by path, and every request it received. */
class IdentityProvider {
  readonly requests: string[] = [];
  readonly routes = new Map<string, Route>();
  private constructor(
    private readonly server: https.Server,
    readonly base: string,
  ) {}

  static async start(): Promise<IdentityProvider> {
    const dir = process.env.JWT_LENS_TEST_TLS;
    assert.ok(dir, 'JWT_LENS_TEST_TLS is not set: run the suite through scripts/run-integration.js, which makes the certificate.');
    const server = https.createServer({
      key: fs.readFileSync(path.join(dir, 'localhost.key')),
      cert: fs.readFileSync(path.join(dir, 'localhost.pem')),
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const provider = new IdentityProvider(server, `https://localhost:${(server.address() as AddressInfo).port}`);
    server.on('request', (request, response) => {
      const url = request.url ?? '/';
      provider.requests.push(url);
      const route = provider.routes.get(url) ?? { status: 404, body: '{"error":"not found"}' };
      const answer = () => {
        response.writeHead(route.status ?? 200, { 'content-type': 'application/json', ...route.headers });
        response.end(route.body ?? '');
      };
      if (route.delayMs) {
        setTimeout(answer, route.delayMs).unref();
      } else {
        answer();
      }
    });
    return provider;
  }

  json(pathname: string, value: unknown, headers: Record<string, string> = {}): void {
    this.routes.set(pathname, { body: JSON.stringify(value), headers });
  }

  count(pathname: string): number {
    return this.requests.filter((url) => url === pathname).length;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

interface SigningKey {
  readonly kid: string;
  readonly pem: string;
  readonly jwk: Record<string, unknown>;
  readonly privateKey: KeyObject;
}

function makeKey(kid: string): SigningKey {
  const { privateKey, publicKey }: { privateKey: KeyObject; publicKey: KeyObject } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    kid,
    pem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    jwk: { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'ES256' },
    privateKey,
  };
}

const inOneHour = () => Math.floor(Date.now() / 1000) + 3600;

// The test bundle has its own copy of the view's classes, so nodes are told apart by shape.
const isIssuerNode = (node: KeysViewNode): node is TrustedIssuerItem => 'issuerId' in node && !('key' in node);
const isIssuerKeyNode = (node: KeysViewNode): node is IssuerKeyItem => 'issuerId' in node && 'key' in node;

/** Global storage as a Memento, for a second service that reads what the first one stored (a restart). */
function memento(): vscode.Memento {
  const state = new Map<string, unknown>();
  return {
    keys: () => [...state.keys()],
    get: (key: string) => state.get(key),
    update: (key: string, value: unknown) => {
      state.set(key, value);
      return Promise.resolve();
    },
  } as unknown as vscode.Memento;
}

const settings = () => vscode.workspace.getConfiguration('jwtLens');

/** Hover Markdown as read: backslash escapes removed. */
const unescaped = (markdown: string) => markdown.replace(/\\(.)/g, '$1');

describe('trusted issuers: keys from a JWKS over HTTPS', function () {
  this.timeout(60_000);
  let idp: IdentityProvider;
  let issuer: string;
  const first = makeKey('key-2026-a');
  const rotated = makeKey('key-2026-b');
  /** Seconds the test clock is ahead of the real one (the once-a-minute refetch limit reads it). */
  let skew = 0;

  const sign = (key: SigningKey, claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}) =>
    signWith(key.pem, { iss: issuer, sub: 'user-1', exp: inOneHour(), ...claims }, 'ES256', { kid: key.kid, header });
  /** The token judged through the API other extensions use: status, message, and the CodeLens line's signature words. */
  const verify = async (token: string) => {
    const verdict = await (await extensionExports()).verify(token);
    assert.ok(verdict.signature, 'the signature was not checked');
    return {
      status: verdict.signature.status,
      message: verdict.signature.message,
      words: verdict.summary.split(' · ').slice(2).join(' · '),
    };
  };
  const advance = async (seconds: number) => {
    skew += seconds;
    (await testHooks()).setClock({ nowSeconds: () => Date.now() / 1000 + skew });
  };
  const jwksPath = '/tenant/keys';
  const discoveryPath = '/tenant/.well-known/openid-configuration';

  before(async () => {
    // The local identity provider is on this computer: fetched only with the user's opt-in.
    await settings().update('network.allowHttpLocalhost', true, vscode.ConfigurationTarget.Global);
    idp = await IdentityProvider.start();
    issuer = `${idp.base}/tenant`;
    idp.json(discoveryPath, { issuer, jwks_uri: `${idp.base}${jwksPath}`, token_endpoint: `${idp.base}/tenant/token` });
    idp.json(jwksPath, { keys: [first.jwk] }, { 'cache-control': 'public, max-age=3600' });
  });

  after(async () => {
    const hooks = await testHooks();
    for (const entry of [...hooks.trustedIssuers.list()]) {
      await hooks.trustedIssuers.remove(entry);
    }
    hooks.setClock({ nowSeconds: () => Date.now() / 1000 });
    await settings().update('network.allowHttpLocalhost', undefined, vscode.ConfigurationTarget.Global);
    await closeAllEditors();
    await idp.close();
  });

  it('fetches nothing for a token whose issuer is not trusted, nor for its jku, x5u or x5c', async () => {
    const token = await sign(first, {}, { jku: `${idp.base}${jwksPath}`, x5u: `${idp.base}/tenant/cert.pem`, x5c: ['AAAA'] });
    const result = await verify(token);
    assert.equal(result?.status, 'no-key');
    const document = await vscode.workspace.openTextDocument({ content: `token: ${token}\n`, language: 'plaintext' });
    await vscode.window.showTextDocument(document);
    const hover = unescaped(await hoverText(document.uri, token));
    assert.match(hover, /\[Trust https:\/\/localhost:\d+\/tenant and fetch its keys\?\]\(command:jwtLens\.addTrustedIssuer\?/);
    assert.deepEqual(idp.requests, [], 'a request was made for an untrusted token');
  });

  it("ignores trusted issuers in a repository's .vscode/settings.json (only user settings count)", async () => {
    // VS Code refuses to write an application setting to the workspace: a cloned repository carries the file.
    const settings = workspaceUri('.vscode/settings.json');
    const content = { 'jwtLens.trustedIssuers': [{ issuer }], 'jwtLens.expiryWarningMinutes': 11 };
    await vscode.workspace.fs.writeFile(settings, Buffer.from(JSON.stringify(content)));
    try {
      // VS Code drops an application setting from workspace settings: a resource one in the same file says it was read.
      await eventually(
        () => vscode.workspace.getConfiguration('jwtLens').inspect('expiryWarningMinutes')?.workspaceValue,
        10_000,
        'the workspace setting to be read',
      );
      assert.equal((await testHooks()).trustedIssuers.list().length, 0);
      assert.equal((await verify(await sign(first))).status, 'no-key');
      assert.deepEqual(idp.requests, []);
    } finally {
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(settings, '..'), { recursive: true });
    }
  });

  it("the hover's Trust link only opens the confirmation: cancelled, nothing is fetched or trusted", async () => {
    // The link exactly as the hover of an untrusted token carries it.
    const token = await sign(first);
    const document = await vscode.workspace.openTextDocument({ content: `id_token=${token}\n`, language: 'plaintext' });
    const link = /\(command:jwtLens\.addTrustedIssuer\?([^)\s]+)\)/.exec(await hoverText(document.uri, token))?.[1];
    assert.ok(link, 'no Trust link in the hover');
    const linkArgs = JSON.parse(decodeURIComponent(link)) as unknown[];
    assert.deepEqual(linkArgs, [{ issuer, confirm: true }]);
    const prompts = new Prompts();
    try {
      const result = await run('jwtLens.addTrustedIssuer', ...linkArgs);
      assert.equal(result, undefined);
      assert.equal(prompts.shown.length, 1);
      assert.equal(prompts.shown[0].modal, true);
      assert.equal(prompts.shown[0].message, `Trust ${issuer} and fetch its keys?`);
      assert.deepEqual(prompts.shown[0].buttons, ['Trust and Fetch Keys']);
    } finally {
      prompts.dispose();
    }
    assert.deepEqual(idp.requests, []);
    assert.equal((await testHooks()).trustedIssuers.list().length, 0);
  });

  it('discovery → JWKS → ✓ in the hover, the command and the decoded verdict', async () => {
    const prompts = new Prompts().press('Trust', 'Trust and Fetch Keys');
    let summary: IssuerSummary | undefined;
    try {
      summary = await run<IssuerSummary>('jwtLens.addTrustedIssuer', { issuer, confirm: true });
    } finally {
      prompts.dispose();
    }
    assert.deepEqual(summary?.keys, [{ kid: first.kid, alg: 'ES256', type: 'EC' }]);
    assert.equal(summary?.jwksUri, `${idp.base}${jwksPath}`);
    assert.deepEqual(idp.requests, [discoveryPath, jwksPath]);
    const setting = vscode.workspace.getConfiguration('jwtLens').inspect('trustedIssuers');
    assert.deepEqual(setting?.globalValue, [{ issuer }]);

    const token = await sign(first);
    const expected = `signed by localhost:${new URL(idp.base).port} (kid key-2026-a, fetched just now)`;
    assert.equal((await verify(token)).words, `✓ ${expected}`);
    // Verify Token uses the issuer's keys without asking which stored key to use.
    const asked = new Prompts();
    try {
      const result = await run<SignatureCheck>('jwtLens.verifyToken', token);
      assert.equal(result.status, 'valid');
      assert.equal(result.words, expected);
      assert.deepEqual(asked.asked, []);
      assert.deepEqual(asked.messages('information'), [
        `Signature valid: signed by localhost:${new URL(idp.base).port}'s key (kid key-2026-a, fetched just now).`,
      ]);
    } finally {
      asked.dispose();
    }
    const document = await vscode.workspace.openTextDocument({ content: `Authorization: Bearer ${token}\n`, language: 'http' });
    await vscode.window.showTextDocument(document);
    const hover = unescaped(await hoverText(document.uri, token));
    assert.match(hover, /\$\(verified\) signed by localhost:\d+ \(kid key-2026-a, fetched just now\)/);
    assert.doesNotMatch(hover, /Trust .* and fetch its keys/);
    const lens = await eventually(async () => {
      const lenses = await run<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 10);
      return lenses.map((found) => found.command?.title ?? '').find((title) => title.includes('signed by'));
    });
    assert.match(lens, /^JWT ES256 · expires in \d+ min · ✓ signed by localhost:\d+ \(kid key-2026-a, fetched just now\)$/);
    assert.deepEqual(idp.requests, [discoveryPath, jwksPath], 'verifying fetched again');
  });

  it('shows the issuer and its keys in the Keys view', async () => {
    const { keysTree } = await testHooks();
    const node = (await keysViewGroup('issuers')).find(isIssuerNode);
    assert.ok(node, 'no issuer in the Keys view');
    const item = keysTree.getTreeItem(node);
    assert.equal(item.contextValue, 'jwtIssuer');
    // A time, not "just now": the row is not redrawn as time passes; the tooltip says both.
    assert.match(String(item.description), /^1 key · fetched \d{2}:\d{2}$/);
    assert.match(String((item.tooltip as vscode.MarkdownString).value), /- fetched just now \(\d{2}:\d{2}\)/);
    const keys = (await keysTree.getChildren(node)).filter(isIssuerKeyNode);
    assert.deepEqual(
      keys.map((key) => [keysTree.getTreeItem(key).label, keysTree.getTreeItem(key).description]),
      [['kid key-2026-a', 'EC · ES256']],
    );
  });

  it('rejects a token signed by the issuer key whose iss is another, and checks the audience', async () => {
    const forged = await verify(await sign(first, { iss: 'https://attacker.example/' }));
    assert.equal(forged.status, 'rejected');
    assert.match(forged.words, /^✗ issuer mismatch: signed by localhost:\d+'s key, but "iss" is "https:\/\/attacker\.example\/"$/);
    const hooks = await testHooks();
    await vscode.workspace
      .getConfiguration('jwtLens')
      .update('trustedIssuers', [{ issuer, audience: 'orders-api' }], vscode.ConfigurationTarget.Global);
    try {
      assert.equal((await verify(await sign(first, { aud: ['web', 'orders-api'] }))).status, 'valid');
      const wrong = await verify(await sign(first, { aud: 'web' }));
      assert.equal(wrong.status, 'rejected');
      assert.match(wrong.message, /^Audience mismatch: "aud" does not include "orders-api"/);
    } finally {
      await vscode.workspace.getConfiguration('jwtLens').update('trustedIssuers', [{ issuer }], vscode.ConfigurationTarget.Global);
    }
    assert.equal(hooks.trustedIssuers.list()[0].audience, undefined);
  });

  it('leaves a token to the stored key that carries its kid, even when the issuer publishes the same kid', async () => {
    // Your own key, named like the issuer's: its tokens are judged by it, not as the issuer's forgeries.
    const mine = makeKey(first.kid);
    rememberPrivateKey(mine.privateKey);
    await run('jwtLens.addKey', { text: mine.pem, kid: mine.kid, label: 'my-service-key' });
    try {
      const own = await verify(await sign(mine, { iss: 'https://my-service.example/' }));
      assert.equal(own.status, 'valid');
      assert.equal(own.words, '✓ signed by my-service-key');
      // Its issuer's tokens still go to the issuer.
      assert.equal((await verify(await sign(first))).status, 'valid');
    } finally {
      const { keyStore } = await testHooks();
      await keyStore.delete(keyStore.find('my-service-key')!.id);
    }
  });

  it('follows a key rotation with one refetch, and a burst of unknown kids makes one request a minute', async () => {
    await advance(61);
    // A careless provider publishes the new key with its private half: only the public one may be kept.
    rememberPrivateKey(rotated.privateKey);
    idp.json(jwksPath, { keys: [first.jwk, { ...(rotated.privateKey.export({ format: 'jwk' }) as object), kid: rotated.kid }] });
    const before = idp.count(jwksPath);
    assert.equal((await verify(await sign(rotated))).status, 'valid');
    assert.equal(idp.count(jwksPath), before + 1);

    await advance(61);
    const strangers = ['x1', 'x2', 'x3', 'x4', 'x5'].map((kid) => ({ ...makeKey(kid) }));
    const results = await Promise.all(strangers.map(async (key) => verify(await sign(key))));
    assert.equal(idp.count(jwksPath), before + 2, 'more than one request for a burst of unknown kids');
    assert.deepEqual(
      results.map((result) => result.status),
      ['no-key', 'no-key', 'no-key', 'no-key', 'no-key'],
    );
    assert.match(results[0].words, /^\? kid x1 not in localhost:\d+'s JWKS \(2 keys: key-2026-a, key-2026-b; refreshed just now\)$/);
    // Within the minute another unknown kid fetches nothing.
    await verify(await sign(makeKey('x6')));
    assert.equal(idp.count(jwksPath), before + 2);
  });

  it('offline after a good fetch: the cached keys verify and the words say how old they are', async () => {
    idp.routes.set(jwksPath, { status: 503, body: '{"error":"unavailable"}' });
    await advance(2 * 3600);
    const result = await verify(await sign(first));
    assert.equal(result.status, 'valid');
    assert.match(
      result.words,
      /^✓ signed by localhost:\d+ \(kid key-2026-a, keys from 2 h ago; refresh failed: JWKS fetch failed: localhost:\d+ answered HTTP 503\)$/,
    );
    const { keysTree } = await testHooks();
    const node = (await keysViewGroup('issuers')).find(isIssuerNode)!;
    assert.match(String(keysTree.getTreeItem(node).description), /refresh failed/);
    idp.json(jwksPath, { keys: [first.jwk, rotated.jwk] });
  });

  it('Refresh and Remove from the Keys view inline actions (the tree item as argument)', async () => {
    const { trustedIssuers } = await testHooks();
    const node = (await keysViewGroup('issuers')).find(isIssuerNode)!;
    const before = idp.count(jwksPath);
    const refreshed = await run<IssuerSummary>('jwtLens.refreshIssuer', node);
    assert.equal(idp.count(jwksPath), before + 1, 'Refresh is not rate-limited: the user asked');
    assert.equal(refreshed?.failure, undefined);
    assert.equal(refreshed?.keys.length, 2);
    assert.deepEqual(await run('jwtLens.removeTrustedIssuer', node), { removed: issuer });
    assert.equal(trustedIssuers.list().length, 0);
    assert.equal(vscode.workspace.getConfiguration('jwtLens').inspect<unknown[]>('trustedIssuers')?.globalValue?.length, 0);
    const requests = idp.requests.length;
    assert.equal((await verify(await sign(first))).status, 'no-key');
    assert.equal(idp.requests.length, requests, 'a removed issuer was fetched');
  });

  it('Add Trusted Issuer from the palette asks only the address: a JWKS URL (no discovery document) is read as one; Refresh and Remove ask which issuer', async () => {
    const jwksUri = `${idp.base}${jwksPath}`;
    const prompts = new Prompts('http://example.com/keys', jwksUri);
    let summary: IssuerSummary | undefined;
    try {
      summary = await run<IssuerSummary>('jwtLens.addTrustedIssuer');
    } finally {
      prompts.dispose();
    }
    assert.deepEqual(prompts.asked[0].refused, ['Only https:// addresses are fetched (http://example.com is not).']);
    assert.deepEqual(titles(prompts), ['Add Trusted Issuer']);
    assert.equal(summary?.id, jwksUri);
    assert.equal(summary?.issuer, undefined);
    assert.deepEqual(
      summary?.keys.map((key) => key.kid),
      [first.kid, rotated.kid],
    );
    const again = new Prompts(jwksUri, jwksUri);
    try {
      assert.equal((await run<IssuerSummary>('jwtLens.refreshIssuer'))?.id, jwksUri);
      assert.deepEqual(await run('jwtLens.removeTrustedIssuer'), { removed: jwksUri });
    } finally {
      again.dispose();
    }
    assert.equal((await testHooks()).trustedIssuers.list().length, 0);
  });

  it('Add Trusted Issuer from the palette with an issuer finds its keys by discovery, asking nothing more', async () => {
    const prompts = new Prompts(issuer);
    let summary: IssuerSummary | undefined;
    try {
      summary = await run<IssuerSummary>('jwtLens.addTrustedIssuer');
    } finally {
      prompts.dispose();
    }
    assert.deepEqual(titles(prompts), ['Add Trusted Issuer']);
    assert.deepEqual([summary?.id, summary?.issuer], [issuer, issuer]);
    assert.ok(prompts.messages('information')[0].startsWith('Trusted localhost:'));
    await run('jwtLens.removeTrustedIssuer', issuer);
  });

  it('Add Trusted Issuer from the palette with an address that is neither an issuer nor a JWKS says both, trusting nothing', async () => {
    const nowhere = `${idp.base}/nothing-here`;
    const prompts = new Prompts(nowhere);
    let result: { error: { code: string; message: string } } | undefined;
    try {
      result = await run<{ error: { code: string; message: string } }>('jwtLens.addTrustedIssuer');
    } finally {
      prompts.dispose();
    }
    assert.equal(
      result?.error.message,
      // The host only: a URL's path or query could carry a credential.
      `localhost:${new URL(idp.base).port} is neither an issuer (no discovery document) nor a JWKS URL: localhost:${new URL(idp.base).port} answered HTTP 404.`,
    );
    assert.deepEqual(prompts.messages('error'), [result?.error.message]);
    assert.equal((await testHooks()).trustedIssuers.list().length, 0);
  });

  it('finds the keys by RFC 8414 when the issuer has no OpenID configuration', async () => {
    const as = `${idp.base}/as`;
    idp.json('/.well-known/oauth-authorization-server/as', { issuer: as, jwks_uri: `${idp.base}${jwksPath}` });
    const before = idp.requests.length;
    const prompts = new Prompts();
    let summary: IssuerSummary | undefined;
    try {
      summary = await run<IssuerSummary>('jwtLens.addTrustedIssuer', { issuer: as });
    } finally {
      prompts.dispose();
    }
    assert.deepEqual(idp.requests.slice(before), [
      '/as/.well-known/openid-configuration',
      '/.well-known/oauth-authorization-server/as',
      jwksPath,
    ]);
    assert.equal(summary?.keys.length, 2);
    assert.equal((await verify(await sign(first, { iss: as }))).status, 'valid');
    await run('jwtLens.removeTrustedIssuer', as);
    assert.equal((await testHooks()).trustedIssuers.list().length, 0);
  });

  describe('an issuer whose keys move (a changed jwksUri, or discovery instead)', () => {
    const [oldKey, newKey, discoveredKey] = [makeKey('old-key'), makeKey('new-key'), makeKey('discovered-key')];
    let moved: string;
    let oldUri: string;
    let newUri: string;
    const signedBy = (key: SigningKey) => sign(key, { iss: moved });
    /** Writes the one trusted issuer to user settings and waits until the extension has read it. */
    const setEntry = async (entry: Record<string, string>) => {
      const { trustedIssuers } = await testHooks();
      await settings().update('trustedIssuers', [entry], vscode.ConfigurationTarget.Global);
      const read = () => trustedIssuers.list().map(({ issuer, jwksUri }) => JSON.stringify({ issuer, jwksUri }));
      await eventually(() => (read().join() === JSON.stringify(entry) ? true : undefined), 10_000, 'the setting to be read');
    };
    before(() => {
      moved = `${idp.base}/moved`;
      oldUri = `${idp.base}/moved/keys-old`;
      newUri = `${idp.base}/moved/keys-new`;
      idp.json('/moved/keys-old', { keys: [oldKey.jwk] });
      idp.json('/moved/keys-new', { keys: [newKey.jwk] });
      idp.json('/moved/keys-discovered', { keys: [discoveredKey.jwk] });
      idp.json('/moved/.well-known/openid-configuration', { issuer: moved, jwks_uri: `${idp.base}/moved/keys-discovered` });
    });
    afterEach(async () => {
      await settings().update('trustedIssuers', [], vscode.ConfigurationTarget.Global);
    });

    it('fetches the new source and keeps none of the old keys', async () => {
      const prompts = new Prompts();
      try {
        await run('jwtLens.addTrustedIssuer', { issuer: moved, jwksUri: oldUri });
      } finally {
        prompts.dispose();
      }
      assert.equal((await verify(await signedBy(oldKey))).status, 'valid');

      await setEntry({ issuer: moved, jwksUri: newUri });
      const old = await verify(await signedBy(oldKey));
      assert.equal(old.status, 'no-key');
      assert.match(old.words, /^\? kid old-key not in localhost:\d+'s JWKS \(1 key: new-key; refreshed just now\)$/);
      assert.equal(idp.count('/moved/keys-new'), 1);
      assert.equal((await verify(await signedBy(newKey))).status, 'valid');
      const { keysTree } = await testHooks();
      const node = (await keysViewGroup('issuers')).find(isIssuerNode)!;
      assert.deepEqual(
        (await keysTree.getChildren(node)).filter(isIssuerKeyNode).map((key) => keysTree.getTreeItem(key).label),
        ['kid new-key'],
      );

      // From a JWKS URL to discovery: the set discovery finds, not the URL's.
      await setEntry({ issuer: moved });
      assert.equal((await verify(await signedBy(newKey))).status, 'no-key');
      assert.equal((await verify(await signedBy(discoveredKey))).status, 'valid');
      assert.equal(idp.count('/moved/keys-discovered'), 1);
    });

    it('after a restart, does not use the stored keys of the old source', async () => {
      // A second service on its own storage stands in for the extension started again.
      const storage = memento();
      const log = vscode.window.createOutputChannel('JWT Lens restart test', { log: true });
      const clock = new ClockService();
      await setEntry({ issuer: moved, jwksUri: oldUri });
      const first = new TrustedIssuers(storage, clock, log, () => false);
      assert.equal((await first.verify(decoded(await signedBy(oldKey)))).status, 'valid');
      first.dispose();
      await setEntry({ issuer: moved, jwksUri: newUri });
      const fetchedNew = idp.count('/moved/keys-new');
      const restarted = new TrustedIssuers(storage, clock, log, () => false);
      try {
        assert.equal((await restarted.verify(decoded(await signedBy(oldKey)))).status, 'no-key');
        assert.equal(idp.count('/moved/keys-new'), fetchedNew + 1);
        assert.deepEqual(
          restarted.summary(restarted.list()[0]).keys.map((key) => key.kid),
          ['new-key'],
        );
      } finally {
        restarted.dispose();
        clock.dispose();
        log.dispose();
      }
    });
  });

  describe('keys on another site than the issuer (its discovery document says where)', () => {
    let keyHost: IdentityProvider;
    const elsewhereKey = makeKey('elsewhere-key');
    let split: string;
    let keysUri: string;
    before(async () => {
      keyHost = await IdentityProvider.start();
      split = `${idp.base}/split`;
      keysUri = `${keyHost.base}/split-keys`;
      idp.json('/split/.well-known/openid-configuration', { issuer: split, jwks_uri: keysUri });
      keyHost.json('/split-keys', { keys: [elsewhereKey.jwk] });
    });
    after(async () => {
      await settings().update('trustedIssuers', [], vscode.ConfigurationTarget.Global);
      await keyHost.close();
    });
    const question = () =>
      `localhost:${new URL(idp.base).port} keeps its keys on another site: localhost:${new URL(keyHost.base).port}. Fetch them from there?`;

    it('automation without a confirmation fetches nothing there and says how to confirm', async () => {
      const result = await run<{ error: { code: string; message: string } }>('jwtLens.addTrustedIssuer', { issuer: split });
      assert.equal(result.error.code, 'ERR_DISCOVERY');
      assert.equal(
        result.error.message,
        `localhost:${new URL(idp.base).port}'s discovery document puts its keys on another site, localhost:${new URL(keyHost.base).port}: JWT Lens fetches them only once you confirm that site (add the issuer again, or set its "jwksUri").`,
      );
      assert.deepEqual(keyHost.requests, []);
      assert.equal((await testHooks()).trustedIssuers.list().length, 0);
    });

    it("the hover's Trust asks about the other site: declined, nothing is fetched there or trusted", async () => {
      const prompts = new Prompts().press('Trust', 'Trust and Fetch Keys');
      try {
        assert.equal(await run('jwtLens.addTrustedIssuer', { issuer: split, confirm: true }), undefined);
        assert.deepEqual(
          prompts.shown.map((shown) => [shown.message, shown.modal, shown.buttons]),
          [
            [`Trust ${split} and fetch its keys?`, true, ['Trust and Fetch Keys']],
            [question(), true, ['Fetch Keys']],
          ],
        );
      } finally {
        prompts.dispose();
      }
      assert.deepEqual(keyHost.requests, []);
      assert.equal((await testHooks()).trustedIssuers.list().length, 0);
    });

    it('confirmed, the keys are fetched there and their address kept with the issuer: a changed discovery document cannot move them', async () => {
      const prompts = new Prompts().press('Trust', 'Trust and Fetch Keys').press('keeps its keys on another site', 'Fetch Keys');
      let summary: IssuerSummary | undefined;
      try {
        summary = await run<IssuerSummary>('jwtLens.addTrustedIssuer', { issuer: split, confirm: true });
      } finally {
        prompts.dispose();
      }
      assert.equal(summary?.jwksUri, keysUri);
      assert.deepEqual(settings().inspect('trustedIssuers')?.globalValue, [{ issuer: split, jwksUri: keysUri }]);
      assert.deepEqual(keyHost.requests, ['/split-keys']);
      assert.equal((await verify(await sign(elsewhereKey, { iss: split }))).status, 'valid');
      // The discovery document now names yet another place: a refresh does not read it.
      idp.json('/split/.well-known/openid-configuration', { issuer: split, jwks_uri: `${idp.base}/moved-again` });
      const discoveries = idp.count('/split/.well-known/openid-configuration');
      await run('jwtLens.refreshIssuer', split);
      assert.equal(idp.count('/split/.well-known/openid-configuration'), discoveries);
      assert.deepEqual(keyHost.requests, ['/split-keys', '/split-keys']);
      await run('jwtLens.removeTrustedIssuer', split);
    });

    it('an issuer trusted by discovery whose document later names another site keeps no keys from there', async () => {
      idp.json('/split/.well-known/openid-configuration', { issuer: split, jwks_uri: keysUri });
      await settings().update('trustedIssuers', [{ issuer: split }], vscode.ConfigurationTarget.Global);
      const { trustedIssuers } = await testHooks();
      await eventually(() => (trustedIssuers.list().length === 1 ? true : undefined), 10_000, 'the setting to be read');
      const requests = keyHost.requests.length;
      const result = await verify(await sign(elsewhereKey, { iss: split }));
      assert.equal(result.status, 'no-key');
      assert.match(
        result.words,
        /^\? localhost:\d+'s keys unavailable: localhost:\d+'s discovery document puts its keys on another site, localhost:\d+:/,
      );
      assert.equal(keyHost.requests.length, requests);
      await settings().update('trustedIssuers', [], vscode.ConfigurationTarget.Global);
    });
  });

  it('judges a host name by what it resolves to, in the Node extension host: a name for this computer is refused like localhost', async () => {
    // This machine's own name resolves to one of its addresses (here, loopback). Refused before any connection.
    await settings().update('network.allowHttpLocalhost', undefined, vscode.ConfigurationTarget.Global);
    try {
      const refused = await run<{ error: { code: string; message: string } }>('jwtLens.addTrustedIssuer', {
        jwksUri: `https://${hostname()}:9/keys.json`,
      });
      assert.equal(refused.error.code, 'ERR_HTTP_URL');
      assert.match(
        refused.error.message,
        new RegExp(
          `^${hostname().replace(/\./g, '\\.')}:9 resolves to this computer \\((127\\.[\\d.]+|::1)\\): JWT Lens fetches from it only when jwtLens\\.network\\.allowHttpLocalhost is on\\.$`,
        ),
      );
    } finally {
      await settings().update('network.allowHttpLocalhost', true, vscode.ConfigurationTarget.Global);
    }
    assert.equal((await testHooks()).trustedIssuers.list().length, 0);
  });

  it('fetches from this computer only with jwtLens.network.allowHttpLocalhost, and from a link-local address never', async () => {
    await settings().update('network.allowHttpLocalhost', undefined, vscode.ConfigurationTarget.Global);
    const requests = idp.requests.length;
    try {
      const refused = await run<{ error: { code: string; message: string } }>('jwtLens.addTrustedIssuer', {
        jwksUri: `${idp.base}${jwksPath}`,
      });
      assert.equal(refused.error.code, 'ERR_HTTP_URL');
      assert.equal(
        refused.error.message,
        `localhost:${new URL(idp.base).port} is this computer: JWT Lens fetches from it only when jwtLens.network.allowHttpLocalhost is on (a local development server).`,
      );
      assert.equal(idp.requests.length, requests);
    } finally {
      await settings().update('network.allowHttpLocalhost', true, vscode.ConfigurationTarget.Global);
    }
    // A discovery document naming the cloud metadata address: confirmed as another site, still refused.
    const metadata = `${idp.base}/metadata`;
    idp.json('/metadata/.well-known/openid-configuration', { issuer: metadata, jwks_uri: 'https://169.254.169.254/latest/meta-data/' });
    const prompts = new Prompts().press('Trust', 'Trust and Fetch Keys').press('keeps its keys on another site', 'Fetch Keys');
    try {
      const result = await run<{ error: { code: string; message: string } }>('jwtLens.addTrustedIssuer', {
        issuer: metadata,
        confirm: true,
      });
      assert.equal(result.error.code, 'ERR_HTTP_URL');
      assert.equal(
        result.error.message,
        '169.254.169.254 is a private or link-local address: JWT Lens fetches from one only when jwtLens.network.allowPrivateAddresses is on.',
      );
    } finally {
      prompts.dispose();
    }
    assert.equal((await testHooks()).trustedIssuers.list().length, 0);
  });

  describe('responses that are refused, each with its message', () => {
    const rows: [string, Route, string, RegExp][] = [
      [
        'an oversized JWKS',
        { body: JSON.stringify({ keys: [], pad: 'x'.repeat(1_100_000) }) },
        'ERR_HTTP_TOO_LARGE',
        /^localhost:\d+ sent more than 1024 KB; JWT Lens stops reading there\.$/,
      ],
      ['a slow server', { delayMs: 6000, body: '{}' }, 'ERR_HTTP_TIMEOUT', /^localhost:\d+ did not answer within 5 s\.$/],
      [
        'a body that is not JSON',
        { body: '<html>login</html>' },
        'ERR_HTTP_NOT_JSON',
        /^localhost:\d+ answered with something that is not JSON \(HTTP 200\)\.$/,
      ],
      [
        'a redirect to plain HTTP',
        { status: 302, headers: { location: 'http://auth.example.com/keys' } },
        'ERR_HTTP_REDIRECT',
        /^localhost:\d+ redirected to an address that is not fetched: /,
      ],
      [
        'a redirect to a link-local address',
        { status: 302, headers: { location: 'https://0xa9fea9fe/latest/meta-data/' } },
        'ERR_HTTP_REDIRECT',
        /^localhost:\d+ redirected to an address that is not fetched: 169\.254\.169\.254 is a private or link-local address/,
      ],
      ['an HTTP error', { status: 503, body: '{}' }, 'ERR_JWKS', /^JWKS fetch failed: localhost:\d+ answered HTTP 503\.$/],
      ['JSON that is not a JWKS', { body: '{"keys":"none"}' }, 'ERR_JWKS', /^localhost:\d+ did not answer with a JWKS/],
    ];
    for (const [what, route, code, message] of rows) {
      it(`refuses ${what} (${code}) and trusts nothing`, async () => {
        const pathname = `/bad/${code}/${what.replace(/\W+/g, '-')}`;
        idp.routes.set(pathname, route);
        const prompts = new Prompts();
        let result: { error?: { code: string; message: string } } | undefined;
        try {
          result = await run('jwtLens.addTrustedIssuer', { jwksUri: `${idp.base}${pathname}` });
        } finally {
          prompts.dispose();
        }
        assert.equal(result?.error?.code, code);
        assert.match(result?.error?.message ?? '', message);
        assert.equal((await testHooks()).trustedIssuers.list().length, 0);
      });
    }

    it('refuses a discovery document for another issuer', async () => {
      const other = `${idp.base}/other`;
      const fetchedKeys = idp.count(jwksPath);
      idp.json('/other/.well-known/openid-configuration', { issuer: `${idp.base}/evil`, jwks_uri: `${idp.base}${jwksPath}` });
      const prompts = new Prompts();
      try {
        const result = await run<{ error: { code: string; message: string } }>('jwtLens.addTrustedIssuer', { issuer: other });
        assert.equal(result.error.code, 'ERR_DISCOVERY');
        assert.match(
          result.error.message,
          /^Issuer mismatch: localhost:\d+'s discovery document is not for https:\/\/localhost:\d+\/other/,
        );
      } finally {
        prompts.dispose();
      }
      assert.equal(idp.count(jwksPath), fetchedKeys, 'the JWKS of a mismatched issuer was fetched');
      assert.equal((await testHooks()).trustedIssuers.list().length, 0);
    });
  });
});
