import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { DateScalar, DateTimeScalar } from './scalars';
import {
  ConsultationRoleEnum,
  LedgerEntryKindEnum,
  LetterChannelEnum,
  LetterReferenceEnum,
  LicenceStatusEnum,
} from './enums';

@ObjectType()
export class Probation {
  @Field(() => DateScalar) startedOn!: string;
  @Field(() => DateScalar) endsOn!: string;
  @Field() earlyLearning!: boolean;
  @Field() complementaryTraining!: boolean;
}

@ObjectType()
export class LedgerEntry {
  @Field(() => DateScalar) effectiveOn!: string;
  @Field(() => LedgerEntryKindEnum) kind!: keyof typeof LedgerEntryKindEnum;
  @Field(() => Int, { description: 'Signed change of the displayed balance.' }) points!: number;
  @Field(() => Int) balanceAfter!: number;
  @Field(() => Int) capitalAfter!: number;
  @Field(() => ID, { nullable: true }) infractionId?: string | null;
  @Field({ description: 'A sentence a holder understands, citing the rule.' }) explanation!: string;
  @Field({ description: 'The article of the Code de la route applied: "L223-1" (an addition to the contract).' })
  article!: string;
}

@ObjectType()
export class UpcomingRestoration {
  @Field(() => DateScalar) expectedOn!: string;
  @Field(() => LedgerEntryKindEnum) kind!: keyof typeof LedgerEntryKindEnum;
  @Field(() => Int) points!: number;
  @Field() condition!: string;
}

@ObjectType()
export class Letter {
  @Field(() => ID) letterId!: string;
  @Field(() => LetterReferenceEnum) reference!: keyof typeof LetterReferenceEnum;
  @Field(() => DateScalar) issuedOn!: string;
  @Field(() => LetterChannelEnum) channel!: keyof typeof LetterChannelEnum;
  @Field({ description: 'The letter as text; its first line holds the licence number.' }) text!: string;
  @Field({ description: 'Where the printable PDF can be fetched by the same caller.' }) pdfUrl!: string;
  @Field(() => DateScalar, { nullable: true, description: 'When the letter was handed to the post; null until then.' })
  postedOn?: string | null;
}

@ObjectType({
  description: 'One reading of a licence file, as recorded in the consultation audit (RULES §8).',
})
export class Consultation {
  @Field(() => DateTimeScalar) consultedAt!: string;
  @Field({ description: 'Who read it: "the holder", or the staff member\'s identifier.' })
  consultedBy!: string;
  @Field(() => ConsultationRoleEnum) role!: keyof typeof ConsultationRoleEnum;
  @Field({ description: 'What was read: myPointsBalance or licenceFile.' }) operation!: string;
}

@ObjectType()
export class PointsBalance {
  @Field() licenceNumber!: string;
  @Field(() => Int, { description: 'Displayed balance at asOf: never below 0.' }) points!: number;
  @Field(() => Int, { description: 'The ceiling at asOf: 6, 8, 9 or 10 during probation, else 12.' })
  capital!: number;
  @Field(() => DateScalar) asOf!: string;
  @Field(() => LicenceStatusEnum) status!: keyof typeof LicenceStatusEnum;
  @Field(() => DateScalar, { nullable: true }) invalidatedOn?: string | null;
  @Field(() => DateScalar, { nullable: true }) newLicenceAllowedFrom?: string | null;
  @Field(() => Probation, { nullable: true }) probation?: Probation | null;
  @Field(() => [String], { description: 'The legal notices shown with the balance.' }) notices!: string[];
  @Field(() => [LedgerEntry]) history!: LedgerEntry[];
  @Field(() => [UpcomingRestoration]) upcomingRestorations!: UpcomingRestoration[];
  @Field(() => [Letter]) letters!: Letter[];
  @Field(() => [Consultation], {
    description: 'Who consulted this file, newest first (holders see who read their balance).',
  })
  consultations!: Consultation[];
}
