// ESLint (flat config) with typescript-eslint: a small set of rules, each for a bug we had or
// could have. `npm run lint`; `npm test` runs it first.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'dist-web/', 'dist-bench/', 'build/', 'node_modules/'] },
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'web/**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      // Type-aware: each file is checked with its own tsconfig.json (bench/ and web/ have one).
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `${name}` in a plain string is never interpolated: the SPARQL XML namespace bug.
      'no-template-curly-in-string': 'error',
      // A promise nobody awaits loses its errors; `void` marks one left running on purpose.
      '@typescript-eslint/no-floating-promises': 'error',
      // A promise where a value or callback's result is expected (`if (promise)`, an async
      // listener whose rejection nobody sees).
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
    },
  },
);
