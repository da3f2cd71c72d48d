// Claims a hostile token can carry, in the real host: a lone UTF-16 surrogate in a playback id
// leaves the hover, the decoded view and Copy Signed URL working (no URL, and why); bare claims
// encrypted to a stored public key are a problem, not a green decryption; a file of junk JWEs costs
// a bounded number of private-key operations, and a JWE past that bound decrypts when hovered.
import * as assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import * as vscode from 'vscode';
import { jweRsaOaep } from '../../support/jwe';
import { testKeys } from '../../support/keys';
import { rememberPrivateKey } from '../../support/secrets';
import { assemble } from '../../support/tokens';
import { closeAllEditors, deleteAllKeys, eventually, hoverText, run, testHooks, workspaceUri } from '../helpers';

const NOW = 1_800_000_000;

describe('Hostile claims (in the extension host)', function () {
  this.timeout(60_000);

  before(async () => {
    await deleteAllKeys();
    (await testHooks()).setClock({ nowSeconds: () => NOW });
  });

  after(async () => {
    await closeAllEditors();
    await deleteAllKeys();
    (await testHooks()).setClock({ nowSeconds: () => Date.now() / 1000 });
    await vscode.workspace.fs.delete(workspaceUri('hostile-claims'), { recursive: true });
  });

  it('a lone surrogate in a playback id: the hover and decoded view still show, Copy Signed URL says why there is none', async () => {
    const mux = assemble({ alg: 'RS256', kid: 'k' }, { sub: '\ud800', aud: 'v', exp: NOW + 600, kid: 'k' });
    const fastpix = assemble({ alg: 'RS256' }, { iss: 'fastpix.io', aud: 'media:\udc00', exp: NOW + 600, kid: 'k' });
    const uri = workspaceUri('hostile-claims/surrogates.env');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(`MUX=${mux}\nFASTPIX=${fastpix}\n`));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    for (const [token, claim] of [
      [mux, 'sub'],
      [fastpix, 'aud'],
    ]) {
      const hover = await hoverText(uri, token);
      assert.match(hover, /^\*\*JWT RS256\*\*/m, claim);
      assert.doesNotMatch(hover, /Copy Signed URL/, claim);
      assert.deepEqual(await run('jwtLens.copySignedUrl', token), {
        error: {
          code: 'ERR_TOKEN_UNSUITABLE',
          message: `This token has no signed URL: its "${claim}" holds an unpaired UTF-16 surrogate, which a URL cannot carry.`,
        },
      });
      await run('jwtLens.openDecoded', token);
      const view = (await testHooks()).decodedView.current;
      assert.equal(view?.verdict.decoded.text, token, claim);
      assert.equal(view.signedUrl, undefined, claim);
    }
  });

  it('bare claims encrypted to a stored public key: an "unsigned" problem like alg none, "inner ⚠ unsigned", no green pill', async () => {
    await run('jwtLens.addKey', { text: testKeys().rsaPkcs1Pem, kid: 'enc-key', label: 'enc-key' });
    const claims = { sub: 'admin', role: 'superuser', exp: NOW + 600 };
    const jwe = jweRsaOaep(testKeys().rsa.publicKey, 'RSA-OAEP', JSON.stringify(claims));
    const none = assemble({ alg: 'none' }, claims, '');
    const uri = workspaceUri('hostile-claims/bare.env');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(`BARE=${jwe}\nNONE=${none}\n`));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const unsigned = await eventually(
      () => {
        const found = vscode.languages
          .getDiagnostics(uri)
          .filter((d) => typeof d.code === 'object' && d.code.value === 'unsigned')
          .sort((a, b) => a.range.start.line - b.range.start.line);
        return found.length === 2 ? found : undefined;
      },
      10_000,
      'an unsigned problem on each line',
    );
    assert.deepEqual(
      unsigned.map((d) => [d.range.start.line, d.severity, d.message]),
      [
        [0, unsigned[1].severity, 'Unsigned claims: anyone with the public key could have encrypted them. Never accept them.'],
        [1, unsigned[1].severity, 'Unsigned ("alg": "none"): anyone could have written it. Never accept it.'],
      ],
    );
    const lenses = await run<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);
    assert.equal(
      lenses.find((lens) => lens.range.start.line === 0 && lens.command?.command === 'jwtLens.openDecoded')?.command?.title,
      'JWE RSA-OAEP A256GCM · expires in 10 min · 🔓 decrypted with enc-key · inner ⚠ unsigned',
    );
    await run('jwtLens.openDecoded', jwe);
    const html = (await testHooks()).decodedView.current?.html ?? '';
    assert.match(html, /<span class="pill bad" id="signature">🔓 decrypted with enc-key<\/span>/);
    assert.doesNotMatch(html, /class="pill ok"[^>]*>[^<]*(decrypted|unsigned)/);
  });
});

describe('Junk JWEs (in the extension host)', function () {
  this.timeout(60_000);
  const uri = workspaceUri('hostile-claims/junk-jwe.env');

  before(deleteAllKeys);
  after(async () => {
    await closeAllEditors();
    await deleteAllKeys();
    await vscode.workspace.fs.delete(uri);
  });

  it('a file of 100 junk RSA-OAEP JWEs and three stored RSA keys costs at most 16 × 3 private-key operations', async () => {
    const stored = Array.from({ length: 3 }, () => generateKeyPairSync('rsa', { modulusLength: 2048 }));
    for (const [index, pair] of stored.entries()) {
      rememberPrivateKey(pair.privateKey);
      await run('jwtLens.addKey', { text: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), label: `enc-${index}` });
    }
    // A key change renews every document's budget: secret storage reports the writes late.
    await keyStoreQuiet(500);
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    const junk = Array.from({ length: 100 }, (_, index) => jweRsaOaep(stranger, 'RSA-OAEP', JSON.stringify({ n: index })));
    const real = jweRsaOaep(stored[2].publicKey, 'RSA-OAEP', JSON.stringify({ sub: 'last', exp: Date.now() / 1000 + 3600 }));
    await vscode.workspace.fs.writeFile(uri, Buffer.from([...junk, real].map((jwe, index) => `T${index}=${jwe}\n`).join('')));
    const operations = await rsaDecryptions(async () => {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      await eventually(
        async () => {
          const lenses = await run<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 200);
          const titles = lenses.filter((lens) => lens.command?.command === 'jwtLens.openDecoded').map((lens) => lens.command!.title);
          return titles.length === 101 && !titles.some((title) => title.includes('verifying')) ? titles : undefined;
        },
        30_000,
        'every JWE judged in the background',
      );
      // Diagnostics and the status bar pass over the file too.
      await new Promise((resolve) => setTimeout(resolve, 1500));
    });
    assert.ok(operations <= 16 * 3, `${operations} RSA private-key operations`);
    // The last JWE is past the background's bound: encrypted until asked for.
    const last = (await run<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 200)).find(
      (lens) => lens.range.start.line === 100 && lens.command?.command === 'jwtLens.openDecoded',
    );
    assert.equal(last?.command?.title, 'JWE RSA-OAEP A256GCM · 🔒 encrypted');
    const asked = await rsaDecryptions(async () => assert.match(await hoverText(uri, real), /Decrypted with enc\\-2\\. /));
    assert.ok(asked >= 1 && asked <= 3, `${asked} operations for one hover`);
  });
});

/** RSA-OAEP private-key operations (Web Crypto decryptions, as jose makes them in this host) during `fn`. */
async function rsaDecryptions(fn: () => Promise<unknown>): Promise<number> {
  type Decrypt = (this: unknown, algorithm: string | { name: string }, ...rest: unknown[]) => Promise<ArrayBuffer>;
  const subtle = globalThis.crypto.subtle as unknown as { decrypt: Decrypt };
  const decrypt = subtle.decrypt;
  let count = 0;
  subtle.decrypt = function (algorithm, ...rest) {
    if ((typeof algorithm === 'string' ? algorithm : algorithm.name) === 'RSA-OAEP') {
      count++;
    }
    return decrypt.call(this, algorithm, ...rest);
  };
  try {
    await fn();
  } finally {
    subtle.decrypt = decrypt;
  }
  return count;
}

/** Resolves once the key store has fired no change for `ms`. */
async function keyStoreQuiet(ms: number): Promise<void> {
  const { keyStore } = await testHooks();
  await new Promise<void>((resolve) => {
    const done = () => {
      subscription.dispose();
      resolve();
    };
    let timer = setTimeout(done, ms);
    const subscription = keyStore.onDidChange(() => {
      clearTimeout(timer);
      timer = setTimeout(done, ms);
    });
  });
}
