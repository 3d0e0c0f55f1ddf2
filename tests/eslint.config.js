// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'client/dist/**',
      'client/dist-test/**',
      'dist/**',
      '.neo4j/**',
      'tests/bench/results/**',
      'tests/bench/work/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='innerHTML']",
          message: 'Data is text: never insert it as HTML.',
        },
      ],
    },
  },
  {
    files: ['server/http/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['neo4j-driver'] }],
    },
  },
  {
    files: ['client/src/**/*.ts'],
    ignores: ['client/src/renderer/**', 'client/src/layout/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['cytoscape', 'cytoscape-fcose'] }],
    },
  },
);
