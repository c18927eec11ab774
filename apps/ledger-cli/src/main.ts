import { isMainThread } from 'node:worker_threads';
import { heapCeilingFor, runInHeapCeilingWorker } from './heap-ceiling';

// The entry decides first, loading nothing else, whether to run the command in a worker thread
// under a heap ceiling: the main thread then only waits, and holds little (no NestJS, no stores).
const argv = process.argv.slice(2);
const heapMb = isMainThread ? heapCeilingFor(argv) : undefined;
if (heapMb !== undefined) {
  void runInHeapCeilingWorker(__filename, argv, heapMb).then((code) => {
    process.exitCode = code;
  });
} else {
  void import('./cli').then(({ main, reportError }) =>
    main(argv).then(
      (code) => {
        process.exitCode = code;
      },
      (error: unknown) => {
        process.exitCode = reportError(error);
      },
    ),
  );
}
