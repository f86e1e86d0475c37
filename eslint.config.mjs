import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// SDKs and drivers stay at the edges: the domain package may not import them.
// This rule is the dependency check CI runs (npm test runs lint first).
const edgeOnlyPackages = [
  'botbuilder',
  'botbuilder-*',
  'botframework-*',
  '@microsoft/agents-*',
  '@microsoft/microsoft-graph-client',
  '@microsoft/microsoft-graph-client/*',
  '@azure/msal-node',
  '@azure/msal-*',
  '@microsoft/teams-js',
  'office-js',
  '@types/office-js',
  'express',
  'express/*',
  'pg',
  'pg-*',
  'pg-boss',
  '@electric-sql/*',
  'kysely',
  'kysely/*',
  'node:http',
  'node:https',
  'http',
  'https',
  'node:fs',
  'fs',
  'react',
  'react-dom',
  '@fluentui/*',
];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/build/**', '.data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    languageOptions: { globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: edgeOnlyPackages,
              message:
                'core/ is the domain: SDKs, drivers and I/O stay in bot/ (or sandbox/, tab/, outlook-addin/) behind an interface.',
            },
          ],
        },
      ],
    },
  },
  {
    // The tab shares the API's shapes with the service but must not bundle its code (zod, the
    // domain's rules): types only.
    files: [
      'tab/**/*.ts',
      'tab/**/*.tsx',
      'ui-shell/**/*.ts',
      'ui-shell/**/*.tsx',
      'outlook-addin/**/*.ts',
      'outlook-addin/**/*.tsx',
    ],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@pathways/core',
              allowTypeImports: true,
              message:
                'The tab imports @pathways/core as types only (import type): server code must not reach the browser.',
            },
          ],
        },
      ],
    },
  },
);
