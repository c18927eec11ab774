// Three projects, one per test kind (CONVENTIONS 8). SWC compiles TypeScript and the ESM-only
// NestJS 12 packages to CommonJS so that jest's module runtime can load them.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const paths = {
  '^@ledger/(domain|application|event-store|read-models|letters|auth|testing|worker|dev-identity-providers|observability)$': '<rootDir>/libs/$1/src',
  '^@ledger/(domain|application|event-store|read-models|letters|auth|testing|worker|dev-identity-providers|observability)/(.*)$': '<rootDir>/libs/$1/src/$2',
};

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': swc, '^.+\\.mjs$': swc },
  // ESM packages in node_modules must be compiled too; the rest is left alone for speed.
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|uid|file-type|strtok3|token-types|@tokenizer|load-esm)/)'],
  moduleNameMapper: paths,
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
};

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,test}/**/*.unit.spec.ts'] },
    // Integration and end-to-end tests open databases and start the service (often several times in
    // one test): on a loaded CI machine that takes more than jest's 5 s default, without anything
    // being wrong. Their bounds (test/timeouts/) catch a hang, not slowness; speed lives in the
    // benchmarks. (jest reads testTimeout from the global config only, hence a setup file per project.)
    { ...common, displayName: 'int', setupFilesAfterEnv: ['<rootDir>/test/timeouts/int.ts'], testMatch: ['<rootDir>/{apps,libs,test}/**/*.int.spec.ts'] },
    { ...common, displayName: 'e2e', setupFilesAfterEnv: ['<rootDir>/test/timeouts/e2e.ts'], testMatch: ['<rootDir>/{apps,libs,test}/**/*.e2e.spec.ts'] },
  ],
};
