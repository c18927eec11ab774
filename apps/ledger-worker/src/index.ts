// What the API's AppModule needs to run the worker in its own process (`npm start`).
export * from './worker.module';
export * from './worker-application.module';
export * from './daily-run/daily-run.scheduler';
export * from './daily-run/daily-run-log';
