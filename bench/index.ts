// `npm run bench`: the engine's figures on a generated 10 MB document with 10,000 tokens.
// Each figure is the median of several runs after a warm-up. Record results in BENCHMARKS.md.
import * as os from 'node:os';
import * as jwt from 'jsonwebtoken';
import { jwtDecode } from 'jwt-decode';
import { decodeToken } from '../src/core/decode';
import { decodeMatch, scanTokens, tokenAt } from '../src/core/scan';
import { lintToken } from '../src/core/lint';
import { timeStatus } from '../src/core/time';
import { CachedVerifier, verifyToken } from '../src/core/verify';
import { verificationKey } from '../test/support/tokens';
import { makeCorpus, makeJunkCorpus } from './corpus';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median milliseconds of `runs` calls after `warmup` calls. */
function time(fn: () => unknown, runs = 9, warmup = 2): number {
  for (let i = 0; i < warmup; i++) {
    fn();
  }
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(samples);
}

async function timeAsync(fn: () => Promise<unknown>, runs = 5): Promise<number> {
  await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(samples);
}

const row = (name: string, value: string) => console.log(`${name.padEnd(58)} ${value}`);
const opsPerSecond = (count: number, ms: number) => `${Math.round((count / ms) * 1000).toLocaleString('en-US')} ops/s`;

async function main(): Promise<void> {
  console.log(
    `JWT Lens benchmarks — ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} ×${os.cpus().length}\n`,
  );
  const corpus = makeCorpus();
  const { text, tokens } = corpus;
  console.log(`document: ${(text.length / 1024 / 1024).toFixed(1)} MB, ${tokens.length.toLocaleString('en-US')} tokens\n`);

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
  row('bare regex pass for eyJ', `${bare.toFixed(1)} ms`);
  row(
    'scan + decode (every header and payload)',
    `${scanDecode.toFixed(1)} ms  (${(scanDecode / bare).toFixed(2)}× the bare pass; targets ≤5× and <60 ms)`,
  );

  // Hostile text: as many bytes of distinct junk "eyJ…" candidates as of good tokens.
  const { junk, good } = makeJunkCorpus();
  const scanGood = time(
    () => {
      for (const match of scanTokens(good).tokens) {
        decodeMatch(match);
      }
    },
    5,
    1,
  );
  const scanJunk = time(
    () => {
      for (const match of scanTokens(junk).tokens) {
        decodeMatch(match);
      }
    },
    5,
    1,
  );
  const junkLine = junk.replace(/\n/g, ' ');
  const hoverJunk = time(() => tokenAt(junkLine, junkLine.length >> 1), 5, 1);
  row(`scan + decode, ${(good.length / 1024 / 1024).toFixed(0)} MB of good tokens (distinct)`, `${scanGood.toFixed(1)} ms`);
  row(
    `scan, ${(junk.length / 1024 / 1024).toFixed(0)} MB of distinct junk eyJ… headers`,
    `${scanJunk.toFixed(1)} ms  (${(scanJunk / scanGood).toFixed(2)}× the good tokens; target ≤3×)`,
  );
  row('hover on a 4 MB line of junk (tokenAt, engine side)', `${hoverJunk.toFixed(2)} ms`);

  // The hover's engine work: the hovered line only (VS Code hands it over), the token under the
  // pointer, its payload, time status and lints. Here on the document's last token line.
  const lastToken = tokens[tokens.length - 1];
  const lineStart = text.lastIndexOf('\n', text.lastIndexOf(lastToken)) + 1;
  const lastLine = text.slice(lineStart, text.indexOf('\n', lineStart));
  const offset = lastLine.indexOf(lastToken) + 5;
  const hover = time(
    () => {
      const match = tokenAt(lastLine, offset);
      if (!match) {
        throw new Error('no token on the last line');
      }
      const decoded = decodeMatch(match);
      timeStatus(decoded.payload, 1_800_000_000);
      lintToken(decoded, { now: 1_800_000_000 });
    },
    2001,
    200,
  );
  row('hover, engine side (token on the last line: find, decode, judge)', `${(hover * 1000).toFixed(1)} µs  (target <2 ms)`);

  const sample = tokens.filter((_, i) => i % 10 < 5).slice(0, 2000);
  const decodeOurs = time(() => {
    for (const token of sample) {
      decodeToken(token);
    }
  });
  const decodeJwtDecode = time(() => {
    for (const token of sample) {
      jwtDecode(token, { header: true });
      jwtDecode(token);
    }
  });
  const decodeJsonwebtoken = time(() => {
    for (const token of sample) {
      jwt.decode(token, { complete: true });
    }
  });
  row('decode: JWT Lens decodeToken', opsPerSecond(sample.length, decodeOurs));
  row('decode: jwt-decode (header + payload)', opsPerSecond(sample.length, decodeJwtDecode));
  row('decode: jsonwebtoken decode({ complete: true })', opsPerSecond(sample.length, decodeJsonwebtoken));

  const hmacKey = await verificationKey(corpus.hmacSecret, 'bench-hs', 'bench-hs');
  const rsaKey = await verificationKey(corpus.rsaPublicPem, 'bench-rsa', 'bench-rsa');
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
  row('verify HS256, cold (jose)', opsPerSecond(hsTokens.length, coldHs));
  row('verify RS256, cold (jose)', opsPerSecond(rsTokens.length, coldRs));
  row('verify, cached (LRU hit)', `${((cached * 1000) / hsTokens.length).toFixed(2)} µs each  (target <5 µs)`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
