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

const coreTypesOnly = {
  name: '@pathways/core',
  allowTypeImports: true,
  message:
    'The tab imports @pathways/core as types only (import type): server code must not reach the browser.',
};

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
      '@typescript-eslint/no-restricted-imports': ['error', { paths: [coreTypesOnly] }],
    },
  },
  {
    // What the first screen loads (the views are loaded on demand). The shell's index holds the
    // forms and comboboxes, whose module-level styles keep them and their Fluent UI packages
    // in whichever chunk imports it: one import of it from here put 36 KB (brotli) on the
    // add-in's first load.
    files: [
      'tab/src/*.ts',
      'tab/src/*.tsx',
      'tab/src/host/**/*.ts',
      'outlook-addin/src/*.ts',
      'outlook-addin/src/*.tsx',
      'outlook-addin/src/office/**/*.ts',
    ],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            coreTypesOnly,
            {
              name: '@pathways/ui-shell',
              allowTypeImports: true,
              message:
                'The first screen imports the shell from @pathways/ui-shell/app; the rest of it (forms, comboboxes) belongs to views loaded on demand.',
            },
          ],
        },
      ],
    },
  },
);
