// `npm run bench`: the engine's figures on a generated 10 MB document with 10,000 tokens.
// Each figure is the median of several runs after a warm-up. Record results in BENCHMARKS.md.
import * as os from 'node:os';
import * as jwt from 'jsonwebtoken';
import { jwtDecode } from 'jwt-decode';
import { decodeMatch, scanTokens, tokenAt } from '../src/core/token/scan';
import { lintToken } from '../src/core/judge/lint';
import { timeStatus } from '../src/core/token/time';
import { makeCorpus, makeHarCorpus, makeJunkCorpus } from './corpus';
import { carrierOf } from '../src/core/token/carrier';
import { engineFigures, time } from './engine';

const row = (name: string, value: string) => console.log(`${name.padEnd(58)} ${value}`);
const ops = (perSecond: number) => `${Math.round(perSecond).toLocaleString('en-US')} ops/s`;
const opsPerSecond = (count: number, ms: number) => ops((count / ms) * 1000);

async function main(): Promise<void> {
  console.log(
    `JWT Lens benchmarks — ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} ×${os.cpus().length}\n`,
  );
  const corpus = makeCorpus();
  const { text, tokens } = corpus;
  console.log(`document: ${(text.length / 1024 / 1024).toFixed(1)} MB, ${tokens.length.toLocaleString('en-US')} tokens\n`);

  // The figures also measured in Chromium (scripts/bench-browser.js), the same way.
  const figures = await engineFigures(corpus);
  row('bare regex pass for eyJ', `${figures.bareMs.toFixed(1)} ms`);
  row(
    'scan + decode (every header and payload)',
    `${figures.scanDecodeMs.toFixed(1)} ms  (${figures.scanDecodeRatio.toFixed(2)}× the bare pass; targets ≤5× and <60 ms)`,
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

  // Where each token sits (core/token/carrier.ts), read during the scan: in a HAR, from the JSON
  // objects around each token's string. The carrier's share is timed alone, over the scan's matches.
  for (const oneLine of [false, true]) {
    const har = makeHarCorpus(10 * 1024 * 1024, oneLine);
    const matches = scanTokens(har.text, { maxTokens: 200_000 }).tokens;
    if (matches.length !== har.tokens) {
      throw new Error(`scan found ${matches.length} tokens in the HAR, expected ${har.tokens}`);
    }
    const scanHar = time(() => scanTokens(har.text, { maxTokens: 200_000 }), 5, 1);
    const carriers = time(() => matches.map((match) => carrierOf(har.text, match.start, match.end)), 5, 1);
    const shape = oneLine ? 'one line' : 'indented';
    row(
      `scan, ${(har.text.length / 1024 / 1024).toFixed(0)} MB HAR (${shape}, ${har.tokens.toLocaleString('en-US')} tokens)`,
      `${scanHar.toFixed(1)} ms  (where each token sits: ${carriers.toFixed(1)} ms of it)`,
    );
  }
  const logCarriers = (() => {
    const matches = scanTokens(text, { maxTokens: 20_000 }).tokens;
    return time(() => matches.map((match) => carrierOf(text, match.start, match.end)));
  })();
  row('where each token sits, the 10 MB document (10,000 tokens)', `${logCarriers.toFixed(1)} ms`);

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
  row('decode: JWT Lens decodeToken', ops(figures.decodeOpsPerSecond));
  row('decode: jwt-decode (header + payload)', opsPerSecond(sample.length, decodeJwtDecode));
  row('decode: jsonwebtoken decode({ complete: true })', opsPerSecond(sample.length, decodeJsonwebtoken));
  row('verify HS256, cold (jose)', ops(figures.verifyHs256ColdOpsPerSecond));
  row('verify RS256, cold (jose)', ops(figures.verifyRs256ColdOpsPerSecond));
  row('verify, cached (LRU hit)', `${figures.verifyCachedMicroseconds.toFixed(2)} µs each  (target <5 µs)`);
  row('player check, 1000 unterminated <mux-player tags (76 KB)', `${figures.playerTagsMs.toFixed(2)} ms`);
  row('known-secret check, one new HS256 token', `${figures.knownSecretHs256Ms.toFixed(2)} ms`);
  row('known-secret check, one new HS512 token (Web Crypto)', `${figures.knownSecretHs512Ms.toFixed(2)} ms`);
  row('known-secret check, document of 500 new HS256 tokens', `${figures.knownSecret500Ms.toFixed(0)} ms`);
  row('known-secret check, the same 500 again (cached)', `${figures.knownSecret500CachedMs.toFixed(2)} ms`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
