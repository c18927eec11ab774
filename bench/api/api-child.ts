import './production-mode';
import { startBenchApi, type BenchApiOptions } from './bench-api';

/**
 * The bench API in its own process (so that the load generator has the other core): started with
 * the options in argv[2], it sends its address to the parent, and closes when the parent says so.
 */
async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2]) as BenchApiOptions;
  const api = await startBenchApi(options);
  process.on('message', (message) => {
    if (message === 'cpu') {
      // The server's CPU time so far (µs): the load generator divides by the requests it sent.
      const { user, system } = process.cpuUsage();
      process.send!({ kind: 'cpu', micros: user + system });
    }
    if (message === 'close') {
      api.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    }
  });
  process.send!({ kind: 'ready', graphqlUrl: api.graphqlUrl, bareUrl: api.bareUrl, holders: api.holders });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
