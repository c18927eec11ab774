import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaBuilderModule, GraphQLSchemaFactory } from '@nestjs/graphql';
import type { GraphQLSchema } from 'graphql';
import { LicenceFileResolver } from '../licence-file/licence-file.resolver';
import { LicenceMutationsResolver } from '../licence-mutations/licence-mutations.resolver';
import { MyPointsBalanceResolver } from '../my-points-balance/my-points-balance.resolver';
import { ChangeHolderAddressResolver } from '../letters/change-holder-address/change-holder-address.resolver';
import { MarkLettersPostedResolver } from '../letters/mark-letters-posted/mark-letters-posted.resolver';
import { PrintRunResolver } from '../letters/print-run/print-run.resolver';

export const RESOLVERS = [
  MyPointsBalanceResolver,
  LicenceFileResolver,
  LicenceMutationsResolver,
  PrintRunResolver,
  MarkLettersPostedResolver,
  ChangeHolderAddressResolver,
];

/** The schema the API serves, built from the code-first resolvers without starting a server. */
export async function buildServedSchema(): Promise<GraphQLSchema> {
  const app = await NestFactory.createApplicationContext(GraphQLSchemaBuilderModule, { logger: false });
  try {
    await app.init();
    return await app.get(GraphQLSchemaFactory).create(RESOLVERS);
  } finally {
    await app.close();
  }
}
