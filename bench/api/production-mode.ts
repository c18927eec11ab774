/**
 * Imported first by the bench API's process: graphql-js is loaded in its production mode, as the
 * deployed service runs it (NODE_ENV=production). In development it checks every `instanceof` with
 * extra work (jsutils/instanceOf), a cost no production request pays. NODE_ENV is put back at once:
 * the development identity providers the bench signs holders in with refuse to start in production.
 */
const previous = process.env.NODE_ENV;
process.env.NODE_ENV = 'production';
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('graphql');
if (previous === undefined) delete process.env.NODE_ENV;
else process.env.NODE_ENV = previous;

export {};
