// Signing claims files through the command, with a fixed clock: every preset, kidIn placements,
// relative times, and each error with its message and no file changed.
import * as assert from 'node:assert/strict';
import * as jwt from 'jsonwebtoken';
import * as vscode from 'vscode';
import { decodeToken } from '../../../src/core/token/decode';
import { CLAIMS_TEMPLATES } from '../../../src/core/sign/templates';
import { verifyToken } from '../../../src/core/judge/verify';
import { testKeys } from '../../support/keys';
import { verificationKey } from '../../support/tokens';
import { closeAllEditors, deleteAllKeys, eventually, run, testHooks, workspaceUri } from '../helpers';

const NOW = 1_800_000_000;

interface SignResult {
  token: string;
  url?: string;
  expires?: string;
  key: string;
  alg: string;
}

async function writeClaims(name: string, content: string): Promise<vscode.Uri> {
  const uri = workspaceUri(`claims/${name}`);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(content));
  return uri;
}

async function readText(uri: vscode.Uri): Promise<string> {
  return Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
}

describe('Sign Claims File (in the extension host)', () => {
  before(async () => {
    await deleteAllKeys();
    (await testHooks()).setClock({ nowSeconds: () => NOW });
    await run('jwtLens.addMuxKey', { keyId: 'mux-signing-key', privateKey: testKeys().muxPrivateKeyBase64, label: 'mux' });
    await run('jwtLens.addKey', { text: testKeys().rsaSpkiPem, kid: 'public-only', label: 'public-only' });
    await run('jwtLens.addKey', { text: testKeys().hmac64, kid: 'hs', label: 'hs' });
    await run('jwtLens.addKey', { text: 'too-short-secret', kid: 'short', label: 'short' });
  });
  after(async () => {
    await closeAllEditors();
    (await testHooks()).setClock({ nowSeconds: () => Date.now() / 1000 });
    await vscode.workspace.fs.delete(workspaceUri('claims'), { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });
  afterEach(closeAllEditors);

  for (const template of CLAIMS_TEMPLATES) {
    it(`signs the "${template.label}" preset; the token verifies here and with jsonwebtoken`, async () => {
      const uri = await run<vscode.Uri>('jwtLens.newClaimsFile', template.id);
      assert.equal(uri.scheme, 'untitled');
      assert.ok(uri.path.endsWith(template.fileName));
      const result = (await run<SignResult>('jwtLens.signClaimsFile', { file: uri, key: 'mux', output: 'none' }))!;
      assert.equal(result.alg, 'RS256');
      const decoded = decodeToken(result.token);
      assert.equal(decoded.payload?.exp, NOW + (template.id === 'api-access' ? 3600 : 900));
      assert.equal(decoded.payload?.iat, NOW);
      assert.equal(decoded.payload?.$jwt, undefined);
      const key = await verificationKey(testKeys().rsaSpkiPem, 'mux', 'mux-signing-key');
      assert.equal((await verifyToken(decoded, [key])).status, 'valid');
      const verified = jwt.verify(result.token, testKeys().rsaSpkiPem, { algorithms: ['RS256'], clockTimestamp: NOW }) as Record<
        string,
        unknown
      >;
      assert.equal(verified.aud, decoded.payload?.aud);
      if (template.id.startsWith('mux') || template.id.startsWith('fastpix')) {
        assert.equal(decoded.payload?.kid, 'mux-signing-key', 'Mux and FastPix read kid from the claims');
      }
      const expectedUrl: Record<string, string> = {
        'mux-video': 'https://stream.mux.com/YOUR_PLAYBACK_ID.m3u8?token=',
        'mux-thumbnail': 'https://image.mux.com/YOUR_PLAYBACK_ID/thumbnail.png?token=',
        'mux-gif': 'https://image.mux.com/YOUR_PLAYBACK_ID/animated.gif?token=',
        'mux-storyboard': 'https://image.mux.com/YOUR_PLAYBACK_ID/storyboard.vtt?token=',
        'fastpix-playback': 'https://stream.fastpix.io/YOUR_PLAYBACK_ID.m3u8?token=',
      };
      assert.equal(result.url, expectedUrl[template.id] ? `${expectedUrl[template.id]}${result.token}` : undefined);
    });
  }

  for (const [kidIn, inHeader, inPayload] of [
    ['header', true, false],
    ['payload', false, true],
    ['both', true, true],
  ] as const) {
    it(`puts the kid where "kidIn": "${kidIn}" says`, async () => {
      const uri = await writeClaims(
        `kid-${kidIn}.claims.json`,
        `{ "sub": "x", "exp": "1h", "$jwt": { "key": "mux", "kidIn": "${kidIn}" } }`,
      );
      const { token } = (await run<SignResult>('jwtLens.signClaimsFile', { file: uri, output: 'none' }))!;
      const decoded = decodeToken(token);
      assert.equal(decoded.header?.kid === 'mux-signing-key', inHeader);
      assert.equal(decoded.payload?.kid === 'mux-signing-key', inPayload);
    });
  }

  it('resolves relative times against the clock', async () => {
    (await testHooks()).setClock({ nowSeconds: () => NOW + 3600 });
    try {
      const uri = await writeClaims('times.claims.json', '{ "exp": "+2h", "nbf": "now" }');
      const { token, expires } = (await run<SignResult>('jwtLens.signClaimsFile', { file: uri, key: 'hs', output: 'none' }))!;
      assert.deepEqual([decodeToken(token).payload?.exp, decodeToken(token).payload?.nbf], [NOW + 3 * 3600, NOW + 3600]);
      assert.equal(expires, '2027-01-15T11:00:00Z');
    } finally {
      (await testHooks()).setClock({ nowSeconds: () => NOW });
    }
  });

  it('uses "$jwt.alg" and "$jwt.header", and puts the token where asked', async () => {
    const uri = await writeClaims(
      'out.claims.json',
      '{ "sub": "x", "$jwt": { "key": "hs", "alg": "HS512", "header": { "typ": "at+jwt", "x5t": "abc" }, "output": "clipboard" } }',
    );
    const { token } = (await run<SignResult>('jwtLens.signClaimsFile', { file: uri }))!;
    assert.deepEqual(decodeToken(token).header, { typ: 'at+jwt', x5t: 'abc', alg: 'HS512', kid: 'hs' });
    assert.equal(await vscode.env.clipboard.readText(), token);
  });

  it('inserts at the cursor of the last visible editor before the claims file, leaving the claims file alone', async () => {
    const target = await vscode.workspace.openTextDocument({ content: 'Authorization: Bearer \n', language: 'http' });
    const targetEditor = await vscode.window.showTextDocument(target, vscode.ViewColumn.One);
    targetEditor.selection = new vscode.Selection(0, 22, 0, 22);
    const uri = await writeClaims('insert.claims.json', '{ "sub": "x", "exp": "5m" }');
    const claimsEditor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), vscode.ViewColumn.Two);
    const { token } = (await run<SignResult>('jwtLens.signClaimsFile', { key: 'hs', output: 'insert' }))!;
    assert.equal(target.getText(), `Authorization: Bearer ${token}\n`);
    assert.equal(claimsEditor.document.getText(), '{ "sub": "x", "exp": "5m" }');
  });

  it('opens the token in a new editor with its decoded view', async () => {
    const uri = await writeClaims('editor.claims.json', '{ "sub": "x", "exp": "5m" }');
    const { token } = (await run<SignResult>('jwtLens.signClaimsFile', { file: uri, key: 'hs', output: 'editor' }))!;
    assert.equal(
      vscode.window.visibleTextEditors.some((editor) => editor.document.getText().trim() === token),
      true,
    );
    assert.equal((await testHooks()).decodedView.current?.verdict.decoded.text, token);
  });

  const errors: Array<[string, string, Record<string, unknown>, RegExp, number | undefined]> = [
    ['invalid JSON', '{\n  "sub": "x",\n  "exp" "15m"\n}', { key: 'mux' }, /Invalid JSON at line 3, column 9/, 2],
    ['an unknown key', '{\n  "sub": "x",\n  "$jwt": { "key": "nope" }\n}', {}, /No stored key named "nope"/, 2],
    [
      'a public-only key',
      '{ "sub": "x" }',
      { key: 'public-only' },
      /Key public-only is public-only: it can verify but not sign/,
      undefined,
    ],
    [
      'an algorithm the key cannot use',
      '{\n  "sub": "x",\n  "$jwt": { "alg": "ES256" }\n}',
      { key: 'mux' },
      /Key mux cannot sign ES256; it allows RS256, RS384, RS512, PS256, PS384, PS512\./,
      2,
    ],
    [
      'an HMAC secret shorter than the hash',
      '{ "sub": "x" }',
      { key: 'short', alg: 'HS256' },
      /Refused: HS256 needs a secret of at least 32 bytes and short has 16 \(RFC 7518 §3\.2\)/,
      undefined,
    ],
    ['a claim of the wrong type', '{\n  "sub": 42\n}', { key: 'mux' }, /"sub" must be a string, not 42/, 1],
    ['a unitless relative time', '{\n  "exp": "900"\n}', { key: 'mux' }, /"exp": "900" has no unit/, 1],
  ];
  for (const [name, content, args, message, line] of errors) {
    it(`refuses ${name}: says why, marks the place, changes no file`, async () => {
      const uri = await writeClaims(`error-${name.replace(/\W+/g, '-')}.claims.json`, content);
      await vscode.env.clipboard.writeText('unchanged');
      const result = await run<{ error?: { code: string; message: string }; token?: string }>('jwtLens.signClaimsFile', {
        file: uri,
        output: 'clipboard',
        ...args,
      });
      assert.equal(result?.token, undefined);
      assert.match(result?.error?.message ?? '', message);
      assert.equal(await readText(uri), content);
      assert.equal(await vscode.env.clipboard.readText(), 'unchanged');
      const diagnostics = vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'JWT Lens');
      if (line === undefined) {
        assert.equal(diagnostics.length, 0);
      } else {
        assert.equal(diagnostics.length, 1);
        assert.match(diagnostics[0].message, message);
        assert.equal(diagnostics[0].range.start.line, line);
      }
    });
  }
});

describe('Claims-file IntelliSense (in the extension host)', () => {
  after(async () => {
    await closeAllEditors();
    await vscode.workspace.fs.delete(workspaceUri('claims'), { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });

  it('completes Mux aud values and warns where a number must be a string', async () => {
    const uri = workspaceUri('claims/intellisense.claims.json');
    await vscode.workspace.fs.writeFile(uri, Buffer.from('{\n  "sub": 42,\n  "aud": "",\n  "exp": "15m"\n}\n'));
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    assert.equal(document.languageId, 'jsonc');
    const completions = await eventually(
      async () => {
        const list = await run<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, new vscode.Position(2, 10));
        const labels = list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
        return labels.includes('"v"') ? labels : undefined;
      },
      20_000,
      'the JSON language server to offer aud values',
    );
    for (const value of ['"v"', '"t"', '"g"', '"s"', '"d"', '"live_stream_id"']) {
      assert.ok(completions.includes(value), completions.join(' '));
    }
    const warnings = await eventually(
      () => {
        const found = vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.range.start.line === 1);
        return found.length ? found : undefined;
      },
      20_000,
      'the schema warning on "sub"',
    );
    assert.match(warnings[0].message, /string/i);
  });
});
