export * from './domain/licence-scenario';
export * from './domain/decider-specification';
export * from './domain/history-arbitrary';
export * from './domain/licence-commands';
