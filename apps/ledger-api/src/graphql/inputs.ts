import { Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ValidateBy,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { isCalendarDate, OFFENCE_CODES, type OffenceCode } from '@ledger/domain';
import { EstablishmentModeEnum, GenderEnum, OffenceCodeEnum } from './enums';
import { DateScalar } from './scalars';

/** A calendar date YYYY-MM-DD that exists (the Date scalar checks it too; this declares the field). */
const IsCalendarDate = () =>
  ValidateBy({ name: 'isCalendarDate', validator: { validate: isCalendarDate, defaultMessage: () => '$property must be a calendar date (YYYY-MM-DD)' } });

/** Client-chosen identifiers: printable and bounded, so they can be logged and derived from safely. */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:\-/]{0,99}$/;
const ID_MESSAGE = '$property must be 1 to 100 letters, digits or . _ : - / characters';
const LICENCE_NUMBER_MESSAGE = '$property must be a licence number (at most 64 characters)';

@InputType({ isAbstract: true })
abstract class LicenceCommandInput {
  @Field(() => ID) @IsString() @Matches(ID_PATTERN, { message: ID_MESSAGE }) commandId!: string;
  @Field() @IsString() @Length(1, 64, { message: LICENCE_NUMBER_MESSAGE }) licenceNumber!: string;
}

@InputType()
export class HolderInput {
  @Field() @IsString() @Length(1, 100) familyName!: string;
  @Field({ description: 'All given names, separated by spaces.' })
  @IsString()
  @Length(1, 200)
  givenNames!: string;
  @Field(() => DateScalar) @IsCalendarDate() birthdate!: string;
  @Field(() => GenderEnum) @IsIn(Object.keys(GenderEnum)) gender!: keyof typeof GenderEnum;
  @Field(() => String, { nullable: true, description: 'INSEE commune code; absent when born abroad.' })
  @IsOptional()
  @IsString()
  @Matches(/^(\d{5}|2[AB]\d{3})$/i, { message: '$property must be an INSEE commune code (5 characters)' })
  birthplace?: string | null;
  @Field({ description: 'INSEE country code; France is 99100.' })
  @IsString()
  @Matches(/^99\d{3}$/, { message: '$property must be an INSEE country code (99xxx; France is 99100)' })
  birthcountry!: string;
}

@InputType({ description: 'A postal address for the letters (an addition to the contract).' })
export class AddressInput {
  @Field(() => [String]) @IsString({ each: true }) @Length(1, 100, { each: true }) lines!: string[];
  @Field() @IsString() @Matches(/^[0-9A-Za-z -]{2,10}$/) postalCode!: string;
  @Field() @IsString() @Length(1, 100) city!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @Length(1, 100) country?: string | null;
}

@InputType()
export class IssueLicenceInput extends LicenceCommandInput {
  @Field(() => DateScalar) @IsCalendarDate() issuedOn!: string;
  @Field(() => HolderInput) @ValidateNested() @Type(() => HolderInput) holder!: HolderInput;
  @Field() @IsBoolean() probationary!: boolean;
  @Field({ nullable: true, defaultValue: false }) @IsOptional() @IsBoolean() earlyLearning?: boolean;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(12) openingBalance?:
    number | null;
  @Field(() => AddressInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => AddressInput)
  address?: AddressInput | null;
  @Field(() => String, {
    nullable: true,
    description:
      "The holder's earlier licence number, when this licence is issued after that one was invalidated\n(RULES §5: the 1-year wait looks back across both).",
  })
  @IsOptional()
  @IsString()
  @Length(1, 64, { message: LICENCE_NUMBER_MESSAGE })
  previousLicenceNumber?: string | null;
}

@InputType()
export class RecordInfractionInput extends LicenceCommandInput {
  @Field(() => ID) @IsString() @Matches(ID_PATTERN, { message: ID_MESSAGE }) infractionId!: string;
  @Field(() => OffenceCodeEnum)
  @IsIn(OFFENCE_CODES as readonly string[] as string[])
  offenceCode!: OffenceCode;
  @Field(() => DateScalar) @IsCalendarDate() committedOn!: string;
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsString()
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  checkId?: string | null;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(300) retainedExcessKmh?:
    number | null;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(130) speedLimitKmh?:
    number | null;
  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(10)
  alcoholGramsPerLitreBlood?: number | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @Matches(/^\d{1,6}$/) natinf?:
    string | null;
}

@InputType()
export class EstablishInfractionInput extends LicenceCommandInput {
  @Field(() => ID) @IsString() @Matches(ID_PATTERN, { message: ID_MESSAGE }) infractionId!: string;
  @Field(() => EstablishmentModeEnum)
  @IsIn(Object.keys(EstablishmentModeEnum))
  mode!: keyof typeof EstablishmentModeEnum;
  @Field(() => DateScalar) @IsCalendarDate() establishedOn!: string;
}

@InputType()
export class CancelInfractionInput extends LicenceCommandInput {
  @Field(() => ID) @IsString() @Matches(ID_PATTERN, { message: ID_MESSAGE }) infractionId!: string;
  @Field(() => DateScalar) @IsCalendarDate() cancelledOn!: string;
  @Field() @IsString() @MinLength(1) @MaxLength(500) reason!: string;
}

@InputType()
export class RecordTrainingCourseInput extends LicenceCommandInput {
  @Field(() => ID) @IsString() @Matches(ID_PATTERN, { message: ID_MESSAGE }) courseId!: string;
  @Field(() => DateScalar) @IsCalendarDate() firstDay!: string;
  @Field(() => DateScalar) @IsCalendarDate() lastDay!: string;
}

@InputType()
export class RecordComplementaryTrainingInput extends LicenceCommandInput {
  @Field(() => DateScalar) @IsCalendarDate() completedOn!: string;
}

@InputType()
export class RecordInvalidationDeliveredInput extends LicenceCommandInput {
  @Field(() => DateScalar) @IsCalendarDate() deliveredOn!: string;
}

@InputType()
export class RecordLicenceSurrenderedInput extends LicenceCommandInput {
  @Field(() => DateScalar) @IsCalendarDate() surrenderedOn!: string;
}

@InputType({ description: 'A clerk records the holder’s new postal address (an addition to the contract).' })
export class ChangeHolderAddressInput extends LicenceCommandInput {
  @Field(() => AddressInput) @ValidateNested() @Type(() => AddressInput) address!: AddressInput;
  @Field(() => DateScalar, { description: 'The day the holder moved (or told us).' }) @IsCalendarDate() changedOn!: string;
}

/** How many letters one markLettersPosted may cover: a print run is posted in batches of this size at most. */
export const MAX_LETTERS_POSTED_AT_ONCE = 500;

@InputType({ description: 'Letters handed to the post on a date (an addition to the contract).' })
export class MarkLettersPostedInput {
  @Field(() => ID) @IsString() @Matches(ID_PATTERN, { message: ID_MESSAGE }) commandId!: string;
  @Field(() => [ID], { description: `1 to ${MAX_LETTERS_POSTED_AT_ONCE} letter ids.` })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_LETTERS_POSTED_AT_ONCE)
  @IsString({ each: true })
  @Matches(ID_PATTERN, { each: true, message: ID_MESSAGE })
  letterIds!: string[];
  @Field(() => DateScalar) @IsCalendarDate() postedOn!: string;
}
