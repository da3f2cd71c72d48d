// Mux and FastPix accounts in the host, against a local server speaking the documented endpoints
// (test/support/providerApi.ts): connect (arguments and prompts), list, create (the private key in
// the key store only), revoke, rotate (claims files retargeted), FastPix public-key verification,
// and every failure with its own code and message.
import * as assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import * as vscode from 'vscode';
import type { StoredKey } from '../../../src/services/keyStore';
import type { AccountNode, RemoteKeyNode } from '../../../src/shared/keysViewNodes';
import { testKeys } from '../../support/keys';
import { FakeProviderApi } from '../../support/providerApi';
import { signWith } from '../../support/tokens';
import {
  closeAllEditors,
  deleteAllKeys,
  eventually,
  extensionExports,
  hoverText,
  keysViewGroup,
  run,
  testHooks,
  workspaceUri,
} from '../helpers';
import { Prompts } from '../prompts';

type Failure = { error: { code: string; message: string } };
type Connected = { id: string; label: string; environment?: string };

const settings = () => vscode.workspace.getConfiguration('jwtLens');

describe('Mux and FastPix accounts (in the extension host, against a local API)', () => {
  let api: FakeProviderApi;

  before(async () => {
    api = await FakeProviderApi.start();
    await settings().update('network.allowHttpLocalhost', true, vscode.ConfigurationTarget.Global);
    await settings().update('mux.apiBaseUrl', api.baseUrl('mux'), vscode.ConfigurationTarget.Global);
    await settings().update('fastpix.apiBaseUrl', api.baseUrl('fastpix'), vscode.ConfigurationTarget.Global);
  });

  beforeEach(async () => {
    api.keys.mux.clear();
    api.keys.fastpix.clear();
    await deleteAllKeys();
    const { accounts } = await testHooks();
    for (const account of accounts.list()) {
      await accounts.disconnect(account.id);
    }
  });

  after(async () => {
    await closeAllEditors();
    for (const setting of ['network.allowHttpLocalhost', 'mux.apiBaseUrl', 'fastpix.apiBaseUrl']) {
      await settings().update(setting, undefined, vscode.ConfigurationTarget.Global);
    }
    const { accounts } = await testHooks();
    for (const account of accounts.list()) {
      await accounts.disconnect(account.id);
    }
    await deleteAllKeys();
    await api.close();
    await vscode.workspace.fs.delete(workspaceUri('accounts'), { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });

  async function connectMux(): Promise<Connected> {
    return run<Connected>('jwtLens.connectMuxAccount', api.addToken('mux'));
  }

  async function accountNode(id: string): Promise<AccountNode> {
    const node = (await keysViewGroup('accounts')).find(
      (element): element is AccountNode => (element as AccountNode).viewNode === 'account' && (element as AccountNode).id === id,
    );
    assert.ok(node, 'the account is in the Keys view');
    return node;
  }

  async function remoteKeyNodes(id: string): Promise<RemoteKeyNode[]> {
    const { keysTree } = await testHooks();
    keysTree.refresh();
    const children = await keysTree.getChildren(await accountNode(id));
    return children.filter((child): child is RemoteKeyNode => 'viewNode' in child && child.viewNode === 'remoteKey');
  }

  it('connects a Mux account with arguments: whoami checked with Basic auth, names kept, secret not', async () => {
    const token = api.addToken('mux');
    const connected = await run<Connected>('jwtLens.connectMuxAccount', token);
    assert.equal(connected.label, 'Mux Acme / Production');
    assert.equal(connected.environment, 'Production · production');
    const [whoami] = api.requestsTo('/system/v1/whoami');
    assert.equal(whoami.authorization, `Basic ${Buffer.from(`${token.tokenId}:${token.tokenSecret}`).toString('base64')}`);
    const { accounts, keysTree } = await testHooks();
    const stored = JSON.stringify(accounts.list());
    assert.ok(!stored.includes(token.tokenSecret) && !stored.includes(token.tokenId), 'no token in the account metadata');
    assert.equal(keysTree.getTreeItem(await accountNode(connected.id)).description, 'Mux account');
    // The same token again replaces its account instead of adding a second.
    const again = await run<Connected>('jwtLens.connectMuxAccount', { ...token, label: 'Renamed' });
    assert.equal(again.id, connected.id);
    assert.deepEqual(
      accounts.list().map((account) => account.label),
      ['Renamed'],
    );
  });

  it('connects a FastPix account from the palette: asks the id, then the secret in a password box', async () => {
    const token = api.addToken('fastpix');
    const prompts = new Prompts(token.tokenId, token.tokenSecret);
    try {
      const connected = await run<Connected>('jwtLens.connectFastPixAccount');
      assert.equal(connected.label, 'FastPix workspace 1');
      assert.deepEqual(
        prompts.asked.map((asked) => [asked.title, asked.password === true]),
        [
          ['Connect FastPix Account (1/2)', false],
          ['Connect FastPix Account (2/2)', true],
        ],
      );
      assert.ok(prompts.messages('information').some((message) => message.startsWith('Connected FastPix workspace 1.')));
      assert.equal(api.requestsTo('/iam/signing-keys', 'GET').at(-1)?.authorized, true);
    } finally {
      prompts.dispose();
    }
  });

  it("ignores a workspace's jwtLens.mux.apiBaseUrl: the token goes only where your user settings say", async () => {
    // VS Code's API refuses to write it there, so the test writes the file as a cloned repository would.
    const file = workspaceUri('.vscode/settings.json');
    const original = await vscode.workspace.fs.readFile(file).then(
      (bytes) => Buffer.from(bytes).toString(),
      () => undefined,
    );
    const hostile = { ...(original ? (JSON.parse(original) as object) : {}), 'jwtLens.mux.apiBaseUrl': 'http://127.0.0.1:9/elsewhere' };
    await vscode.workspace.fs.writeFile(file, Buffer.from(JSON.stringify(hostile)));
    try {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const connected = await connectMux();
      assert.equal(connected.label, 'Mux Acme / Production');
      assert.equal(settings().inspect('mux.apiBaseUrl')?.globalValue, api.baseUrl('mux'));
    } finally {
      if (original !== undefined) {
        await vscode.workspace.fs.writeFile(file, Buffer.from(original));
      } else {
        await vscode.workspace.fs.delete(file);
        const folder = workspaceUri('.vscode');
        if ((await vscode.workspace.fs.readDirectory(folder)).length === 0) {
          await vscode.workspace.fs.delete(folder);
        }
      }
    }
  });

  it('refuses a wrong secret with 401 wording, and keeps nothing', async () => {
    const token = api.addToken('mux');
    const result = await run<Failure>('jwtLens.connectMuxAccount', { tokenId: token.tokenId, tokenSecret: 'wrong-secret-0123456789' });
    assert.equal(result.error.code, 'ERR_ACCOUNT_UNAUTHORIZED');
    assert.match(result.error.message, /check the token id and secret/);
    assert.deepEqual((await testHooks()).accounts.list(), []);
  });

  it('a wrong secret typed at the palette offers Retry: the same boxes again with what was typed and why, then connects', async () => {
    const token = api.addToken('mux');
    const wrong = 'wrong-secret-0123456789';
    const prompts = new Prompts(token.tokenId, wrong, token.tokenId, token.tokenSecret).press('refused the access token', 'Retry');
    try {
      const connected = await run<Connected>('jwtLens.connectMuxAccount');
      assert.equal(connected.label, 'Mux Acme / Production');
      const refusal = 'Mux refused the access token (HTTP 401): check the token id and secret, or connect the account again.';
      assert.deepEqual(
        prompts.shown.map((shown) => [shown.level, shown.message, shown.buttons]),
        [
          ['error', refusal, ['Retry']],
          ['information', 'Connected Mux Acme / Production. Its signing keys are in the Keys view.', []],
        ],
      );
      assert.deepEqual(
        prompts.asked.map((asked) => [asked.title, asked.value, asked.prompt === refusal]),
        [
          ['Connect Mux Account (1/2)', '', false],
          ['Connect Mux Account (2/2)', '', false],
          ['Connect Mux Account (1/2)', token.tokenId, true],
          ['Connect Mux Account (2/2)', wrong, true],
        ],
      );
      assert.deepEqual(
        (await testHooks()).accounts.list().map((account) => account.label),
        ['Mux Acme / Production'],
      );
    } finally {
      prompts.dispose();
    }
  });

  it('a wrong secret with Retry not pressed ends the flow quietly, keeping nothing', async () => {
    const token = api.addToken('mux');
    const prompts = new Prompts(token.tokenId, 'wrong-secret-0123456789');
    try {
      assert.equal(await run('jwtLens.connectMuxAccount'), undefined);
      assert.deepEqual(
        prompts.shown.map((shown) => [shown.level, shown.buttons]),
        [['error', ['Retry']]],
      );
      assert.deepEqual((await testHooks()).accounts.list(), []);
    } finally {
      prompts.dispose();
    }
  });

  it('gives every failure its own code and message, with no secret in any (401, 403, 404, 429, 5xx, not JSON, network down)', async () => {
    const token = api.addToken('fastpix');
    const { id } = await run<Connected>('jwtLens.connectFastPixAccount', token);
    const table: Array<[Parameters<FakeProviderApi['inject']>[0], string, RegExp]> = [
      [{ status: 401 }, 'ERR_ACCOUNT_UNAUTHORIZED', /FastPix refused the access token \(HTTP 401\)/],
      [{ status: 403 }, 'ERR_ACCOUNT_FORBIDDEN', /lacks the permission \(HTTP 403\). It needs Read and Write/],
      [{ status: 404 }, 'ERR_ACCOUNT_NOT_FOUND', /HTTP 404/],
      [{ status: 429, headers: { 'retry-after': '42' } }, 'ERR_ACCOUNT_RATE_LIMITED', /try again in 42 s/],
      [{ status: 502 }, 'ERR_ACCOUNT_SERVER', /FastPix had a problem \(HTTP 502\)/],
      [{ status: 200, body: '<html>login</html>' }, 'ERR_HTTP_NOT_JSON', /FastPix answered with something that is not JSON \(HTTP 200\)/],
      [{ status: 200, body: '{"success":true}' }, 'ERR_ACCOUNT_RESPONSE', /answer has no list of keys/],
      [{ drop: true }, 'ERR_HTTP_NETWORK', /Could not reach 127\.0\.0\.1:\d+/],
    ];
    const prompts = new Prompts();
    try {
      for (const [injection, code, message] of table) {
        api.inject({ ...injection, method: 'GET', provider: 'fastpix' });
        const result = await run<Failure>('jwtLens.listSigningKeys', id);
        assert.equal(result.error.code, code, JSON.stringify(injection));
        assert.match(result.error.message, message);
        assert.ok(!result.error.message.includes(token.tokenSecret) && !result.error.message.includes(token.tokenId));
      }
      // Each was shown once, as the command table shows failures.
      assert.equal(prompts.messages('error').length, table.length);
    } finally {
      prompts.dispose();
    }
    // A base URL the policy refuses names the setting.
    await settings().update('network.allowHttpLocalhost', undefined, vscode.ConfigurationTarget.Global);
    try {
      const refused = await run<Failure>('jwtLens.listSigningKeys', id);
      assert.equal(refused.error.code, 'ERR_HTTP_URL');
      assert.match(refused.error.message, /^jwtLens\.fastpix\.apiBaseUrl: Plain HTTP to 127\.0\.0\.1:\d+ is off/);
    } finally {
      await settings().update('network.allowHttpLocalhost', true, vscode.ConfigurationTarget.Global);
    }
  });

  it('the Keys view groups signing keys, accounts and issuers; a Mux key shows once, under its account; its Mux claims file offers it first', async () => {
    await run('jwtLens.addKey', { text: testKeys().rsaPkcs8Pem, kid: 'rsa-other', label: 'rsa-other' });
    const { id } = await connectMux();
    const prompts = new Prompts();
    let kid: string;
    try {
      kid = await run<string>('jwtLens.createSigningKey', await accountNode(id));
    } finally {
      prompts.dispose();
    }
    const { keysTree } = await testHooks();
    keysTree.refresh();
    const label = (node: Parameters<typeof keysTree.getTreeItem>[0]) => String(keysTree.getTreeItem(node).label);
    assert.deepEqual(
      keysTree.getChildren().map((group) => [label(group), keysTree.getTreeItem(group).collapsibleState]),
      [
        ['Signing keys', vscode.TreeItemCollapsibleState.Expanded],
        ['Accounts', vscode.TreeItemCollapsibleState.Expanded],
      ],
    );
    // Once: under its account, not among the signing keys too.
    assert.deepEqual((await keysViewGroup('keys')).map(label), ['rsa-other']);
    const [row] = await remoteKeyNodes(id);
    assert.deepEqual([row.kid, keysTree.getTreeItem(row).contextValue], [kid, 'jwtRemoteKey.stored']);
    // Its row's context menu acts on the stored key, as VS Code passes the row.
    assert.equal(await run('jwtLens.copyKeyId', row, [row]), kid);
    assert.equal(await vscode.env.clipboard.readText(), kid);
    await vscode.env.clipboard.writeText('');
    // A Mux claims file with no "$jwt.key": the Mux key is offered above the unrelated RSA key.
    const file = workspaceUri('accounts/video.claims.json');
    await vscode.workspace.fs.writeFile(
      file,
      Buffer.from('{ "sub": "pb1", "aud": "v", "exp": "15m", "$jwt": { "alg": "RS256", "kidIn": "payload" } }'),
    );
    await vscode.window.showTextDocument(file);
    const picking = new Prompts(undefined);
    try {
      assert.equal(await run('jwtLens.signClaimsFile', file), undefined);
      assert.deepEqual(picking.asked[0].items, [`$(key) Mux ${kid}`, '$(key) rsa-other']);
    } finally {
      picking.dispose();
    }
  });

  it('creates a Mux key from the Keys view: the private key goes to the key store under the remote id, nowhere else', async () => {
    const { id } = await connectMux();
    const prompts = new Prompts();
    let kid: string;
    try {
      // From the view's inline button VS Code passes the account element.
      kid = await run<string>('jwtLens.createSigningKey', await accountNode(id));
      assert.match(prompts.messages('information')[0], /^Created Mux signing key \w+\. Its private key went straight to secret storage/);
    } finally {
      prompts.dispose();
    }
    const { keyStore } = await testHooks();
    const [stored] = keyStore.list().filter((key) => key.kid === kid);
    assert.deepEqual(
      [stored.label, stored.provider, stored.source, stored.isPrivate, stored.type],
      [`Mux ${kid}`, 'mux', 'created', true, 'RSA'],
    );
    // The very key the provider made: its public half matches.
    const remote = api.keys.mux.get(kid)!;
    const expected = createPublicKey(remote.publicSpkiPem).export({ format: 'jwk' });
    assert.equal(stored.publicJwk?.n, expected.n);
    assert.equal(await vscode.env.clipboard.readText().then((text) => text.includes(kid) || text.includes('PRIVATE')), false);
    // The view marks it stored here; a key created elsewhere is marked not stored.
    const teammate = api.addRemoteKey('mux');
    const nodes = await remoteKeyNodes(id);
    assert.deepEqual(
      nodes.map((node) => [node.kid, node.storedKeyId !== undefined]).sort(),
      [
        [kid, true],
        [teammate.id, false],
      ].sort(),
    );
    const listed = await run<Array<{ id: string; stored: boolean }>>('jwtLens.listSigningKeys', id);
    assert.deepEqual(
      listed.map((key) => [key.id, key.stored]).sort(),
      [
        [kid, true],
        [teammate.id, false],
      ].sort(),
    );
    // It signs: a Mux playback token with it verifies as signed by it.
    const token = await run<{ token: string }>('jwtLens.signClaimsFile', {
      file: await writeClaims('created.claims.json', { sub: 'pb', aud: 'v', exp: '15m', $jwt: { key: kid, kidIn: 'payload' } }),
      output: 'none',
    });
    const verdict = await (await extensionExports()).verify(token.token);
    assert.deepEqual([verdict.signature?.status, verdict.signature?.keyLabel], ['valid', `Mux ${kid}`]);
  });

  it('a created key that cannot be stored is revoked again; if that fails too, the message names the id to revoke', async () => {
    const { id } = await connectMux();
    const { keyStore } = await testHooks();
    api.inject({ method: 'POST', provider: 'mux', privateKey: Buffer.from('not a key at all, but long enough').toString('base64') });
    const undone = await run<Failure>('jwtLens.createSigningKey', id);
    assert.equal(undone.error.code, 'ERR_ACCOUNT_KEY_NOT_STORED');
    assert.match(
      undone.error.message,
      /could not be stored \(Mux returned a private key JWT Lens cannot read\), so it was revoked again: nothing was kept/,
    );
    assert.equal(api.keys.mux.size, 0, 'the remote key was revoked');
    assert.deepEqual(keyStore.list(), []);

    api.inject({ method: 'POST', provider: 'mux', privateKey: 'bm90IGEga2V5' });
    api.inject({ method: 'DELETE', provider: 'mux', status: 503 });
    const stranded = await run<Failure>('jwtLens.createSigningKey', id);
    const [leftKid] = [...api.keys.mux.keys()];
    assert.equal(stranded.error.code, 'ERR_ACCOUNT_KEY_NOT_STORED');
    assert.equal(
      stranded.error.message,
      `The new Mux signing key ${leftKid} could not be stored (Mux returned a private key JWT Lens cannot read) nor revoked again: revoke it in the Mux dashboard or from the Keys view.`,
    );
    assert.deepEqual(keyStore.list(), []);
  });

  it('revokes from the Keys view after asking (Keep cancels), and with { confirm: false } from automation', async () => {
    const { id } = await connectMux();
    const first = api.addRemoteKey('mux');
    const second = api.addRemoteKey('mux');
    const [node] = (await remoteKeyNodes(id)).filter((candidate) => candidate.kid === first.id);
    const prompts = new Prompts();
    try {
      assert.equal(await run('jwtLens.revokeSigningKey', node, [node]), undefined);
      assert.ok(api.keys.mux.has(first.id), 'not revoked when the question is dismissed');
      prompts.press(`Revoke Mux signing key ${first.id}?`, 'Revoke');
      assert.equal(await run('jwtLens.revokeSigningKey', node, [node]), true);
      const asked = prompts.shown.filter((shown) => shown.level === 'warning');
      assert.equal(asked.length, 2);
      assert.ok(asked[1].modal);
      // The first button is the dialog's default: Enter keeps the key.
      assert.deepEqual(asked[1].buttons, ['Keep', 'Revoke']);
      assert.match(asked[1].message, /Every token signed with it stops working at once/);
    } finally {
      prompts.dispose();
    }
    assert.ok(!api.keys.mux.has(first.id));
    assert.equal(await run('jwtLens.revokeSigningKey', { account: id, kid: second.id }, { confirm: false }), true);
    assert.equal(api.keys.mux.size, 0);
    const missing = await run<Failure>('jwtLens.revokeSigningKey', { account: id, keyId: 'gone', confirm: false });
    assert.equal(missing.error.code, 'ERR_ACCOUNT_NOT_FOUND');
  });

  it('a revoked key reads as revoked, is never offered or used for signing, and still verifies the tokens it signed', async () => {
    const { id } = await connectMux();
    const oldKid = await run<string>('jwtLens.createSigningKey', id);
    const newKid = await run<string>('jwtLens.createSigningKey', id);
    const byOld = await writeClaims('revoked/old.claims.json', {
      sub: 'pb',
      aud: 'v',
      exp: '15m',
      $jwt: { key: oldKid, kidIn: 'payload' },
    });
    const old = await run<{ token: string }>('jwtLens.signClaimsFile', { file: byOld, output: 'none' });
    // Last used first would put it first in every picker.
    const [node] = (await remoteKeyNodes(id)).filter((candidate) => candidate.kid === oldKid);
    const prompts = new Prompts();
    try {
      prompts.press(`Revoke Mux signing key ${oldKid}?`, 'Revoke');
      assert.equal(await run('jwtLens.revokeSigningKey', node, [node]), true);
      assert.deepEqual(prompts.messages('information'), [
        `Revoked Mux signing key ${oldKid}. It stays in the Keys view marked revoked: it verifies the tokens it signed and signs no more.`,
      ]);
    } finally {
      prompts.dispose();
    }
    const { keyStore, keysTree } = await testHooks();
    const stored = keyStore.list().find((key: StoredKey) => key.kid === oldKid);
    assert.ok(stored?.revoked, 'the stored key is marked revoked');
    const item = keysTree.getTreeItem(stored);
    assert.equal(item.description, 'revoked · RSA 2048 · can decrypt');
    assert.match(
      (item.tooltip as vscode.MarkdownString).value,
      /Revoked \d{4}-\d{2}-\d{2}: it verifies the tokens it signed and is never offered for signing\./,
    );
    // Named in a claims file: refused, saying what to do.
    const refused = await run<Failure>('jwtLens.signClaimsFile', { file: byOld, output: 'none' });
    assert.deepEqual(refused.error, {
      code: 'ERR_SIGN_REVOKED',
      message: `Key Mux ${oldKid} was revoked, so tokens it signs are refused. Sign with the account's current key, or create one with Create Signing Key.`,
    });
    // Not offered: the picker lists only the current key.
    const open = await writeClaims('revoked/any.claims.json', { sub: 'pb', aud: 'v', exp: '15m', $jwt: { alg: 'RS256' } });
    const picking = new Prompts(undefined);
    try {
      assert.equal(await run('jwtLens.signClaimsFile', { file: open, output: 'none' }), undefined);
      assert.deepEqual(
        picking.asked.map((asked) => [asked.title, asked.items]),
        [['Sign RS256 with which key?', [`$(key) Mux ${newKid}`]]],
      );
    } finally {
      picking.dispose();
    }
    // Kept, it still verifies what it signed, and says it is revoked.
    const verdict = await (await extensionExports()).verify(old.token);
    assert.deepEqual([verdict.signature?.status, verdict.signature?.keyLabel], ['valid', `Mux ${oldKid} (revoked)`]);
    const uri = await writeText('revoked/token.txt', `token=${old.token}\n`);
    // The hover's Markdown escapes the parentheses.
    assert.ok((await hoverText(uri, old.token)).includes(`signed by Mux ${oldKid} \\(revoked\\)`));
  });

  it('rotates: a new key created and stored, the claims files naming the old one pointed at it, the old one revoked', async () => {
    const { id } = await connectMux();
    const oldKid = await run<string>('jwtLens.createSigningKey', id);
    const byKid = await writeClaims('rotate/by-kid.claims.json', { sub: 'pb', aud: 'v', exp: '15m', kid: oldKid, $jwt: { key: oldKid } });
    const byLabel = await writeClaims('rotate/by-label.claims.json', { sub: 'pb', aud: 't', exp: '15m', $jwt: { key: `Mux ${oldKid}` } });
    const other = await writeClaims('rotate/other.claims.json', { sub: 'pb', aud: 'v', exp: '15m', $jwt: { key: 'another-key' } });
    const result = await run<{ kid: string; previousKid: string; updatedFiles: string[]; revokeOld: string }>(
      'jwtLens.rotateSigningKey',
      { account: id, keyId: oldKid },
      { confirm: false, revokeOld: 'now' },
    );
    assert.equal(result.previousKid, oldKid);
    assert.notEqual(result.kid, oldKid);
    assert.equal(result.revokeOld, 'now');
    assert.deepEqual([...result.updatedFiles].sort(), [byKid.toString(), byLabel.toString()].sort());
    const read = async (uri: vscode.Uri) =>
      JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(uri)).toString()) as Record<string, never>;
    assert.deepEqual([(await read(byKid)).kid, (await read(byKid)).$jwt], [result.kid, { key: result.kid }]);
    assert.deepEqual((await read(byLabel)).$jwt, { key: `Mux ${result.kid}` });
    assert.deepEqual((await read(other)).$jwt, { key: 'another-key' });
    assert.deepEqual([...api.keys.mux.keys()], [result.kid]);
    assert.ok((await testHooks()).keyStore.list().some((key: StoredKey) => key.kid === result.kid && key.isPrivate));
    // The retargeted file signs with the new key.
    const signed = await run<{ key: string }>('jwtLens.signClaimsFile', { file: byKid, output: 'none' });
    assert.equal(signed.key, `Mux ${result.kid}`);
  });

  it('rotates with a grace period: the old key stays until then', async () => {
    const { id } = await connectMux();
    const oldKid = await run<string>('jwtLens.createSigningKey', id);
    const prompts = new Prompts('Offer to revoke it in 1 day');
    try {
      const result = await run<{ kid: string; revokeOld: string; revokeAt: string }>('jwtLens.rotateSigningKey', {
        account: id,
        keyId: oldKid,
      });
      assert.equal(result.revokeOld, 'scheduled');
      assert.ok(Math.abs(Date.parse(result.revokeAt) - (Date.now() + 86_400_000)) < 60_000);
      assert.ok(api.keys.mux.has(oldKid) && api.keys.mux.has(result.kid));
      assert.equal(prompts.unanswered, 0);
    } finally {
      prompts.dispose();
    }
    const bad = await run<Failure>('jwtLens.rotateSigningKey', { account: id, keyId: oldKid, revokeOld: 'soonish', confirm: false });
    assert.equal(bad.error.code, 'ERR_INVALID_ARGUMENT');
  });

  it('offers to revoke the old key when its grace period ends, and revokes it when asked', async () => {
    const { id } = await connectMux();
    const oldKid = await run<string>('jwtLens.createSigningKey', id);
    const prompts = new Prompts().press(`signing key ${oldKid}`, 'Revoke');
    try {
      const result = await run<{ kid: string; revokeOld: string }>(
        'jwtLens.rotateSigningKey',
        { account: id, keyId: oldKid },
        { confirm: false, revokeOld: '1s' },
      );
      assert.equal(result.revokeOld, 'scheduled');
      assert.ok(api.keys.mux.has(oldKid), 'not revoked before the grace period ends');
      await eventually(() => (api.keys.mux.has(oldKid) ? undefined : true), 8000, 'the offer to revoke, answered Revoke');
      const offer = prompts.shown.find((shown) => shown.message.includes(`signing key ${oldKid}`));
      assert.match(
        offer!.message,
        /^The grace period of the old Mux signing key \w+ \(Mux Acme \/ Production\) is over\. Revoke it now\?$/,
      );
      assert.ok(api.keys.mux.has(result.kid));
    } finally {
      prompts.dispose();
    }
  });

  it("shows why an account's keys cannot be listed, as a row under the account", async () => {
    const { id } = await connectMux();
    api.inject({ method: 'GET', provider: 'mux', pathEndsWith: '/signing-keys', status: 403 });
    const { keysTree } = await testHooks();
    keysTree.refresh();
    const [row] = await keysTree.getChildren(await accountNode(id));
    const item = keysTree.getTreeItem(row);
    assert.match(
      String(item.label),
      /^Could not list the signing keys: the Mux access token lacks the permission \(HTTP 403\)\. It needs the System permission/,
    );
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'warning');
    // Listed again (and fine) on the next refresh.
    assert.deepEqual(await remoteKeyNodes(id), []);
  });

  it('verifies a FastPix token by its kid with the public key from the connected account (cached, no private key here)', async () => {
    const token = api.addToken('fastpix');
    await run('jwtLens.connectFastPixAccount', token);
    const teammate = api.addRemoteKey('fastpix');
    const now = Math.floor(Date.now() / 1000);
    const claims = { kid: teammate.id, aud: 'media:abc', iss: 'fastpix.io', sub: 'ws-42', iat: now, exp: now + 600 };
    const signed = await signWith(teammate.privatePkcs1Pem, claims, 'RS256');
    const lens = await extensionExports();
    const verdict = await lens.verify(signed);
    assert.equal(verdict.signature?.status, 'valid');
    assert.equal(verdict.signature?.keyLabel, `FastPix ${teammate.id} (FastPix workspace 1)`);
    const lookups = api.requestsTo(`/iam/signing-keys/${teammate.id}`, 'GET');
    assert.equal(lookups.length, 1);
    assert.ok(lookups[0].authorized);
    // Cached: the hover of a file holding it asks nothing more.
    const uri = await writeText('fastpix/token.txt', `token=${signed}\n`);
    assert.match(await hoverText(uri, signed), new RegExp(`signed by FastPix ${teammate.id}`));
    assert.equal(api.requestsTo(`/iam/signing-keys/${teammate.id}`, 'GET').length, 1);
    // A forged token naming the same kid does not verify.
    const forged = await signWith(testKeys().rsaPkcs1Pem, claims, 'RS256');
    assert.equal((await lens.verify(forged)).signature?.status, 'invalid-signature');
    // An unknown kid: one lookup, then remembered as missing.
    const unknown = await signWith(testKeys().rsaPkcs1Pem, { ...claims, kid: 'nobody-has-this' }, 'RS256');
    assert.equal((await lens.verify(unknown)).signature?.status, 'no-key');
    assert.equal((await lens.verify(unknown)).signature?.status, 'no-key');
    assert.equal(api.requestsTo('/iam/signing-keys/nobody-has-this', 'GET').length, 1);
    // A kid that is a dot segment is never sent: /iam/signing-keys/.. would be GET /iam/ with the access token.
    const sentBefore = api.requests.length;
    for (const kid of ['..', '.']) {
      const dots = await signWith(testKeys().rsaPkcs1Pem, { ...claims, kid }, 'RS256');
      assert.equal((await lens.verify(dots)).signature?.status, 'no-key');
    }
    assert.deepEqual(api.requests.slice(sentBefore), []);
    // Rate-limited: a burst of tokens with unknown kids makes at most 10 lookups a minute.
    for (let index = 0; index < 15; index++) {
      const stranger = await signWith(testKeys().rsaPkcs1Pem, { ...claims, kid: `stranger-${index}` }, 'RS256');
      assert.equal((await lens.verify(stranger)).signature?.status, 'no-key');
    }
    const strangerLookups = api.requests.filter((request) => request.path.includes('/iam/signing-keys/stranger-')).length;
    assert.ok(strangerLookups >= 1 && strangerLookups <= 10, `${strangerLookups} lookups`);
  });

  it("sends no key id unlike the providers' own (encoded slashes, spaces, lone surrogates): no lookup, no request, no key made", async () => {
    await run('jwtLens.connectFastPixAccount', api.addToken('fastpix'));
    const { id: muxId } = await connectMux();
    const lens = await extensionExports();
    const now = Math.floor(Date.now() / 1000);
    const sentBefore = api.requests.length;
    for (const kid of ['a%2F..%2Fwhoami', 'kid with spaces', '\ud800']) {
      const claims = { kid, aud: 'media:abc', iss: 'fastpix.io', sub: 'ws-42', iat: now, exp: now + 600 };
      const token = await signWith(testKeys().rsaPkcs1Pem, claims, 'RS256');
      assert.equal((await lens.verify(token)).signature?.status, 'no-key', JSON.stringify(kid));
    }
    const refused = 'Not a signing key id: ids are 1 to 128 letters, digits, "-" or "_".';
    const revoked = await run<Failure>('jwtLens.revokeSigningKey', { account: muxId, keyId: '\ud800', confirm: false });
    assert.deepEqual(revoked.error, { code: 'ERR_INVALID_ARGUMENT', message: refused });
    // Checked before the new key is made: a rotation away from a bad id creates nothing.
    const rotated = await run<Failure>(
      'jwtLens.rotateSigningKey',
      { account: muxId, keyId: 'a%2F..%2Fwhoami' },
      { confirm: false, revokeOld: 'now' },
    );
    assert.deepEqual(rotated.error, { code: 'ERR_INVALID_ARGUMENT', message: refused });
    assert.deepEqual(api.requests.slice(sentBefore), []);
    assert.equal(api.keys.mux.size, 0);
  });

  it('an unknown or missing account fails with the ways to connect one', async () => {
    const failure = await run<Failure>('jwtLens.createSigningKey', 'no-such-account');
    assert.equal(failure.error.code, 'ERR_ACCOUNT_UNKNOWN');
    const prompts = new Prompts();
    try {
      const none = await run<Failure>('jwtLens.createSigningKey');
      assert.equal(none.error.code, 'ERR_ACCOUNT_UNKNOWN');
      assert.deepEqual(prompts.shown.at(-1)?.buttons, ['Connect Mux Account', 'Connect FastPix Account']);
    } finally {
      prompts.dispose();
    }
  });

  it('disconnects after asking: the access token leaves secret storage', async () => {
    const { id } = await connectMux();
    const prompts = new Prompts().press('Disconnect Mux Acme / Production?', 'Disconnect');
    try {
      assert.equal(await run('jwtLens.disconnectAccount', await accountNode(id), [await accountNode(id)]), true);
    } finally {
      prompts.dispose();
    }
    const { accounts } = await testHooks();
    assert.deepEqual(accounts.list(), []);
    const failure = await run<Failure>('jwtLens.listSigningKeys', id);
    assert.equal(failure.error.code, 'ERR_ACCOUNT_UNKNOWN');
  });
});

async function writeText(relative: string, text: string): Promise<vscode.Uri> {
  const uri = workspaceUri(`accounts/${relative}`);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text));
  return uri;
}

function writeClaims(relative: string, claims: unknown): Promise<vscode.Uri> {
  return writeText(relative, JSON.stringify(claims, null, 2));
}
