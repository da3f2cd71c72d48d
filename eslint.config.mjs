import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Capabilities (README "Architecture"): each may use core/, config, services/ and shared/, never
// another capability; services/ and shared/ use no capability. extension.ts wires them all.
const CAPABILITIES = ['keys', 'inspect', 'expiry', 'sign'];
const capabilityBoundaries = [...CAPABILITIES, 'services', 'shared'].map((folder) => ({
  files: [`src/${folder}/**/*.ts`],
  rules: {
    'no-restricted-imports': ['error', {
      patterns: CAPABILITIES.filter((other) => other !== folder).map((other) => ({
        group: [`../${other}/*`],
        message: `src/${folder} must not import from src/${other}: move what both need to src/shared/ (or src/services/).`,
      })),
    }],
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
      curly: ['error', 'multi-line'],
      'no-restricted-imports': 'off',
    },
  },
  {
    // The engine stays pure: unit-testable in plain node, no editor dependency.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/core must not import vscode.' }] }],
    },
  },
  ...capabilityBoundaries,
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly', fetch: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  { files: ['**/*.mjs'], languageOptions: { sourceType: 'module' } },
);
