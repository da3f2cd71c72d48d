// `npm run bench:scan-tree`: `jwt-lens scan` on a realistic tree, beside `grep -rc eyJ` and ripgrep.
// The tree is a copy of this checkout's node_modules (its own .gitignore files, binaries, minified
// bundles and symbolic links as they come) with 500 tokens planted by a fixed seed: live and expired,
// HS256 and RS256, on a line of their own in .js, .json and .md files and in new .env files, at every
// depth. The copy is in the temporary folder, outside any git work tree, so the scan walks it and
// honours its .gitignore files. Each tool reads it once to warm the page cache; then, ROUNDS times
// (5; JWT_LENS_BENCH_ROUNDS), the tools run one after the other, so all meet the same load from the
// machine's other work, and each tool's median wall time and peak RSS (/usr/bin/time -f %M: the
// whole process, worker threads included) are reported. JWT_LENS_BENCH_BEFORE=<an older dist/cli.js>
// runs that build in each round too. The scan must report every planted token where it was planted,
// and its findings are summed up in a digest (places, fingerprints, codes) to compare builds.
// JWT_LENS_BENCH_DIR moves the tree; JWT_LENS_BENCH_KEEP=1 keeps it.
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'dist/cli.js');
const BEFORE = process.env.JWT_LENS_BENCH_BEFORE;
const ROUNDS = Number(process.env.JWT_LENS_BENCH_ROUNDS ?? 5);
const base = process.env.JWT_LENS_BENCH_DIR ?? path.join(os.tmpdir(), 'jwt-lens-bench-tree');
const PLANTED = 500;
const RG_REGEX = 'eyJ[A-Za-z0-9_-]+\\.eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*';
/** Files the scan reads whole: a planted token is put only where it would be read. */
const MAX_PLANT_FILE = 1024 * 1024;

/** mulberry32: the same tree on every run. */
function seeded(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
const LIVE_EXP = Date.UTC(2100, 0, 1) / 1000;
const EXPIRED_EXP = Date.UTC(2020, 0, 1) / 1000;

/** Token `index`: HS256 or RS256, live or expired, by turns; the RS256 signature is seeded bytes (no key checks it). */
function plantedToken(index, random) {
  const rs = index % 2 === 1;
  const live = index % 4 < 2;
  const header = rs ? { alg: 'RS256', typ: 'JWT', kid: `bench-${index % 7}` } : { alg: 'HS256', typ: 'JWT' };
  const payload = { sub: `bench-user-${index}`, iat: EXPIRED_EXP - 86400, exp: live ? LIVE_EXP : EXPIRED_EXP };
  const signingInput = `${b64(header)}.${b64(payload)}`;
  const signature = rs
    ? Buffer.from(Array.from({ length: 256 }, () => Math.floor(random() * 256))).toString('base64url')
    : crypto.createHmac('sha256', 'jwt-lens-bench-secret-0123456789abcdef').update(signingInput).digest('base64url');
  return `${signingInput}.${signature}`;
}

const LINES = {
  '.js': (jwt) => `const benchToken = "${jwt}";`,
  '.json': (jwt) => `  "benchToken": "${jwt}",`,
  '.md': (jwt) => `Authorization: Bearer ${jwt}`,
  '.env': (jwt) => `API_TOKEN=${jwt}`,
};

/** Files and folders of the tree, in a stable order, without following links; the walk the scan does, less the .gitignore rules. */
function walk(dir, files, folders) {
  folders.push(dir);
  const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      walk(full, files, folders);
    } else if (entry.isFile()) {
      files.push(full);
    }
  }
}

function makeTree(tree) {
  fs.rmSync(tree, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(tree), { recursive: true });
  const copy = spawnSync('cp', ['-a', path.join(ROOT, 'node_modules'), tree], { stdio: 'inherit' });
  if (copy.status !== 0) {
    throw new Error('copying node_modules failed');
  }
  const files = [];
  const folders = [];
  walk(tree, files, folders);
  const random = seeded(25);
  const byExtension = { '.js': [], '.json': [], '.md': [] };
  for (const file of files) {
    const list = byExtension[path.extname(file)];
    const size = fs.statSync(file).size;
    if (list && size > 0 && size < MAX_PLANT_FILE && !ignoredByTree(file, tree)) {
      list.push(file);
    }
  }
  const plants = [];
  const used = new Set();
  // About 40% .js, 25% .json, 15% .md, 20% .env (212, 120, 72, 96), four tokens of each kind at a time
  const kinds = [...Array(8).fill('.js'), ...Array(5).fill('.json'), ...Array(3).fill('.md'), ...Array(4).fill('.env')];
  for (let index = 0; index < PLANTED; index++) {
    const kind = kinds[Math.floor(index / 4) % kinds.length];
    const jwt = plantedToken(index, random);
    const line = LINES[kind](jwt);
    if (kind === '.env') {
      let folder;
      do {
        folder = folders[Math.floor(random() * folders.length)];
      } while (used.has(path.join(folder, '.env')) || ignoredByTree(path.join(folder, '.env'), tree));
      const file = path.join(folder, '.env');
      used.add(file);
      fs.writeFileSync(file, `# bench\n${line}\n`);
      plants.push({ file, line: 2, column: line.indexOf(jwt) + 1 });
      continue;
    }
    const list = byExtension[kind];
    let file;
    do {
      file = list[Math.floor(random() * list.length)];
    } while (used.has(file));
    used.add(file);
    const text = fs.readFileSync(file, 'latin1');
    // After a line break a random way in (or at the start): the token is on a line of its own.
    const breaks = [0];
    for (let at = text.indexOf('\n'); at !== -1 && breaks.length < 5000; at = text.indexOf('\n', at + 1)) {
      breaks.push(at + 1);
    }
    const at = breaks[Math.floor(random() * breaks.length)];
    const lineNumber = text.slice(0, at).split('\n').length;
    fs.writeFileSync(file, `${text.slice(0, at)}${line}\n${text.slice(at)}`, 'latin1');
    plants.push({ file, line: lineNumber, column: line.indexOf(jwt) + 1 });
  }
  let bytes = 0;
  const all = [];
  walk(tree, all, []);
  for (const file of all) {
    bytes += fs.statSync(file).size;
  }
  return { plants, files: all.length, bytes };
}

/** Whether a .gitignore between the tree's root and `file` names it (a rough check: planted files must be scanned). */
function ignoredByTree(file, tree) {
  const ignore = require('ignore');
  for (let dir = path.dirname(file); dir.startsWith(tree); dir = path.dirname(dir)) {
    const rules = path.join(dir, '.gitignore');
    if (fs.existsSync(rules)) {
      const rel = path.relative(dir, file).split(path.sep).join('/');
      if (ignore().add(fs.readFileSync(rules, 'utf8')).ignores(rel)) {
        return true;
      }
    }
    if (dir === tree) {
      break;
    }
  }
  return false;
}

function median(values) {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

/** Wall seconds, CPU seconds and peak RSS (MB) of one run. */
function measure(command, args, cwd) {
  const start = process.hrtime.bigint();
  const result = spawnSync('/usr/bin/time', ['-f', '%U %S %M', command, ...args], { cwd, encoding: 'utf8', maxBuffer: 1024 ** 3 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const [user, system, peakKb] = result.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { seconds, cpu: user + system, peakMb: peakKb / 1024, status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Every planted token reported at its place; and a digest of all findings, to compare builds. */
function checkScan(name, run, plants, tree) {
  if (run.status !== 0) {
    throw new Error(`${name} exited ${run.status}: ${run.stderr}`);
  }
  const report = JSON.parse(run.stdout);
  const places = new Set();
  const lines = [];
  for (const file of report.files) {
    for (const token of file.tokens) {
      places.add(`${file.path}:${token.line}:${token.column}`);
      const codes = token.findings.map((finding) => `${finding.code}/${finding.level}`).join(',');
      lines.push(`${file.path}:${token.line}:${token.column}-${token.endColumn} ${token.fingerprint} ${codes}`);
    }
  }
  const missing = plants.filter(
    (plant) => !places.has(`${path.relative(tree, plant.file).split(path.sep).join('/')}:${plant.line}:${plant.column}`),
  );
  if (missing.length > 0) {
    throw new Error(`${name} missed ${missing.length} planted tokens, e.g. ${path.relative(tree, missing[0].file)}:${missing[0].line}`);
  }
  const digest = crypto.createHash('sha256').update(lines.sort().join('\n')).digest('hex').slice(0, 16);
  const { files, tokens, skipped } = report.summary;
  return { files, tokens, reported: lines.length, skipped, digest };
}

function main() {
  if (!fs.existsSync(CLI)) {
    throw new Error('dist/cli.js is missing: run `node esbuild.js` first (npm run bench:scan-tree does).');
  }
  const tree = path.join(base, 'tree');
  const made = makeTree(tree);
  const tools = [
    ...(BEFORE
      ? [
          {
            name: 'jwt-lens scan (before)',
            command: process.execPath,
            args: [path.resolve(BEFORE), 'scan', '.', '--format', 'json', '--fail-on', 'none'],
          },
        ]
      : []),
    { name: 'jwt-lens scan', command: process.execPath, args: [CLI, 'scan', '.', '--format', 'json', '--fail-on', 'none'] },
    { name: 'grep -rc eyJ', command: 'grep', args: ['-rc', 'eyJ', '.'] },
    // --hidden: the planted .env files are hidden, and grep and jwt-lens read hidden files too.
    { name: 'rg -c --hidden <regex>', command: 'rg', args: ['-c', '--hidden', RG_REGEX, '.'] },
  ];
  for (const tool of tools) {
    tool.runs = [];
    const warm = measure(tool.command, tool.args, tree);
    if (tool.name.startsWith('jwt-lens')) {
      tool.check = checkScan(tool.name, warm, made.plants, tree);
    } else if (warm.status !== 0) {
      // A tool that is missing (exit 127) or found nothing would time as fast as nothing at all.
      throw new Error(`${tool.command} exited ${warm.status}${warm.status === 127 ? ': not installed (apt-get install ripgrep)' : ''}.`);
    }
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const tool of tools) {
      const run = measure(tool.command, tool.args, tree);
      if (tool.check) {
        checkScan(tool.name, run, made.plants, tree);
      }
      tool.runs.push(run);
    }
  }
  const rg = median(tools.at(-1).runs.map((run) => run.seconds));
  console.log(
    `Tree: a copy of node_modules, ${made.files.toLocaleString('en-US')} files, ${(made.bytes / 1024 ** 2).toFixed(0)} MB, ` +
      `${PLANTED} planted tokens. ${ROUNDS} alternating rounds after one warm-up each. ` +
      `Load average ${os
        .loadavg()
        .map((load) => load.toFixed(2))
        .join(', ')} (${os.cpus().length} cores), ${new Date().toISOString()}.`,
  );
  for (const tool of tools) {
    if (tool.check) {
      const { files, tokens, reported, skipped, digest } = tool.check;
      console.log(
        `${tool.name}: ${files} files, ${tokens} tokens, ${reported} with findings (all ${PLANTED} planted found), skipped ${JSON.stringify(skipped)}, findings digest ${digest}`,
      );
    }
  }
  console.log('\n| Tool | Wall, median | CPU, median | Peak RSS, median | Wall ÷ rg | All runs (wall s / peak MB) |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const tool of tools) {
    const wall = median(tool.runs.map((run) => run.seconds));
    const cpu = median(tool.runs.map((run) => run.cpu));
    const peak = median(tool.runs.map((run) => run.peakMb));
    const all = tool.runs.map((run) => `${run.seconds.toFixed(2)}/${run.peakMb.toFixed(0)}`).join(' ');
    console.log(
      `| \`${tool.name}\` | ${wall.toFixed(2)} s | ${cpu.toFixed(2)} s | ${peak.toFixed(0)} MB | ${(wall / rg).toFixed(1)}× | ${all} |`,
    );
  }
  if (process.env.JWT_LENS_BENCH_KEEP !== '1') {
    fs.rmSync(base, { recursive: true, force: true });
  }
}

main();
