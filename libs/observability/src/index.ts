// What operators watch: Prometheus metrics (prom-client), the operations port, structured logs and
// the request id that ties a log line to the events it caused.
export * from './logging/ledger-logger';
export * from './logging/request-id';
export * from './metrics/ledger-metrics';
export * from './metrics/ops-server';
export * from './observability.module';
