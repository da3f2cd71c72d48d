// The engine bench in the browser build: what the web worker host (vscode.dev, github.dev) runs.
// Bundled for the browser by esbuild.js (out/bench/browser.js) and run in Chromium by
// scripts/bench-browser.js, on the same corpus as bench/index.ts (made in node: it needs node:crypto).
// Timed with performance.now(): the browser has no process.hrtime.
import { decodeToken } from '../src/core/decode';
import { decodeMatch, scanTokens } from '../src/core/scan';
import { CachedVerifier, verifyToken } from '../src/core/verify';
import { verificationKey } from '../test/support/tokens';

export interface BrowserBenchInput {
  readonly text: string;
  readonly tokens: string[];
  readonly hmacSecret: string;
  readonly rsaPublicPem: string;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(fn: () => unknown, runs = 9, warmup = 2): number {
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

async function timeAsync(fn: () => Promise<unknown>, runs = 5): Promise<number> {
  await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

/** The figures BENCHMARKS.md sets beside the node ones: milliseconds, operations per second, µs. */
export async function runBrowserBench({ text, tokens, hmacSecret, rsaPublicPem }: BrowserBenchInput): Promise<Record<string, number>> {
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
  const cached = time(
    () => {
      for (const token of hsTokens) {
        verifier.cached(token);
      }
    },
    21,
    3,
  );
  return {
    bareMs: bare,
    scanDecodeMs: scanDecode,
    scanDecodeRatio: scanDecode / bare,
    decodeOpsPerSecond: (sample.length / decode) * 1000,
    verifyHs256ColdOpsPerSecond: (hsTokens.length / coldHs) * 1000,
    verifyRs256ColdOpsPerSecond: (rsTokens.length / coldRs) * 1000,
    verifyCachedMicroseconds: (cached * 1000) / hsTokens.length,
  };
}
