// Lint configuration. The layering rule (DESIGN.md): renderer → contract ← core → native.
// - src-renderer/ imports nothing from src-main/ but src-main/contract/;
// - nothing outside src-main/electron/ imports `electron`;
// - native/ imports nothing from src-main/ (nor from the renderer);
// - src-main/contract/ is pure: it imports neither the core nor native nor Node built-ins.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const electronBan = { name: 'electron', message: 'Only src-main/electron/ may import electron (the core runs without it).' };

const LOG_LEVEL_METHODS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal']);
const LOGGER_NAME = /^(log|logger|[a-z]+Log|[a-z]+Logger)$/;

function loggerReceiver(node) {
  if (node.type === 'Identifier') return LOGGER_NAME.test(node.name);
  if (node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier') return LOGGER_NAME.test(node.property.name);
  if (node.type === 'CallExpression') return node.callee.type === 'MemberExpression' && node.callee.property.name === 'child';
  return false;
}

/**
 * Log messages are constants (src-main/core/logging/fields.ts): the message of `log.info(fields, 'message')` is a
 * string literal, never a template, a concatenation or a variable; facts go into allow-listed fields.
 */
export const onewindowPlugin = {
  rules: {
    'constant-log-message': {
      meta: { type: 'problem', messages: { notConstant: 'Log messages are constants: use a string literal and put the facts into allow-listed fields (src-main/core/logging/fields.ts).' } },
      create(context) {
        return {
          CallExpression(node) {
            const callee = node.callee;
            if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier') return;
            if (!LOG_LEVEL_METHODS.has(callee.property.name) || !loggerReceiver(callee.object)) return;
            const args = node.arguments;
            const msg = args.length >= 2 ? args[1] : args[0];
            if (!msg || args.length > 2) {
              if (args.length > 2) context.report({ node, messageId: 'notConstant' });
              return;
            }
            const literal = msg.type === 'Literal' && typeof msg.value === 'string';
            const fieldsOnly = args.length === 1 && (msg.type === 'ObjectExpression' || msg.type === 'Identifier' || msg.type === 'MemberExpression');
            if (!literal && !fieldsOnly) context.report({ node: msg, messageId: 'notConstant' });
          },
        };
      },
    },
  },
};

export const logRules = [
  {
    files: ['src-main/**/*.ts', 'native/**/*.ts'],
    plugins: { onewindow: onewindowPlugin },
    rules: { 'onewindow/constant-log-message': 'error' },
  },
];

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
  ...logRules,
);
