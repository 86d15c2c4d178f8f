// The import rules of docs/architecture.md, enforced: workflow code stays deterministic.
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';
import { throughIndex } from './eslint-rules/through-index.js';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

export default tseslint.config(
  { ignores: ['node_modules/**', 'temporal-dev/.bin/**', 'workspace/**', 'test-results/**', 'dist/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // One import statement per module; a type-only import of it may stand apart.
      'no-duplicate-imports': ['error', { includeExports: false, allowSeparateTypeImports: true }],
    },
  },
  {
    files: ['workflows/**/*.ts', 'activities/**/*.ts', 'workers/**/*.ts', 'client/**/*.ts', 'temporal-dev/**/*.ts'],
    plugins: { orc: { rules: { 'through-index': throughIndex } } },
    rules: { 'orc/through-index': 'error' },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({
            name,
            message: 'workflows/ is deterministic and I/O-free: do the I/O in an activity.',
          })),
          patterns: [
            {
              group: [
                '@temporalio/activity',
                '@temporalio/client',
                '@temporalio/worker',
                '@temporalio/testing',
                '@temporalio/envconfig',
              ],
              message: 'workflows/ may import only @temporalio/workflow and @temporalio/common.',
            },
            {
              group: ['**/activities/**', '**/client/**', '**/workers/**', '**/temporal-dev/**'],
              allowTypeImports: true,
              message: 'workflows/ may import only itself (and activities as types).',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'require', 'setTimeout', 'setInterval', 'fetch'],
    },
  },
);
