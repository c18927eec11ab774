import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { PointsBalance } from './balance.types';
import { EstablishmentModeEnum, GenderEnum, InfractionStatusEnum, OffenceCodeEnum } from './enums';
import { PostalAddress } from './letters.types';
import { DateScalar } from './scalars';

@ObjectType()
export class Holder {
  @Field() familyName!: string;
  @Field() givenNames!: string;
  @Field(() => DateScalar) birthdate!: string;
  @Field(() => GenderEnum) gender!: keyof typeof GenderEnum;
  @Field(() => String, { nullable: true }) birthplace?: string | null;
  @Field() birthcountry!: string;
}

@ObjectType()
export class Infraction {
  @Field(() => ID) infractionId!: string;
  @Field(() => OffenceCodeEnum) offenceCode!: keyof typeof OffenceCodeEnum;
  @Field() contraventionClass!: string;
  @Field(() => DateScalar) committedOn!: string;
  @Field(() => ID, { nullable: true }) checkId?: string | null;
  @Field(() => InfractionStatusEnum) status!: keyof typeof InfractionStatusEnum;
  @Field(() => DateScalar, { nullable: true }) establishedOn?: string | null;
  @Field(() => EstablishmentModeEnum, { nullable: true }) establishedBy?:
    keyof typeof EstablishmentModeEnum | null;
  @Field(() => Int) pointsWithdrawn!: number;
}

@ObjectType()
export class LicenceFile {
  @Field() licenceNumber!: string;
  @Field(() => Holder) holder!: Holder;
  @Field(() => DateScalar) issuedOn!: string;
  @Field(() => PointsBalance) balance!: PointsBalance;
  @Field(() => Int, { description: 'Raw balance: may be negative.' }) rawPoints!: number;
  @Field(() => [Infraction]) infractions!: Infraction[];
  @Field({ description: 'Stream revision, for optimistic concurrency in clients.' }) version!: string;
  @Field(() => PostalAddress, { nullable: true, description: 'Where letters are sent; null when none is on file.' })
  postalAddress?: PostalAddress | null;
}

@ObjectType()
export class DueChangesReport {
  @Field(() => DateScalar) asOf!: string;
  @Field(() => Int) licencesChanged!: number;
  @Field(() => Int) eventsAppended!: number;
}
