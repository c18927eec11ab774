import { registerEnumType } from '@nestjs/graphql';
import { OFFENCE_CODES } from '@ledger/domain';

/** The contract's enums (schema.graphql), registered once for the code-first schema. */
const asEnum = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const LicenceStatusEnum = asEnum(['VALID', 'INVALIDATION_PENDING', 'INVALIDATED'] as const);
export const GenderEnum = asEnum(['MALE', 'FEMALE'] as const);
export const InfractionStatusEnum = asEnum(['RECORDED', 'ESTABLISHED', 'CANCELLED'] as const);
export const EstablishmentModeEnum = asEnum([
  'FINE_PAID',
  'INCREASED_FINE_ISSUED',
  'COMPOSITION_PENALE_EXECUTED',
  'CONVICTION_FINAL',
] as const);
export const LetterReferenceEnum = asEnum([
  'REF_48',
  'REF_48M',
  'REF_48N',
  'REF_48SI',
  'REF_46',
  'REF_46D',
  'REF_46B',
  'REF_47',
  'REF_CORRECTION',
] as const);
export const LetterChannelEnum = asEnum(['ORDINARY_MAIL', 'REGISTERED', 'REGISTERED_WITH_RECEIPT'] as const);
export const LedgerEntryKindEnum = asEnum([
  'WITHDRAWAL',
  'RESTORATION_FULL',
  'RESTORATION_SIX_MONTHS',
  'RESTORATION_TEN_YEARS',
  'TRAINING_COURSE',
  'PROBATION_INCREMENT',
  'PROBATION_END',
  'CORRECTION',
] as const);
export const OffenceCodeEnum = asEnum(OFFENCE_CODES);
export const ConsultationRoleEnum = asEnum([
  'HOLDER',
  'LEDGER_READER',
  'LEDGER_CLERK',
  'LEDGER_SYSTEM',
] as const);

registerEnumType(LicenceStatusEnum, { name: 'LicenceStatus' });
registerEnumType(GenderEnum, { name: 'Gender' });
registerEnumType(InfractionStatusEnum, { name: 'InfractionStatus' });
registerEnumType(EstablishmentModeEnum, { name: 'EstablishmentMode' });
registerEnumType(LetterReferenceEnum, { name: 'LetterReference' });
registerEnumType(LetterChannelEnum, { name: 'LetterChannel' });
registerEnumType(LedgerEntryKindEnum, { name: 'LedgerEntryKind' });
registerEnumType(OffenceCodeEnum, { name: 'OffenceCode' });
registerEnumType(ConsultationRoleEnum, {
  name: 'ConsultationRole',
  description: 'Through which right a file was read.',
});
