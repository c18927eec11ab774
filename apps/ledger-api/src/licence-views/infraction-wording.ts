import type { InfractionView } from '@ledger/domain';
import { describeOffence } from '@ledger/domain';
import { frenchDate } from '@ledger/letters';
import { classPhrase } from '@ledger/letters/letter-texts/infraction-phrases';

/** How a holder reads one infraction: what it is, its class, when it was committed — never its id. */
export interface InfractionWording {
  infractionId: string;
  /** "Excès de vitesse", the catalogue's French label. */
  description: string;
  /** "contravention de la 4e classe", "délit". */
  offenceClass: string;
  committedOn: string;
  /** "excès de vitesse (contravention de la 4e classe commise le 10 janvier 2024)". */
  sentence: string;
}

export function wordInfraction(infraction: InfractionView): InfractionWording {
  const description = describeOffence(infraction.offenceCode);
  const offenceClass = classPhrase(infraction.offenceClass);
  const committed = infraction.offenceClass === 'DELIT' ? 'commis' : 'commise';
  return {
    infractionId: infraction.infractionId,
    description,
    offenceClass,
    committedOn: infraction.committedOn,
    sentence: `« ${description} » (${offenceClass} ${committed} le ${frenchDate(infraction.committedOn)})`,
  };
}

/** The wording of each infraction of a file, by id; an id the file lacks reads as "une infraction". */
export function infractionWordings(infractions: readonly InfractionView[]): (id: string) => InfractionWording | null {
  const byId = new Map(infractions.map((i) => [i.infractionId, wordInfraction(i)]));
  return (id) => byId.get(id) ?? null;
}
