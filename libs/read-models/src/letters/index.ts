// The letter workflow as a read model (CONVENTIONS 7): its projection on each store, tables and queries.
export * from './letters-tables';
export * from './pg-letters-tables';
export * from './issued-on';
export * from './letter-licence-memory';
export * from './letter-input';
export * from './letter-rows';
export * from './letters.projection';
export * from './pg-letters.projection';
export * from './letter.queries';
export * from './sqlite-letter.queries';
export * from './pg-letter.queries';
export * from './workflow';
export * from './upgrade/record-issued-letters';
