// ESLint 9 flat config. typescript-eslint's recommended rules, plus two type-aware rules that catch
// what tests rarely do: a promise nobody awaits (an audit write or outbox insert that silently
// escapes its transaction) and a switch over a union that forgets a new member (a new status or
// discipline). Rules that fight Nest's idioms (empty decorated classes, `any` at framework edges)
// are relaxed, not fought. Formatting belongs to Prettier (`npm run format`), not to ESLint.
'use strict';
const js = require('@eslint/js');
const globals = require('globals');
const tseslint = require('typescript-eslint');
const { defineConfig } = require('eslint/config');

module.exports = defineConfig(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'libs/api-client/src/schema.d.ts'] },

  js.configs.recommended,
  tseslint.configs.recommended,

  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: __dirname },
      globals: { ...globals.node, ...globals.jest },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-explicit-any': 'warn',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // Nest modules are empty classes carrying a decorator.
      '@typescript-eslint/no-extraneous-class': 'off',
      // Nest's constructor injection declares parameter properties and interface-shaped tokens.
      '@typescript-eslint/no-empty-function': 'off',
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      '@typescript-eslint/no-namespace': 'off',
    },
  },

  {
    // Error codes are typed unions per context (libs/*/src/*-errors.ts): a context throws its own
    // XError, never a DomainError with a free string for a code.
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    ignores: ['libs/platform/src/errors/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='DomainError']",
          message: "Throw the context's typed error (domainErrorOf<Codes>() in its *-errors.ts), so that its code is one of the context's.",
        },
      ],
    },
  },

  {
    // The web app (apps/web): browser code, typed by its own tsconfig.
    files: ['apps/web/**/*.{ts,tsx,mts}'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: __dirname },
      globals: { ...globals.browser },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
    },
  },

  {
    // Plain CommonJS scripts and tool configs at the root and in scripts/.
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
