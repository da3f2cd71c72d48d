// Bundles the extension (and, with --tests, the test suites and benchmarks) with esbuild.
// Recipe from microsoft/vscode-extension-samples esbuild-sample: one CommonJS bundle for node,
// `vscode` external, minified for release, source maps for development. The same sources are
// bundled a second time for the web worker extension host (vscode.dev, github.dev, code-server's
// browser host): package.json's `browser` entry, dist/web/extension.js.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const withTests = process.argv.includes('--tests');

/** Logs build start/end in the shape the `$esbuild-watch` problem matcher expects. */
const problemMatcherPlugin = {
  name: 'esbuild-problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

function filesUnder(dir, pattern) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && pattern.test(entry.name))
    .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name));
}

/**
 * The e2e files share one running workbench through test/e2e/workbench.ts; bundling a copy of it
 * into each file would give each its own state. Keep it a runtime require of its own output.
 */
const sharedWorkbenchPlugin = {
  name: 'shared-workbench',
  setup(build) {
    build.onResolve({ filter: /^\.\/workbench$/ }, (args) =>
      args.importer.includes(`${path.sep}e2e${path.sep}`) ? { path: './workbench.js', external: true } : undefined,
    );
  },
};

const shared = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
};

const extensionOptions = {
  ...shared,
  entryPoints: ['src/extension.ts'],
  outfile: 'dist/extension.js',
  external: ['vscode'],
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  plugins: watch ? [problemMatcherPlugin] : [],
};

// The command line: Node only, one file that is also its own worker thread script. Minified like the
// extension for release; never in the VSIX (.vscodeignore lists what the VSIX holds).
const cliOptions = {
  ...shared,
  entryPoints: ['src/cli/index.ts'],
  outfile: 'dist/cli.js',
  banner: { js: '#!/usr/bin/env node' },
  define: { JWT_LENS_VERSION: JSON.stringify(require('./package.json').version) },
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
};

/**
 * The web worker host loads a CommonJS module and shims `require('vscode')`; there is no Node.
 * platform 'browser' makes any Node built-in a build error and picks jose's Web API build.
 */
/** Node-only modules and their browser stand-ins (name.ts → name.web.ts). */
const webStandInsPlugin = {
  name: 'web-stand-ins',
  setup(build) {
    build.onResolve({ filter: /\/hostLookup$/ }, (args) => ({ path: path.resolve(args.resolveDir, 'hostLookup.web.ts') }));
  },
};

const webExtensionOptions = {
  ...extensionOptions,
  platform: 'browser',
  plugins: [...(extensionOptions.plugins ?? []), webStandInsPlugin],
  target: 'es2022',
  outfile: 'dist/web/extension.js',
  metafile: true,
};

/** The browser bundle must hold only what runs in a web worker: never the CLI (src/cli, Node-only). */
function checkWebInputs(metafile) {
  const forbidden = Object.keys(metafile.inputs).filter((input) => input.startsWith('src/cli/') || input.startsWith('node:'));
  if (forbidden.length > 0) {
    throw new Error(`The web bundle must not contain ${forbidden.join(', ')}.`);
  }
}

/** The web worker suite's own files: bundled only into its browser bundle (webTestOptions). */
function isWebSuiteFile(file) {
  const web = path.join('test', 'web');
  return file === path.join(web, 'index.ts') || (file.startsWith(web + path.sep) && file.endsWith('.test.ts'));
}

const testOptions = {
  ...shared,
  entryPoints: [
    ...filesUnder('test', /\.ts$/).filter((file) => !file.includes(`${path.sep}fixtures${path.sep}`) && !isWebSuiteFile(file)),
    ...filesUnder('bench', /\.ts$/),
  ],
  outbase: '.',
  outdir: 'out',
  // The suites run where these are installed (the repo's node_modules or the extension host).
  external: ['vscode', 'mocha', 'playwright-core', '@vscode/test-electron'],
  sourcemap: 'inline',
  plugins: [sharedWorkbenchPlugin],
};

/**
 * The in-host suite for the web worker host (test/web/index.ts): one browser bundle inside the
 * extension folder. Node's assert, Buffer and random bytes come from their npm ports; the test keys,
 * made with node:crypto, are made here at build time (by the node build of test/support/keys) and
 * inlined: the worker cannot generate PEM files.
 */
const webTestShimsPlugin = {
  name: 'web-test-shims',
  setup(build) {
    const shim = (name) => path.resolve('test', 'web', 'shims', name);
    build.onResolve({ filter: /^node:assert\/strict$/ }, () => ({ path: shim('assertStrict.js') }));
    build.onResolve({ filter: /^node:crypto$/ }, () => ({ path: shim('crypto.mjs') }));
    build.onResolve({ filter: /\/support\/keys$/ }, () => ({ path: 'test-keys', namespace: 'web-test-keys' }));
    build.onLoad({ filter: /.*/, namespace: 'web-test-keys' }, () => {
      const keys = require(path.resolve('out', 'test', 'support', 'keys.js'));
      // Only the text forms travel: node's KeyObjects do not exist in the worker.
      const texts = Object.fromEntries(Object.entries(keys.testKeys()).filter(([, value]) => typeof value === 'string'));
      return {
        contents: `export const testKeys = () => (${JSON.stringify(texts)});\nexport const testCertificate = () => (${JSON.stringify(keys.testCertificate())});\n`,
        loader: 'js',
      };
    });
  },
};

const webTestOptions = {
  bundle: true,
  format: 'cjs',
  platform: 'browser',
  target: 'es2022',
  logLevel: 'warning',
  entryPoints: ['test/web/index.ts'],
  outfile: 'out/test/web/index.js',
  external: ['vscode'],
  sourcemap: 'inline',
  inject: [path.resolve('test', 'web', 'shims', 'buffer.mjs')],
  // The npm util and assert read process.env.NODE_DEBUG, and a failing assertion reads
  // process.stderr (for colours) and process.emitWarning; the worker has no process.
  define: {
    'process.env.NODE_DEBUG': 'undefined',
    'process.stderr': 'undefined',
    'process.emitWarning': 'undefined',
    JWT_LENS_WEB_GREP: JSON.stringify(process.env.JWT_LENS_GREP ?? ''),
  },
  plugins: [webTestShimsPlugin, webStandInsPlugin],
};

/** bench/engine.ts for Chromium (scripts/bench-browser.js): a script exposing jwtLensBrowserBench. */
const browserBenchOptions = {
  bundle: true,
  format: 'iife',
  globalName: 'jwtLensBrowserBench',
  platform: 'browser',
  target: 'es2022',
  logLevel: 'warning',
  entryPoints: ['bench/engine.ts'],
  outfile: 'out/bench/browser.js',
  minify: true,
};

async function main() {
  if (watch) {
    const contexts = await Promise.all([esbuild.context(extensionOptions), esbuild.context(webExtensionOptions)]);
    await Promise.all(contexts.map((context) => context.watch()));
    return;
  }
  const [, , web] = await Promise.all([esbuild.build(extensionOptions), esbuild.build(cliOptions), esbuild.build(webExtensionOptions)]);
  fs.chmodSync(cliOptions.outfile, 0o755);
  checkWebInputs(web.metafile);
  if (withTests) {
    // Renamed or deleted suites must not run from an earlier build's output.
    fs.rmSync('out', { recursive: true, force: true });
    await esbuild.build(testOptions);
    await esbuild.build(webTestOptions);
    await esbuild.build(browserBenchOptions);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
