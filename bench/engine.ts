// The engine figures measured the same way in node (bench/index.ts) and in the browser build (bundled
// by esbuild.js into out/bench/browser.js, run in Chromium by scripts/bench-browser.js: what the web
// worker host of vscode.dev and github.dev runs). The corpus comes from bench/corpus.ts, made in node
// (it needs node:crypto). Timed with performance.now(), which both have.
import { decodeToken, type DecodedToken } from '../src/core/token/decode';
import { decodeMatch, scanTokens } from '../src/core/token/scan';
import { CachedVerifier, verifyToken } from '../src/core/judge/verify';
import { checkPlayerTokens } from '../src/core/providers/playerTokens';
import { clearKnownSecretAnswers, signedWithKnownSecret } from '../src/core/judge/knownSecrets';
import { verificationKey } from '../test/support/tokens';

/** The player cross-check's hostile file: a thousand unterminated `<mux-player ` tags, then 64 KB of `#` (76 KB). */
export const UNTERMINATED_PLAYER_TAGS = '<mux-player '.repeat(1000) + '#'.repeat(64 * 1024);

export interface EngineBenchInput {
  readonly text: string;
  readonly tokens: string[];
  readonly hmacSecret: string;
  readonly rsaPublicPem: string;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median milliseconds of `runs` calls after `warmup` calls. */
export function time(fn: () => unknown, runs = 9, warmup = 2): number {
  for (let i = 0; i < warmup; i++) {
    fn();
  }
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

export async function timeAsync(fn: () => Promise<unknown>, runs = 5): Promise<number> {
  await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

export interface EngineFigures {
  readonly bareMs: number;
  readonly scanDecodeMs: number;
  readonly scanDecodeRatio: number;
  readonly decodeOpsPerSecond: number;
  readonly verifyHs256ColdOpsPerSecond: number;
  readonly verifyRs256ColdOpsPerSecond: number;
  readonly verifyCachedMicroseconds: number;
  readonly playerTagsMs: number;
  /** The known-secret check of one distinct HS256 token (answer not cached yet), in ms. */
  readonly knownSecretHs256Ms: number;
  /** Of one distinct HS512 token (Web Crypto, one call per listed secret), in ms. */
  readonly knownSecretHs512Ms: number;
  /** Of a document's 500 distinct HS256 tokens, every answer new, in ms. */
  readonly knownSecret500Ms: number;
  /** The same 500 again: every answer from the cache, in ms. */
  readonly knownSecret500CachedMs: number;
}

/** Median ms of the known-secret check of each token, answers forgotten before every run. */
async function knownSecretCost(tokens: readonly DecodedToken[], together: boolean): Promise<number> {
  return timeAsync(async () => {
    clearKnownSecretAnswers();
    if (together) {
      await Promise.all(tokens.map((token) => signedWithKnownSecret(token)));
    } else {
      for (const token of tokens) {
        await signedWithKnownSecret(token);
      }
    }
  });
}

/** The figures BENCHMARKS.md sets side by side for node and Chromium: ms, operations per second, µs. */
export async function engineFigures({ text, tokens, hmacSecret, rsaPublicPem }: EngineBenchInput): Promise<EngineFigures> {
  const bare = time(() => {
    const pattern = /eyJ/g;
    let count = 0;
    while (pattern.exec(text)) {
      count++;
    }
    return count;
  });
  let found = 0;
  const scanDecode = time(() => {
    const { tokens: matches } = scanTokens(text, { maxTokens: 20_000 });
    for (const match of matches) {
      decodeMatch(match);
    }
    found = matches.length;
  });
  if (found !== tokens.length) {
    throw new Error(`scan found ${found} tokens, expected ${tokens.length}`);
  }
  const sample = tokens.filter((_, i) => i % 10 < 5).slice(0, 2000);
  const decode = time(() => {
    for (const token of sample) {
      decodeToken(token);
    }
  });
  const hmacKey = await verificationKey(hmacSecret, 'bench-hs', 'bench-hs');
  const rsaKey = await verificationKey(rsaPublicPem, 'bench-rsa', 'bench-rsa');
  const hsTokens = sample.slice(0, 1000).map((token) => decodeToken(token));
  const rsTokens = tokens.filter((_, i) => i < 100 && i % 10 === 5).map((token) => decodeToken(token));
  const coldHs = await timeAsync(async () => {
    for (const token of hsTokens) {
      await verifyToken(token, [hmacKey, rsaKey]);
    }
  });
  const coldRs = await timeAsync(async () => {
    for (const token of rsTokens) {
      await verifyToken(token, [hmacKey, rsaKey]);
    }
  });
  const verifier = new CachedVerifier();
  verifier.setKeys([hmacKey, rsaKey]);
  for (const token of hsTokens) {
    await verifier.verify(token);
  }
  // Chromium coarsens performance.now() to 0.1 ms on a page that is not cross-origin isolated: a
  // thousand lookups take about that long, so each sample is a hundred rounds of them.
  const CACHED_ROUNDS = 100;
  const cached =
    time(
      () => {
        for (let round = 0; round < CACHED_ROUNDS; round++) {
          for (const token of hsTokens) {
            verifier.cached(token);
          }
        }
      },
      21,
      3,
    ) / CACHED_ROUNDS;
  const playerTags = time(() => checkPlayerTokens(UNTERMINATED_PLAYER_TAGS, 1_800_000_000), 21, 3);
  const hs256 = hsTokens.filter((token) => token.header?.alg === 'HS256');
  const document = hs256.slice(0, 500);
  const knownSecret500 = await knownSecretCost(document, true);
  await Promise.all(document.map((token) => signedWithKnownSecret(token)));
  const knownSecret500Cached = await timeAsync(() => Promise.all(document.map((token) => signedWithKnownSecret(token))));
  const hs512 = hs256.slice(0, 20).map((token) => decodeToken(resignedHs512(token)));
  return {
    bareMs: bare,
    scanDecodeMs: scanDecode,
    scanDecodeRatio: scanDecode / bare,
    decodeOpsPerSecond: (sample.length / decode) * 1000,
    verifyHs256ColdOpsPerSecond: (hsTokens.length / coldHs) * 1000,
    verifyRs256ColdOpsPerSecond: (rsTokens.length / coldRs) * 1000,
    verifyCachedMicroseconds: (cached * 1000) / hsTokens.length,
    playerTagsMs: playerTags,
    knownSecretHs256Ms: (await knownSecretCost(hs256.slice(0, 50), false)) / 50,
    knownSecretHs512Ms: (await knownSecretCost(hs512, false)) / hs512.length,
    knownSecret500Ms: knownSecret500,
    knownSecret500CachedMs: knownSecret500Cached,
  };
}

/** An HS512 token of the same claims: its header says HS512 and its signature has HS512's length (any value: none is on the list). */
function resignedHs512(token: DecodedToken): string {
  const [, payload] = token.text.split('.');
  const header = btoa(JSON.stringify({ alg: 'HS512', typ: 'JWT' }))
    .replace(/=+$/, '')
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
  return `${header}.${payload}.${'A'.repeat(86)}`;
}
