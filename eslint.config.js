import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'packages/cli/bundle/**',
      'actions/*/lib/**',
      'coverage/**',
      'packages/policy/src/rule-catalog.ts',
    ],
  },
  js.configs.recommended,
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } } },
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        performance: 'readonly',
        fetch: 'readonly',
        AbortController: 'readonly',
        TextDecoder: 'readonly',
        TextEncoder: 'readonly',
        structuredClone: 'readonly',
        setImmediate: 'readonly',
        globalThis: 'readonly',
        Response: 'readonly',
        Headers: 'readonly',
        AbortSignal: 'readonly',
        queueMicrotask: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
      },
    },
    rules: {
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'node:child_process', importNames: ['exec', 'execSync'], message: 'argv-only process execution: use spawn/execFile' },
            { name: 'child_process', importNames: ['exec', 'execSync'], message: 'argv-only process execution: use spawn/execFile' },
          ],
          patterns: [{ group: ['@pipeguard/*/src/*'], message: 'import a package through its index' }],
        },
      ],
    },
  },
  {
    files: ['packages/{policy,workflow,report,github,governance,audit,pinning,refname,sbom}/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'node:child_process', importNames: ['exec', 'execSync'], message: 'argv-only process execution: use spawn/execFile' },
            { name: 'child_process', importNames: ['exec', 'execSync'], message: 'argv-only process execution: use spawn/execFile' },
          ],
          patterns: [
            {
              group: [
                '@actions/core',
                '@actions/github',
                '@actions/exec',
                '@actions/io',
                '@actions/cache',
                '@actions/artifact',
                '@actions/tool-cache',
                '@actions/http-client',
              ],
              message: 'engines never import the Actions toolkit: that belongs to action-kit and actions/',
            },
          ],
        },
      ],
    },
  },
)
