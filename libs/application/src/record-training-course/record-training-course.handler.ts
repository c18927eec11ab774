import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { LicenceCommandHandling } from '../licence-command-handling';
import type { LicenceCommandResult } from '../licence-command-result';
import { RecordTrainingCourseCommand } from './record-training-course.command';

@CommandHandler(RecordTrainingCourseCommand)
export class RecordTrainingCourseHandler implements ICommandHandler<RecordTrainingCourseCommand> {
  constructor(private readonly licences: LicenceCommandHandling) {}

  async execute({
    licenceNumber,
    data,
    context,
  }: RecordTrainingCourseCommand): Promise<LicenceCommandResult> {
    return this.licences.handle(licenceNumber, { type: 'RecordTrainingCourse', data }, context);
  }
}
