'use strict';
/*
 * The letters workflow or the letters processor in its own OS process, so that a test can kill it
 * for real (SIGKILL: no finally, no rollback by the program) at the worst moment: the workflow right
 * after it appended a LetterIssued, before its checkpoint; the processor after a letter row was
 * inserted, before the transaction that also writes the checkpoint commits. Plain JavaScript because jest compiles
 * TypeScript only in its own process: @swc/core compiles the .ts files here, and the @ledger/*
 * aliases of tsconfig.json are resolved by hand.
 *
 * argv[2]: JSON { root, mode: 'workflow' | 'projection', eventStorePath, readModelPath, kill, batchSize }.
 * Sends { reached: '<position>' } once the workflow's pass ended or the read model holds the whole
 * log, then exits.
 */
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const swc = require('@swc/core');

const { root, mode, eventStorePath, readModelPath, kill, batchSize } = JSON.parse(process.argv[2]);

require.extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const alias = /^@ledger\/([a-z-]+)(\/.*)?$/.exec(request);
  const target = alias ? path.join(root, 'libs', alias[1], 'src', alias[2] ?? '') : request;
  return resolveFilename.call(this, target, ...rest);
};

const { SqliteEventStore } = require(path.join(root, 'libs/event-store/src/sqlite/sqlite-event-store.ts'));
const { ReadModelDatabase } = require(path.join(root, 'libs/read-models/src/sqlite/read-model-database.ts'));
const { CheckpointedProcessor } = require(
  path.join(root, 'libs/read-models/src/processor/checkpointed-processor.ts'),
);
const { LettersProjection } = require(path.join(root, 'libs/read-models/src/letters/letters.projection.ts'));
const { LettersWorkflow, sqliteWorkflowCheckpoints } = require(
  path.join(root, 'libs/read-models/src/letters/workflow/index.ts'),
);

/** The workflow, killed (with `kill`) right after the first LetterIssued it appends. */
async function runWorkflow() {
  const store = new SqliteEventStore(eventStorePath, { pollIntervalMs: 5 });
  const append = store.appendToStream.bind(store);
  store.appendToStream = async (streamId, expected, events) => {
    const result = await append(streamId, expected, events);
    // The letter is in the log; the workflow's checkpoint is not saved yet: die here, for real.
    if (kill && result.appended) process.kill(process.pid, 'SIGKILL');
    return result;
  };
  const database = ReadModelDatabase.open(readModelPath, []);
  const workflow = new LettersWorkflow(store, sqliteWorkflowCheckpoints(database), {
    today: () => '9999-12-31',
    batchSize,
  });
  const pass = await workflow.runOnce();
  database.close();
  await store.close();
  process.send({ reached: pass.checkpoint.toString() });
}

async function main() {
  if (mode === 'workflow') return runWorkflow();
  const store = new SqliteEventStore(eventStorePath, { pollIntervalMs: 5 });
  const letters = new LettersProjection();
  const projection = {
    name: letters.name,
    tables: letters.tables,
    apply(batch, tx) {
      letters.apply(batch, tx);
      const inserted = tx.db
        .prepare(`SELECT count(*) FROM ${tx.table('letters')}`)
        .pluck()
        .get();
      // The letter is in the transaction; the checkpoint is not written yet: die here, for real.
      if (kill && inserted > 0) process.kill(process.pid, 'SIGKILL');
    },
  };
  const database = ReadModelDatabase.open(readModelPath, [projection]);
  const quiet = {
    log() {},
    warn() {},
    error(message) {
      process.stderr.write(`${message}\n`);
    },
  };
  const processor = new CheckpointedProcessor(store, database, projection, { batchSize, logger: quiet });
  await processor.start();
  const head = await store.headPosition();
  await processor.waitForPosition(head, 20_000);
  await processor.stop();
  database.close();
  await store.close();
  process.send({ reached: head.toString() });
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : String(error)}\n`);
  process.exit(1);
});
