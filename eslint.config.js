// ESLint flat config. Layer rules (README.md, "Architecture"): core is pure and seeded; the renderer reaches
// the services only through Pinia stores; nothing in the renderer imports Node or Electron.
import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';

const nodeModules = ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads', 'crypto', 'http', 'url', 'zlib'];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'artifacts/**', 'build/**', 'coverage/**', 'resources/**'] },
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'], sourceType: 'module' } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
      'vue/attributes-order': 'off',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...nodeModules, 'electron', 'better-sqlite3', 'vue', 'pinia', '**/main/**', '**/renderer/**'] }],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'core is deterministic: take a seeded Rng (src/core/rng.ts)' }],
      'no-restricted-globals': ['error', 'process', 'window', 'document', 'require'],
    },
  },
  {
    files: ['src/renderer/**/*.ts', 'src/renderer/**/*.vue'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...nodeModules, 'electron', 'better-sqlite3', '**/main/**'] }],
    },
  },
  {
    files: ['src/renderer/src/components/**', 'src/renderer/src/views/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...nodeModules, 'electron', '**/api', '**/api/index'] }],
    },
  },
  {
    files: ['bin/**/*.js', 'scripts/**/*.js', 'eslint.config.js', '.ci/**'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', window: 'readonly', document: 'readonly' } },
  },
);
