import { rerunWithHeapCeiling } from './heap-ceiling';

// The entry decides first, loading nothing else, whether to re-run itself under a heap ceiling: a
// parent that waits for its child should not hold the whole CLI (NestJS, the stores) in memory too.
const rerun = rerunWithHeapCeiling(process.argv.slice(2), __filename);
if (rerun !== undefined) process.exitCode = rerun;
else {
  void import('./cli').then(({ main, reportError }) =>
    main(process.argv.slice(2)).then(
      (code) => {
        process.exitCode = code;
      },
      (error: unknown) => {
        process.exitCode = reportError(error);
      },
    ),
  );
}
