export * from './start-dev-identity-providers';
