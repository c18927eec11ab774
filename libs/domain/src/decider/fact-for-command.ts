import type { LicenceFact } from '../events/facts';
import { cancelInfraction } from './commands/cancel-infraction';
import { changeHolderAddress } from './commands/change-holder-address';
import { establishInfraction } from './commands/establish-infraction';
import { issueLicence } from './commands/issue-licence';
import { recordComplementaryTraining } from './commands/record-complementary-training';
import { recordInfraction } from './commands/record-infraction';
import { recordInvalidationDelivered } from './commands/record-invalidation-delivered';
import { recordLetterPosted } from './commands/record-letter-posted';
import { recordLicenceSurrendered } from './commands/record-licence-surrendered';
import { recordTrainingCourse } from './commands/record-training-course';
import type { LicenceCommand } from './licence-commands';
import type { LicenceState } from './licence-state';

type FactCommand = Exclude<LicenceCommand, { type: 'ApplyDueChanges' }>;

/**
 * The fact a command records, after every check of the input and of the law; null when the very
 * same fact is already recorded (a command sent twice changes nothing). One function per command,
 * in decider/commands/; the parsing of inputs is in decider/input/.
 */
export function factFor(command: FactCommand, state: LicenceState): LicenceFact | null {
  switch (command.type) {
    case 'IssueLicence':
      return issueLicence(command, state);
    case 'RecordInfraction':
      return recordInfraction(command, state);
    case 'EstablishInfraction':
      return establishInfraction(command, state);
    case 'CancelInfraction':
      return cancelInfraction(command, state);
    case 'RecordTrainingCourse':
      return recordTrainingCourse(command, state);
    case 'RecordComplementaryTraining':
      return recordComplementaryTraining(command, state);
    case 'RecordInvalidationDelivered':
      return recordInvalidationDelivered(command, state);
    case 'RecordLicenceSurrendered':
      return recordLicenceSurrendered(command, state);
    case 'ChangeHolderAddress':
      return changeHolderAddress(command, state);
    case 'RecordLetterPosted':
      return recordLetterPosted(command, state);
    default: {
      const exhaustive: never = command;
      return exhaustive;
    }
  }
}
