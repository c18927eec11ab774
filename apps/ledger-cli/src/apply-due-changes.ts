import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApplyDueChangesCommand,
  Clock,
  LedgerApplicationModule,
  type DueChangesReport,
} from '@ledger/application';

/**
 * The daily run by hand: appends every decision due on or before `asOf` (default: today) on every
 * licence, through the same CommandBus handler the API and the worker use.
 */
export async function applyDueChanges(asOf: string | undefined): Promise<DueChangesReport> {
  const app = await NestFactory.createApplicationContext(LedgerApplicationModule.forRoot(), {
    logger: ['error', 'warn'],
  });
  try {
    const day = asOf ?? app.get(Clock).today();
    const commandId = `ledger-cli:apply-due-changes:${day}:${randomUUID()}`;
    return await app
      .get(CommandBus)
      .execute(new ApplyDueChangesCommand(day, { commandId, actor: 'system:ledger-cli' }));
  } finally {
    await app.close();
  }
}
