import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const vendor = [
  'hono',
  'hono/*',
  '@hono/*',
  'better-sqlite3',
  'kysely',
  'hnswlib-node',
  'nodemailer',
  'smtp-server',
  'mailparser',
  '@langchain/*',
  'langchain',
];
const restrict = (groups, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: groups, message }] }],
});

export default tseslint.config(
  { ignores: ['node_modules', 'data', 'coverage'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': ['error', { ignoreRestArgs: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/store/migrations.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  // Import boundaries: the core knows nothing of HTTP, SQL or vendors; channels never import each other.
  {
    files: ['src/domain/**/*.ts'],
    rules: restrict(['../*', '!../domain/*', ...vendor], 'domain/ imports nothing of ours.'),
  },
  {
    files: ['src/core/**/*.ts', 'src/flows/**/*.ts', 'src/knowledge/**/*.ts', 'src/i18n/**/*.ts'],
    rules: restrict(
      ['**/store/*', '**/channels/*', '**/http/*', '**/app.js', '**/server.js', ...vendor],
      'The core takes its adapters as ports; only src/server.ts picks them.',
    ),
  },
  {
    files: ['src/channels/webchat/**/*.ts'],
    rules: restrict(
      ['**/store/*', '**/whatsapp/*', '**/email/*', 'better-sqlite3', 'kysely'],
      'Channels translate; they never import each other or the store.',
    ),
  },
  {
    files: ['src/channels/whatsapp/**/*.ts'],
    rules: restrict(
      ['**/store/*', '**/webchat/*', '**/email/*', 'better-sqlite3', 'kysely'],
      'Channels translate; they never import each other or the store.',
    ),
  },
  {
    files: ['src/channels/email/**/*.ts'],
    rules: restrict(
      ['**/store/*', '**/webchat/*', '**/whatsapp/*', 'better-sqlite3', 'kysely'],
      'Channels translate; they never import each other or the store.',
    ),
  },
  {
    files: ['src/channels/webchat/widget/**/*.js'],
    languageOptions: { ecmaVersion: 2020, sourceType: 'script', globals: { ...globals.browser } },
  },
  {
    files: ['src/console/ui/**/*.js'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { ...globals.browser } },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ignores: ['src/channels/webchat/widget/**', 'src/console/ui/**'],
    languageOptions: { globals: { ...globals.node } },
  },
);
