import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettierRecommended from 'eslint-plugin-prettier/recommended';
import react from 'eslint-plugin-react';
import reactHooks from 'eslint-plugin-react-hooks';
import jupyter from '@jupyter/eslint-plugin';

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'lib',
      'coverage',
      '**/*.d.ts',
      'jupyterlab_mlflow_traces/labextension',
      'ui-tests/test-results',
      'ui-tests/playwright-report',
      '.venv',
      '.fixture-venvs',
      '.demo',
      '.test-state',
      'fixtures',
      'benchmarks/results'
    ]
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettierRecommended,
  // JupyterLab's own rules (plugin ids and descriptions, commands, translations,
  // signals, disposables, Galata helpers) at the levels its authors recommend.
  ...jupyter.configs.recommended.map(config => ({
    ...config,
    plugins: { jupyter }
  })),
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { react, 'react-hooks': reactHooks },
    languageOptions: {
      parserOptions: { ecmaFeatures: { jsx: true } }
    },
    settings: { react: { version: '18' } },
    rules: {
      '@typescript-eslint/naming-convention': [
        'error',
        {
          selector: 'interface',
          format: ['PascalCase'],
          custom: { regex: '^I[A-Z]', match: true }
        }
      ],
      '@typescript-eslint/no-unused-vars': ['warn', { args: 'none' }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-namespace': 'off',
      '@typescript-eslint/no-use-before-define': 'off',
      quotes: [
        'error',
        'single',
        { avoidEscape: true, allowTemplateLiterals: false }
      ],
      curly: ['error', 'all'],
      eqeqeq: 'error',
      // Hooks run in the same order on every render, and effects and memos see
      // every value they read (a stale closure shows an old trace).
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      'prefer-arrow-callback': 'error',
      // Trace content is hostile: it must never reach the DOM as HTML.
      'react/no-danger': 'error',
      'no-restricted-properties': [
        'error',
        {
          property: 'innerHTML',
          message: 'Never inject HTML: trace content is untrusted.'
        },
        {
          property: 'outerHTML',
          message: 'Never inject HTML: trace content is untrusted.'
        },
        {
          property: 'insertAdjacentHTML',
          message: 'Never inject HTML: trace content is untrusted.'
        }
      ]
    }
  },
  {
    // Test inputs and Galata's selectors are not strings a user reads.
    files: ['**/__tests__/**', 'ui-tests/**'],
    rules: { 'jupyter/no-untranslated-string': 'off' }
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        __dirname: 'readonly'
      }
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' }
  }
);
