import js from '@eslint/js';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

// src/ runs where only Web APIs exist (vscode.dev's web extension host): no Node built-in module, by
// either name, and none of Node's globals. Tests, scripts and the bench run in node and may use them.
const NODE_MODULES = {
  paths: builtinModules
    .filter((name) => !name.startsWith('_'))
    .map((name) => ({ name, message: 'src/ is Web-only: use Web APIs (crypto.subtle, TextDecoder, vscode.Uri) or src/core helpers.' })),
  patterns: [{ group: ['node:*'], message: 'src/ is Web-only: no node:* modules (crypto goes through jose and src/core/keys/).' }],
};
const NODE_GLOBALS = ['Buffer', 'setImmediate', 'clearImmediate', 'require', '__dirname', '__filename', 'global'].map((name) => ({
  name,
  message: `${name} is Node-only; src/ is Web-only (base64 and UTF-8 in src/core/base64.ts, setTimeout for yielding).`,
}));

// Capabilities (docs/architecture.md): each may use core/, util/, config, services/ and shared/,
// never another capability. services/ may use core/ and util/ only; shared/ (editor UI above the
// services) no capability; util/ nothing of ours (see utilBoundary). extension.ts wires them all.
// A later rule entry replaces an earlier one, so each folder's entry repeats the Node ban.
const CAPABILITIES = ['keys', 'inspect', 'expiry', 'sign', 'accounts', 'walkthrough'];
const forbid = (folder, others, fix) =>
  others.map((other) => ({ group: [`../${other}/*`], message: `src/${folder} must not import from src/${other}: ${fix}` }));
const folderRules = (folder, patterns) => ({
  files: [`src/${folder}/**/*.ts`],
  rules: { 'no-restricted-imports': ['error', { paths: NODE_MODULES.paths, patterns: [...NODE_MODULES.patterns, ...patterns] }] },
});
const capabilityBoundaries = [
  ...CAPABILITIES.map((folder) =>
    folderRules(
      folder,
      forbid(
        folder,
        CAPABILITIES.filter((other) => other !== folder),
        'move what both need to src/shared/ (or src/services/).',
      ),
    ),
  ),
  folderRules('shared', forbid('shared', CAPABILITIES, 'shared/ is below the capabilities.')),
  folderRules(
    'services',
    forbid('services', [...CAPABILITIES, 'shared'], 'services are below the editor UI; move the helper to src/util/.'),
  ),
];

// util/ depends on nothing of ours at run time. It may name the core's error codes, to close the
// ErrorCode union: type imports, erased at build.
const utilBoundary = {
  files: ['src/util/**/*.ts'],
  rules: {
    'no-restricted-imports': 'off',
    '@typescript-eslint/no-restricted-imports': [
      'error',
      {
        paths: NODE_MODULES.paths,
        patterns: [
          ...NODE_MODULES.patterns,
          { group: ['../*', '!../core'], message: 'src/util depends on nothing of ours.' },
          { group: ['../core/*'], allowTypeImports: true, message: 'src/util may take types from src/core (error codes), never code.' },
        ],
      },
    ],
  },
};

// src/core in layers, bottom up: each imports only the layers below it (and never leaves core).
const CORE_LAYERS = ['text', 'token', 'keys', 'judge', 'sign', 'providers', 'render'];
const coreLayers = CORE_LAYERS.map((layer, index) => ({
  files: [`src/core/${layer}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        paths: [{ name: 'vscode', message: 'src/core must not import vscode.' }, ...NODE_MODULES.paths],
        patterns: [
          ...NODE_MODULES.patterns,
          { group: ['../../*'], message: 'src/core imports nothing outside src/core.' },
          ...CORE_LAYERS.slice(index + 1).map((higher) => ({
            group: [`../${higher}/*`],
            message: `core/${layer} is below core/${higher} (layers: ${CORE_LAYERS.join(' → ')}): move the shared part down.`,
          })),
        ],
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', '*.vsix'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // 'all', not 'multi-line': Prettier moves a long single statement onto its own line, which 'multi-line' then refuses.
      curly: ['error', 'all'],
      'no-restricted-imports': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', NODE_MODULES],
      'no-restricted-globals': ['error', ...NODE_GLOBALS],
    },
  },
  {
    // The engine stays pure: unit-testable in plain node, no editor dependency.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { ...NODE_MODULES, paths: [{ name: 'vscode', message: 'src/core must not import vscode.' }, ...NODE_MODULES.paths] },
      ],
    },
  },
  ...coreLayers,
  ...capabilityBoundaries,
  utilBoundary,
  {
    // The command line (dist/cli.js) runs in Node 20+ only: Node built-ins and globals are its
    // platform. It is built on src/core alone, never on the editor side.
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-globals': 'off',
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'src/cli runs outside VS Code: use src/core.' }],
          patterns: [
            {
              // hostLookup: the one Node-only service, how a host name resolves (the same check as the editor's).
              group: ['../*', '!../core', '!../services', '../services/*', '!../services/hostLookup'],
              message: 'src/cli uses src/core only: move what it needs from the editor side into src/core.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  { files: ['**/*.mjs'], languageOptions: { sourceType: 'module' } },
);
