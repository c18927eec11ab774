import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { startApi, startupMessage } from './start-api';

async function bootstrap(): Promise<void> {
  const started = await startApi();
  const stop = () => void started.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  new Logger('LedgerApi').log(startupMessage(started));
}

bootstrap().catch((error: unknown) => {
  new Logger('LedgerApi').error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
