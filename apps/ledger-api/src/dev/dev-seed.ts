import { Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  EstablishInfractionCommand,
  IssueLicenceCommand,
  RecordInfractionCommand,
  RecordTrainingCourseCommand,
  type CommandContext,
} from '@ledger/application';
import { DEV_HOLDERS } from '@ledger/auth';
import type { CalendarDate } from '@ledger/domain';
import { SEED_STORIES, type SeedStep } from './dev-seed.stories';

const context = (commandId: string): CommandContext => ({ commandId, actor: 'system:dev-seed' });

/**
 * Records the development stories up to today, through the CommandBus like any clerk. Every
 * command has a fixed commandId, so running the seed at each start-up records only what became
 * due since (a later LEDGER_TODAY), never twice.
 */
export async function seedDevelopmentLicences(bus: CommandBus, today: CalendarDate, logger = new Logger('DevSeed')): Promise<number> {
  let recorded = 0;
  for (const story of SEED_STORIES) {
    if (story.issuedOn > today) continue;
    const holder = DEV_HOLDERS.find((h) => h.login === story.login);
    if (!holder) throw new Error(`The dev seed names an unknown test holder: ${story.login}`);
    const issued = await bus.execute(
      new IssueLicenceCommand(
        story.licenceNumber,
        { issuedOn: story.issuedOn, holder: holder.civilStatus, probationary: story.probationary, earlyLearning: false, address: story.address },
        context(`dev-seed:${story.login}:issue`),
      ),
    );
    recorded += issued.eventsAppended;
    for (const [index, step] of story.steps.entries()) {
      if (step.on > today) break;
      const result = await bus.execute(commandFor(story.licenceNumber, step, context(`dev-seed:${story.login}:${index}`)));
      recorded += result.eventsAppended;
    }
  }
  if (recorded > 0) logger.log(`Seeded the development licences up to ${today}: ${recorded} events appended.`);
  return recorded;
}

function commandFor(licenceNumber: string, step: SeedStep, ctx: CommandContext) {
  switch (step.kind) {
    case 'infraction': {
      const { on, kind: _k, ...data } = step;
      return new RecordInfractionCommand(licenceNumber, { ...data, committedOn: on }, ctx);
    }
    case 'establish':
      return new EstablishInfractionCommand(licenceNumber, { infractionId: step.infractionId, mode: step.mode, establishedOn: step.on }, ctx);
    case 'course':
      return new RecordTrainingCourseCommand(licenceNumber, { courseId: step.courseId, firstDay: step.firstDay, lastDay: step.on }, ctx);
  }
}
