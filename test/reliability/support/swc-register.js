'use strict';
/*
 * Lets a plain `node` child process run the TypeScript sources, as jest does in its own process:
 * `node -r ./test/reliability/support/swc-register.js apps/ledger-worker/src/main.ts`.
 *
 * - `.ts` files are compiled by @swc/core with the same options as jest.config.js (legacy
 *   decorators and their metadata, which NestJS's dependency injection reads);
 * - `@ledger/<lib>` resolves to `libs/<lib>/src`, as tsconfig.json's paths say;
 * - compiled output is cached on disk by content hash, so that the crash harness's hundreds of
 *   restarts do not each pay for compiling the whole application again.
 *
 * Plain JavaScript on purpose: this file is what makes TypeScript loadable.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const Module = require('node:module');
const swc = require('@swc/core');

const ROOT = path.resolve(__dirname, '../../..');
// Every directory of libs/ is a library (tsconfig.json's paths list them all).
const LIBS = new Set(fs.readdirSync(path.join(ROOT, 'libs')));
const CACHE = path.join(os.tmpdir(), 'ledger-swc-register-cache');
fs.mkdirSync(CACHE, { recursive: true });

const OPTIONS = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};
const OPTIONS_KEY = JSON.stringify(OPTIONS) + swc.version;

require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const key = crypto.createHash('sha1').update(OPTIONS_KEY).update(filename).update(source).digest('hex');
  const cached = path.join(CACHE, `${key}.js`);
  let code;
  try {
    code = fs.readFileSync(cached, 'utf8');
  } catch {
    code = swc.transformSync(source, { ...OPTIONS, filename }).code;
    // Written aside then renamed: a process killed mid-write never leaves a truncated entry.
    const partial = `${cached}.${process.pid}.tmp`;
    fs.writeFileSync(partial, code);
    fs.renameSync(partial, cached);
  }
  module._compile(code, filename);
};

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  const match = /^@ledger\/([a-z-]+)(\/.*)?$/.exec(request);
  if (match && LIBS.has(match[1])) {
    request = path.join(ROOT, 'libs', match[1], 'src', match[2] ?? '');
  }
  return resolveFilename.call(this, request, parent, ...rest);
};
