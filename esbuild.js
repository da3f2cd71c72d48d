// Bundles the extension (and, with --tests, the test suites and benchmarks) with esbuild.
// Recipe from microsoft/vscode-extension-samples esbuild-sample: one CommonJS bundle for node,
// `vscode` external, minified for release, source maps for development.
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

const testOptions = {
  ...shared,
  entryPoints: [
    ...filesUnder('test', /\.ts$/).filter((file) => !file.includes(`${path.sep}fixtures${path.sep}`)),
    ...filesUnder('bench', /\.ts$/),
  ],
  outbase: '.',
  outdir: 'out',
  // The suites run where these are installed (the repo's node_modules or the extension host).
  external: ['vscode', 'mocha', 'playwright-core', '@vscode/test-electron'],
  sourcemap: 'inline',
  plugins: [sharedWorkbenchPlugin],
};

async function main() {
  if (watch) {
    const context = await esbuild.context(extensionOptions);
    await context.watch();
    return;
  }
  await Promise.all([esbuild.build(extensionOptions), esbuild.build(cliOptions)]);
  fs.chmodSync(cliOptions.outfile, 0o755);
  if (withTests) {
    // Renamed or deleted suites must not run from an earlier build's output.
    fs.rmSync('out', { recursive: true, force: true });
    await esbuild.build(testOptions);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
