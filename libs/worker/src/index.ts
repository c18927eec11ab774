// The worker's wiring, shared by the worker process (apps/ledger-worker) and the API, which runs it
// in its own process on the embedded default (`npm start`).
export * from './worker.module';
export * from './worker-application.module';
export * from './daily-run/daily-run.scheduler';
export * from './daily-run/daily-run-log';
export * from './health/processor-progress';
export * from './health/worker-health';
export { LETTERS_WORKFLOW_OBSERVER } from './letters-workflow.provider';
