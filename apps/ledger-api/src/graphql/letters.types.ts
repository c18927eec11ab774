import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { LetterChannelEnum, LetterReferenceEnum } from './enums';
import { DateScalar } from './scalars';

@ObjectType({ description: 'A postal address, where the letters are sent (an addition to the contract).' })
export class PostalAddress {
  @Field(() => [String]) lines!: string[];
  @Field() postalCode!: string;
  @Field() city!: string;
  @Field(() => String, { nullable: true }) country?: string | null;
}

@ObjectType({ description: 'One letter of a day’s print run (staff with ledger.reader).' })
export class PrintRunLetter {
  @Field(() => ID) letterId!: string;
  @Field() licenceNumber!: string;
  @Field(() => LetterReferenceEnum) reference!: keyof typeof LetterReferenceEnum;
  @Field(() => LetterChannelEnum) channel!: keyof typeof LetterChannelEnum;
  @Field(() => DateScalar) issuedOn!: string;
  @Field({ description: 'The holder as the envelope names them: "Madame Camille MARTIN".' })
  recipient!: string;
  @Field(() => [String], {
    nullable: true,
    description:
      'The address block under the name; null when no postal address is on file (the letter cannot be posted yet).',
  })
  postalAddress?: string[] | null;
  @Field(() => DateScalar, {
    nullable: true,
    description: 'When it was handed to the post; null until then.',
  })
  postedOn?: string | null;
  @Field({ description: 'The printable PDF of this letter.' }) pdfUrl!: string;
}

@ObjectType()
export class LetterPosting {
  @Field(() => ID) letterId!: string;
  @Field() licenceNumber!: string;
  @Field(() => DateScalar, {
    description: 'The posting date on record: the first one, if the letter was already posted.',
  })
  postedOn!: string;
  @Field({
    description: 'False when the letter was already recorded as posted (nothing was recorded again).',
  })
  newlyRecorded!: boolean;
}

@ObjectType()
export class MarkLettersPostedReport {
  @Field(() => Int) newlyRecorded!: number;
  @Field(() => Int) alreadyRecorded!: number;
  @Field(() => [LetterPosting]) letters!: LetterPosting[];
}
