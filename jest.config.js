/** One jest run covers unit tests (next to the code, *.spec.ts) and integration tests (test/**). */
const swcOptions = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2021',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', swcOptions] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@tongdao/testing(|/.*)$': '<rootDir>/test/support$1',
    '^@tongdao/([^/]+)(|/.*)$': '<rootDir>/libs/$1/src$2',
  },
  // Tests wait for conditions, never for fixed delays, so a generous ceiling costs nothing on a quiet machine and
  // keeps a heavily loaded one (the suite must pass under a CPU hog: bench/load/suite-under-hog.sh) from failing.
  testTimeout: 120000,
  maxWorkers: 2,
};
