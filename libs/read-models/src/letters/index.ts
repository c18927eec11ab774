// The letter workflow as a read model (CONVENTIONS 7): its projection, tables and queries.
export * from './letters-tables';
export * from './issued-on';
export * from './letter-licence-memory';
export * from './letter-input';
export * from './letters.projection';
export * from './letter.queries';
