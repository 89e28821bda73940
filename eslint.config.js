// Lint configuration. The layering rule (DESIGN.md): renderer → contract ← core → native.
// - src-renderer/ imports nothing from src-main/ but src-main/contract/;
// - nothing outside src-main/electron/ imports `electron`;
// - native/ imports nothing from src-main/ (nor from the renderer);
// - src-main/contract/ is pure: it imports neither the core nor native nor Node built-ins.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const electronBan = { name: 'electron', message: 'Only src-main/electron/ may import electron (the core runs without it).' };

export const layering = [
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electronBan],
        patterns: [
          { regex: '(^|/)src-main/(?!contract(/|$))', message: 'The renderer may import only src-main/contract from src-main/.' },
          { regex: '(^|/)native(/|$)', message: 'The renderer may not import native drivers.' },
          { regex: '^node:', message: 'The renderer runs in a sandboxed browser: no Node built-ins.' },
        ],
      }],
    },
  },
  {
    files: ['native/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electronBan],
        patterns: [
          { regex: '(^|/)src-main(/|$)', message: 'native/ knows nothing of the core: it may not import src-main/.' },
          { regex: '(^|/)src-renderer(/|$)', message: 'native/ may not import the renderer.' },
        ],
      }],
    },
  },
  {
    files: ['src-main/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electronBan],
        patterns: [
          { regex: '^\\.\\./', message: 'The contract is self-contained: it imports nothing outside src-main/contract/.' },
          { regex: '^node:', message: 'The contract is shared with the renderer: no Node built-ins.' },
        ],
      }],
    },
  },
  {
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/electron/**', 'src-main/contract/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electronBan],
        patterns: [{ regex: '(^|/)src-renderer(/|$)', message: 'The core may not import the renderer.' }],
      }],
    },
  },
  {
    files: ['tests/**/*.ts', 'scripts/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronBan] }] },
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'tests/fixtures/lint/**', 'scripts/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-empty': ['error', { allowEmptyCatch: true }],
      // Device protocols legitimately match control bytes.
      'no-control-regex': 'off',
    },
  },
  ...layering,
);
