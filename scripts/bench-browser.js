// `npm run bench` (browser part): the engine figures of bench/engine.ts in Debian's Chromium, through
// playwright-core: the engine as the web worker host runs it. The corpus is bench/corpus.ts's, made here
// in node. Needs `node esbuild.js --tests` first (npm run bench does it).
const fs = require('node:fs');
const path = require('node:path');
const { REPO_ROOT, launchBrowser } = require('./lib/host');
const { makeCorpus } = require('../out/bench/corpus');

async function main() {
  const corpus = makeCorpus();
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    // A secure context, as the workbench is (Web Crypto's subtle is there only): an https page served
    // by Playwright itself, no network.
    const origin = 'https://jwt-lens-bench.invalid/';
    await page.route(origin, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>bench</title>' }));
    await page.goto(origin);
    await page.addScriptTag({ content: fs.readFileSync(path.join(REPO_ROOT, 'out', 'bench', 'browser.js'), 'utf8') });
    const version = browser.version();
    const figures = await page.evaluate(
      ({ text, tokens, hmacSecret, rsaPublicPem }) =>
        globalThis.jwtLensBrowserBench.engineFigures({ text, tokens, hmacSecret, rsaPublicPem }),
      corpus,
    );
    const row = (name, value) => console.log(`${name.padEnd(58)} ${value}`);
    const ops = (value) => `${Math.round(value).toLocaleString('en-US')} ops/s`;
    console.log(`\nEngine in the browser build — Chromium ${version}, ${new Date().toISOString().slice(0, 10)}\n`);
    row('bare regex pass for eyJ', `${figures.bareMs.toFixed(1)} ms`);
    row(
      'scan + decode (every header and payload)',
      `${figures.scanDecodeMs.toFixed(1)} ms  (${figures.scanDecodeRatio.toFixed(2)}× the bare pass)`,
    );
    row('decode: JWT Lens decodeToken', ops(figures.decodeOpsPerSecond));
    row('verify HS256, cold (jose on Web Crypto)', ops(figures.verifyHs256ColdOpsPerSecond));
    row('verify RS256, cold (jose on Web Crypto)', ops(figures.verifyRs256ColdOpsPerSecond));
    row('verify, cached (LRU hit)', `${figures.verifyCachedMicroseconds.toFixed(2)} µs each`);
    row('player check, 1000 unterminated <mux-player tags (76 KB)', `${figures.playerTagsMs.toFixed(2)} ms`);
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
