// @ts-check
// ESLint: typescript-eslint's recommended rules, no import cycles, and the layer order of src/.
// The type-aware set (recommendedTypeChecked) is opt-in, `LINT_TYPED=1 npm run lint`: it costs a full type-check
// (about 30 s of CPU against 9 s here) and `npm run typecheck` already runs tsc.
// Formatting is Prettier's job (.prettierrc.json); eslint-config-prettier, last, turns off the rules that would fight it.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier/flat';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// The layers of src/, lowest first. A layer may import itself and the layers before it (model: only the base).
// `except` paths are relative to src/; every other file in src/ is off limits, so a new folder must be placed here first.
const BASE = ['./config.ts', './logger.ts', './errors.ts'];
const LAYERS = [
  { name: 'base (config, logger, errors)', target: ['src/config.ts', 'src/logger.ts', 'src/errors.ts'], allow: BASE },
  { name: 'database', target: ['src/database'], allow: [...BASE, './database'] },
  { name: 'model', target: ['src/model'], allow: [...BASE, './model'] },
  { name: 'seed', target: ['src/seed'], allow: [...BASE, './database', './model', './seed'] },
  { name: 'operations', target: ['src/operations'], allow: [...BASE, './database', './model', './seed', './operations'] },
  { name: 'schema', target: ['src/schema'], allow: [...BASE, './database', './model', './seed', './operations', './schema'] },
  { name: 'http', target: ['src/http'], allow: [...BASE, './database', './model', './seed', './operations', './schema', './http'] },
  { name: 'mcp', target: ['src/mcp'], allow: [...BASE, './database', './model', './seed', './operations', './mcp'] },
  { name: 'app', target: ['src/app.ts'], allow: [...BASE, './database', './model', './seed', './operations', './schema', './http', './app.ts'] },
  // src/index.ts and src/cli/ are the entry points: they may import anything in src/.
];
const TYPED = process.env.LINT_TYPED === '1';
const layerZones = LAYERS.map(({ name, target, allow }) => ({
  target,
  from: 'src',
  except: allow,
  message: `The ${name} layer may import only ${allow.map((p) => p.replace('./', '')).join(', ')} (order: config → database → model, seed → operations → schema → http → app).`,
}));

export default defineConfig([
  // Build output and caches (as in .gitignore), data and generated files, and non-JavaScript folders.
  globalIgnores(['dist/', 'coverage/', 'test-results/', 'bench/out/', '.cache/', '.data/', 'seed/', 'schema/', 'cypher/', 'launcher/', 'web/vendor/']),

  js.configs.recommended,
  TYPED ? tseslint.configs.recommendedTypeChecked : tseslint.configs.recommended,
  {
    languageOptions: {
      sourceType: 'module',
      parserOptions: TYPED ? { projectService: true, tsconfigRootDir: import.meta.dirname } : {},
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },

  // Imports: they resolve (NodeNext `.js` specifiers to the `.ts` files), form no cycle, and respect the layers.
  {
    files: ['**/*.{ts,js}'],
    plugins: { 'import-x': importX },
    settings: {
      // import-x parses each imported file to follow its imports: without these it skips .ts files (and finds no cycle).
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: import.meta.dirname,
          zones: [
            ...layerZones,
            { target: 'src', from: ['test', 'bench', 'web'], message: 'src/ must not import test, bench or web code.' },
            { target: 'web', from: ['src', 'test', 'bench'], message: 'web/ is browser code: it cannot import server code.' },
          ],
        },
      ],
    },
  },

  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'vitest.config.ts', 'eslint.config.js'],
    languageOptions: { globals: globals.node },
  },

  // web/: browser code, native ES modules, with Cytoscape.js loaded by a <script> tag as the global `cytoscape`.
  // It is plain JavaScript outside the tsconfig, so the type-aware rules (LINT_TYPED=1) are off there (and for this file).
  {
    files: ['**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ['web/**/*.js'],
    languageOptions: { sourceType: 'module', globals: { ...globals.browser, cytoscape: 'readonly' } },
  },

  prettier,
]);
