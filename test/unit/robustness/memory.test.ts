// Closed documents must not stay in memory through the verifier's cache. A found token's text is a
// slice of `document.getText()`, and in V8 a slice keeps its whole parent string alive; a cache
// keyed by token text kept every closed document. This walks the extension's own path (scan,
// decode, verify) over large documents, lets them go, and weighs the heap after a full collection.
import * as assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { decodeMatch, scanTokens } from '../../../src/core/token/scan';
import { CachedVerifier, DEFAULT_CACHE_BYTES } from '../../../src/core/judge/verify';
import { testKeys } from '../../support/keys';
import { assemble, b64, decoded, signWith, verificationKey } from '../../support/tokens';

// mocha runs without --expose-gc; the flag can still be set at run time and gc read from a context.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const DOCUMENTS = 20;
const DOCUMENT_BYTES = 8 * 1024 * 1024;
const MB = 1024 * 1024;

function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** One large document's text, flat as getText() returns it, with tokens of its own among filler. */
function documentText(tokens: readonly string[]): string {
  const filler = 'x'.repeat(1023);
  const lines: string[] = [];
  let size = 0;
  for (let index = 0; size < DOCUMENT_BYTES; index++) {
    const line = index % 512 === 0 ? `token=${tokens[(index / 512) % tokens.length]}` : filler;
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n');
}

describe('The verifier cache keeps no closed document alive', function () {
  this.timeout(120_000);

  it('opening and closing twenty 8 MB documents leaves the heap near where it started', async () => {
    const verifier = new CachedVerifier();
    verifier.setKeys([await verificationKey(testKeys().hmac32, 'api-secret', 'hs-kid')]);
    const tokenOf = async (document: number, index: number) =>
      signWith(testKeys().hmac32, { sub: `user-${document}-${index}` }, 'HS256', { kid: 'hs-kid' });
    const firstToken = await tokenOf(0, 0);
    const start = heapUsed();
    for (let document = 0; document < DOCUMENTS; document++) {
      const tokens = document === 0 ? [firstToken] : [await tokenOf(document, 0), await tokenOf(document, 1)];
      // The text goes out of scope when this document is "closed": only the cache could keep it.
      const text = documentText(tokens);
      for (const match of scanTokens(text).tokens) {
        await verifier.verify(decodeMatch(match));
      }
    }
    const grown = heapUsed() - start;
    assert.ok(grown < 3 * DOCUMENT_BYTES, `the heap grew ${(grown / MB).toFixed(1)} MB after closing ${DOCUMENTS} documents of 8 MB`);
    // The cache still answers for a token of the first document, from a copy of its text.
    assert.equal(verifier.cached(decoded(`${firstToken} `.trim()))?.status, 'valid');
    assert.equal(verifier.size.entries, 1 + 2 * (DOCUMENTS - 1));
  });

  it('bounds the cache by bytes as well as by count: results naming 40 KB kids', async () => {
    const verifier = new CachedVerifier(5000, 2 * MB);
    const tokens = Array.from({ length: 100 }, (_, index) =>
      decoded(assemble({ alg: 'HS256', kid: `${index}-${'k'.repeat(40_000)}` }, { sub: 'x' })),
    );
    for (const token of tokens) {
      assert.equal((await verifier.verify(token)).status, 'no-key');
    }
    const { entries, bytes } = verifier.size;
    assert.ok(bytes <= 2 * MB, `${bytes} bytes held`);
    // Each result names its kid twice (kid and message): about 160 KB, so 2 MB holds 13 of them.
    assert.equal(entries, 13);
    assert.ok(verifier.cached(tokens[99]), 'the newest is kept');
    assert.equal(verifier.cached(tokens[0]), undefined, 'the oldest made room');
    assert.equal(DEFAULT_CACHE_BYTES, 8 * MB);
  });

  it('never hands one token the verdict of another with the same length', async () => {
    const verifier = new CachedVerifier();
    verifier.setKeys([await verificationKey(testKeys().hmac32, 'api-secret', 'hs-kid')]);
    const genuine = await signWith(testKeys().hmac32, { sub: 'a' }, 'HS256', { kid: 'hs-kid' });
    const [header, , signature] = genuine.split('.');
    const forged = `${header}.${b64({ sub: 'b' })}.${signature}`;
    assert.equal((await verifier.verify(decoded(genuine))).status, 'valid');
    assert.equal((await verifier.verify(decoded(forged))).status, 'invalid-signature');
  });
});
