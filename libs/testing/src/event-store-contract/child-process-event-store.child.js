'use strict';
/*
 * Runs one EventStore adapter in its own OS process, for the contract's multi-process tests.
 * Plain JavaScript because jest compiles TypeScript only inside its own process: this file makes
 * @swc/core the loader of .ts files, builds the store named in argv, then serves the parent's calls
 * over IPC (the parent forks with advanced serialisation, so bigint values cross intact).
 */
const fs = require('node:fs');
const swc = require('@swc/core');

require.extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};

const { modulePath, exportName, args } = JSON.parse(process.argv[2]);
const store = new (require(modulePath)[exportName])(...args);

/** Own enumerable fields (streamId, expectedVersion…) travel; the parent restores the class. */
const describeError = (error) =>
  error instanceof Error
    ? { name: error.name, message: error.message, fields: { ...error } }
    : { name: 'Error', message: String(error), fields: {} };

process.on('message', async ({ id, method, args: callArgs }) => {
  try {
    const value = await store[method](...callArgs);
    process.send({ id, value });
    if (method === 'close') process.disconnect();
  } catch (error) {
    process.send({ id, error: describeError(error) });
  }
});
// The parent went away (test finished or crashed): never outlive it.
process.on('disconnect', () => process.exit(0));
process.send({ ready: true });
