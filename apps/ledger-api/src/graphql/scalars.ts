import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { isCalendarDate } from '@ledger/domain';

const invalid = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

/** A calendar date, YYYY-MM-DD, in Europe/Paris: a day, never an instant. */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A calendar date, YYYY-MM-DD, in Europe/Paris.',
  serialize: (value) => {
    if (!isCalendarDate(value)) throw new GraphQLError(`Not a calendar date: ${String(value)}`);
    return value;
  },
  parseValue: (value) => {
    if (!isCalendarDate(value))
      throw invalid(`"${String(value).slice(0, 40)}" is not a calendar date (YYYY-MM-DD).`);
    return value;
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING || !isCalendarDate(ast.value))
      throw invalid('A Date is a string YYYY-MM-DD.');
    return ast.value;
  },
});

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** An instant, ISO 8601 with offset. */
export const DateTimeScalar = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  description: 'An instant, ISO 8601 with offset.',
  serialize: (value) => {
    if (typeof value !== 'string' || !DATE_TIME.test(value))
      throw new GraphQLError(`Not an instant: ${String(value)}`);
    return value;
  },
  parseValue: (value) => {
    if (typeof value !== 'string' || !DATE_TIME.test(value))
      throw invalid('A DateTime is ISO 8601 with an offset.');
    return value;
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING || !DATE_TIME.test(ast.value))
      throw invalid('A DateTime is ISO 8601 with an offset.');
    return ast.value;
  },
});
