// `npm run bench:cli`: `jwt-lens scan` against `grep -rc eyJ` on the same generated trees, in one run.
// Each tree is source-like text (code and log lines, English words, so "ey" is common) in 20,000 files
// and 50,000 tokens per GB (80% clean HS256, 10% expired, 5% unsigned, 5% without exp), in folders of
// 100 files. Both tools read it once to warm the page cache, then each is timed ROUNDS times (3;
// JWT_LENS_BENCH_ROUNDS), alternately, and its median run reported; peak RSS is the
// kernel's high-water mark (/usr/bin/time -f %M) of the whole process, worker threads included.
// Sizes in GB: JWT_LENS_BENCH_SIZES=0.25,0.5,1 (the default). JWT_LENS_BENCH_DIR moves the trees.
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const GB = 1024 ** 3;
const CLI = path.resolve(__dirname, '../dist/cli.js');
const sizes = (process.env.JWT_LENS_BENCH_SIZES ?? '0.25,0.5,1').split(',').map(Number);
const base = process.env.JWT_LENS_BENCH_DIR ?? path.join(os.tmpdir(), 'jwt-lens-bench-cli');
const SECRET = 'jwt-lens-bench-secret-0123456789abcdef';
const now = Math.floor(Date.now() / 1000);
const ROUNDS = Number(process.env.JWT_LENS_BENCH_ROUNDS ?? 3);

function median(runs) {
  return [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor(runs.length / 2)];
}

const WORDS = (
  'const let return function import export from await async if else for while they key money eye survey obey ' +
  'value result error request response user config token session header payload data server client cache ' +
  'the of and to in is that it with as on be at by this had not are but from or have an they which one you were'
).split(' ');

/** A block of filler lines, made once, from which each file takes a slice. */
function filler(bytes) {
  let random = 42;
  const next = () => (random = (random * 1103515245 + 12345) % 2 ** 31);
  const lines = [];
  let length = 0;
  while (length < bytes) {
    const words = Array.from({ length: 4 + (next() % 10) }, () => WORDS[next() % WORDS.length]);
    const line = next() % 3 === 0 ? `  ${words[0]} = ${words.slice(1).join('.')}(${next() % 1000});` : `[info] ${words.join(' ')}`;
    lines.push(line);
    length += line.length + 1;
  }
  return lines.join('\n');
}

const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
function token(index) {
  const kind = index % 20;
  const header = kind === 0 ? { alg: 'none', typ: 'JWT' } : { alg: 'HS256', typ: 'JWT', kid: 'bench' };
  const payload = { sub: `user-${index}`, iat: now - 60 };
  if (kind === 1) {
    // 5% without exp: a lint.
  } else if (kind === 2 || kind === 3) {
    payload.exp = now - 3600; // 10% expired
  } else {
    payload.exp = now + 3600;
  }
  const signingInput = `${b64(header)}.${b64(payload)}`;
  if (kind === 0) {
    return `${signingInput}.`;
  }
  return `${signingInput}.${crypto.createHmac('sha256', SECRET).update(signingInput).digest('base64url')}`;
}

function makeTree(dir, gigabytes) {
  fs.rmSync(dir, { recursive: true, force: true });
  const files = Math.round(20000 * gigabytes);
  const tokens = Math.round(50000 * gigabytes);
  const average = Math.round((gigabytes * GB) / files);
  const text = filler(4 * 1024 * 1024);
  let written = 0;
  let tokenIndex = 0;
  for (let file = 0; file < files; file++) {
    const folder = path.join(dir, `d${Math.floor(file / 100)}`);
    if (file % 100 === 0) {
      fs.mkdirSync(folder, { recursive: true });
    }
    // Sizes from half to one and a half times the average.
    const size = Math.round(average * (0.5 + ((file * 7919) % 1000) / 1000));
    const start = (file * 104729) % (text.length - size);
    const body = text.slice(start, start + size);
    const share = Math.floor(((file + 1) * tokens) / files) - Math.floor((file * tokens) / files);
    const parts = [];
    let cursor = 0;
    for (let n = 0; n < share; n++) {
      const at = body.indexOf('\n', cursor + Math.floor(body.length / (share + 1)));
      const end = at < 0 ? body.length : at;
      parts.push(body.slice(cursor, end), `\nAUTHORIZATION="Bearer ${token(tokenIndex++)}"`);
      cursor = end;
    }
    parts.push(body.slice(cursor));
    const content = parts.join('');
    fs.writeFileSync(path.join(folder, `f${file}.txt`), content);
    written += Buffer.byteLength(content);
  }
  return { files, tokens: tokenIndex, bytes: written };
}

/**
 * Wall seconds, CPU seconds (user + system, all threads) and peak RSS (MB) of one run. On a shared
 * machine the wall time depends on the other load; the CPU time much less.
 */
function measure(command, args, cwd) {
  const start = process.hrtime.bigint();
  const result = spawnSync('/usr/bin/time', ['-f', '%U %S %M', command, ...args], { cwd, encoding: 'utf8', maxBuffer: 1024 ** 3 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const [user, system, peakKb] = result.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { seconds, cpu: user + system, peakMb: peakKb / 1024, status: result.status, stdout: result.stdout };
}

function runsText(runs) {
  return runs.map((run) => `${run.seconds.toFixed(2)}/${run.cpu.toFixed(2)}/${run.peakMb.toFixed(0)}`).join(' ');
}

function main() {
  if (!fs.existsSync(CLI)) {
    throw new Error('dist/cli.js is missing: run `node esbuild.js` first (npm run bench:cli does).');
  }
  const rows = [];
  for (const gigabytes of sizes) {
    const dir = path.join(base, `${gigabytes}gb`);
    const made = makeTree(dir, gigabytes);
    const mb = made.bytes / 1024 ** 2;
    const scanArgs = [CLI, 'scan', '.', '--format', 'json', '--fail-on', 'none'];
    // Warm the page cache for both: each timed run then reads from memory, as in CI after checkout.
    measure('grep', ['-rc', 'eyJ', '.'], dir);
    measure(process.execPath, scanArgs, dir);
    // Alternately, ROUNDS times each, so both meet the same load from the machine's other work;
    // each tool's median run (by wall time) is reported.
    const grepRuns = [];
    const scanRuns = [];
    for (let round = 0; round < ROUNDS; round++) {
      grepRuns.push(measure('grep', ['-rc', 'eyJ', '.'], dir));
      scanRuns.push(measure(process.execPath, scanArgs, dir));
    }
    const grep = median(grepRuns);
    const scan = median(scanRuns);
    const report = JSON.parse(scan.stdout);
    const grepHits = grep.stdout.split('\n').reduce((sum, line) => sum + (Number(line.slice(line.lastIndexOf(':') + 1)) || 0), 0);
    if (report.summary.tokens !== made.tokens || grepHits < made.tokens) {
      throw new Error(`token count mismatch: made ${made.tokens}, jwt-lens ${report.summary.tokens}, grep lines ${grepHits}`);
    }
    rows.push({
      gigabytes,
      mb,
      files: made.files,
      tokens: made.tokens,
      findings: report.summary.findings,
      grep,
      scan,
    });
    console.log(
      `${gigabytes} GB (${mb.toFixed(0)} MB, ${made.files} files, ${made.tokens} tokens): ` +
        `grep -rc eyJ ${grep.seconds.toFixed(2)} s wall, ${grep.cpu.toFixed(2)} s CPU, ${grep.peakMb.toFixed(0)} MB RSS; ` +
        `jwt-lens scan ${scan.seconds.toFixed(2)} s wall (${(mb / scan.seconds).toFixed(0)} MB/s), ${scan.cpu.toFixed(2)} s CPU, ` +
        `${scan.peakMb.toFixed(0)} MB peak RSS; ${(scan.seconds / grep.seconds).toFixed(2)}× grep (wall); ` +
        `findings ${JSON.stringify(report.summary.findings)}; load average ${os.loadavg()[0].toFixed(1)}; ` +
        `all runs (wall/CPU s, MB): grep ${runsText(grepRuns)}; scan ${runsText(scanRuns)}`,
    );
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log('\n| Tree | Files | Tokens | `grep -rc eyJ` wall (CPU) | `jwt-lens scan` wall (CPU) | Ratio, wall | Peak RSS: grep, scan |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const row of rows) {
    console.log(
      `| ${row.gigabytes} GB (${row.mb.toFixed(0)} MB) | ${row.files.toLocaleString('en-US')} | ${row.tokens.toLocaleString('en-US')} | ` +
        `${row.grep.seconds.toFixed(2)} s (${row.grep.cpu.toFixed(2)} s) | ${row.scan.seconds.toFixed(2)} s (${row.scan.cpu.toFixed(2)} s) | ` +
        `${(row.scan.seconds / row.grep.seconds).toFixed(2)}× | ${row.grep.peakMb.toFixed(0)} MB, ${row.scan.peakMb.toFixed(0)} MB |`,
    );
  }
}

main();
