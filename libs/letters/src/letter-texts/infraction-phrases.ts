import { describeOffence, type EstablishmentMode, type OffenceClass } from '@ledger/domain';
import { frenchDate } from '../letter-format';
import type { LetterInfraction } from '../letter';

/** How the reality of an infraction was established (L223-1 ¶2), as a letter says it. */
export const ESTABLISHMENT_PHRASES: Record<EstablishmentMode, string> = {
  FINE_PAID: 'le paiement de l’amende forfaitaire',
  INCREASED_FINE_ISSUED: 'l’émission du titre exécutoire de l’amende forfaitaire majorée',
  COMPOSITION_PENALE_EXECUTED: 'l’exécution d’une composition pénale',
  CONVICTION_FINAL: 'une condamnation devenue définitive',
};

/** "contravention de la 4e classe", "délit". */
export function classPhrase(offenceClass: OffenceClass): string {
  if (offenceClass === 'DELIT') return 'délit';
  return `contravention de la ${offenceClass === 1 ? '1re' : `${offenceClass}e`} classe`;
}

/** "Excès de vitesse (25 km/h au-delà de la vitesse maximale autorisée de 80 km/h)". */
export function offenceLabel(infraction: LetterInfraction): string {
  const label = describeOffence(infraction.offenceCode).replace(/'/g, '’');
  if (infraction.retainedExcessKmh !== undefined && infraction.speedLimitKmh !== undefined) {
    return `${label} (${infraction.retainedExcessKmh} km/h au-delà de la vitesse maximale autorisée de ${infraction.speedLimitKmh} km/h)`;
  }
  if (infraction.alcoholGramsPerLitreBlood !== undefined) {
    return `${label} (${String(infraction.alcoholGramsPerLitreBlood).replace('.', ',')} g d’alcool par litre de sang)`;
  }
  return label;
}

/** "Feu rouge non respecté — contravention de la 4e classe commise le 10 janvier 2024". */
export function infractionSentence(infraction: LetterInfraction): string {
  const committed = infraction.offenceClass === 'DELIT' ? 'commis' : 'commise';
  return `${offenceLabel(infraction)} — ${classPhrase(infraction.offenceClass)} ${committed} le ${frenchDate(infraction.committedOn)}`;
}

/** "Feu rouge non respecté (infraction du 10 janvier 2024)": the short form of a table cell. */
export function infractionShort(infraction: LetterInfraction): string {
  return `${offenceLabel(infraction)} (infraction du ${frenchDate(infraction.committedOn)})`;
}
