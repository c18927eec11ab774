import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { eventStorePath } from '@ledger/application';
import { AppModule } from './app.module';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(AppModule);
  // SIGTERM/SIGINT close the event store cleanly.
  app.enableShutdownHooks();
  const port = Number(process.env.PORT ?? 3000);
  await app.listen(port);
  new Logger('LedgerApi').log(
    `Points Ledger on http://localhost:${port} (GET /health), event store: SQLite at ${eventStorePath()}. ` +
      'The GraphQL API comes with the next issue.',
  );
}

void bootstrap();
