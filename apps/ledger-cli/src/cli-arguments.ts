import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { isCalendarDate, isDomainError } from '@ledger/domain';
import { parsePosition } from '@ledger/event-store';
import { sqliteProjections, storeConfig } from './cli-stores';

/** parseArgs refuses unknown options and missing values with these codes. */
export const isUsageError = (error: unknown): error is Error & { code: string } =>
  error instanceof TypeError && String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS_');

/** Bad arguments, or no store where one must be: exit code 2. */
export class UsageError extends Error {}

/** Commands that write a store from nothing: the only ones that may create it. */
const CREATING_COMMANDS = new Set(['seed', 'import']);
export const COMMANDS = [
  'apply-due-changes',
  'seed',
  'rebuild',
  'export',
  'import',
  'replay',
  'upgrade-letters',
  'rebuild-partition',
];

export function calendarDate(name: string, value: string | undefined): string | undefined {
  if (value !== undefined && !isCalendarDate(value))
    throw new UsageError(`--${name} must be a real day YYYY-MM-DD, got "${value}".`);
  return value;
}

/**
 * The embedded event store must already exist, except for the commands that write one from nothing
 * (or with --create): from the wrong folder, the default ./data/events.sqlite would otherwise be
 * created empty and the command would report success on nothing.
 */
export function requireEventStore(command: string, create: boolean): void {
  if (create || CREATING_COMMANDS.has(command)) return;
  const config = storeConfig(process.env).eventStore;
  if (config.kind !== 'sqlite' || config.path === ':memory:' || existsSync(config.path)) return;
  throw new UsageError(
    `no event store at ${resolve(config.path)}: run from the service's folder or set EVENT_STORE_PATH (--create starts an empty one).`,
  );
}

export function wholeNumber(name: string, value: string | undefined, fallback?: number): number {
  if (value === undefined) {
    if (fallback === undefined) throw new UsageError(`--${name} is required.`);
    return fallback;
  }
  if (!/^\d+$/.test(value.replace(/_/g, '')))
    throw new UsageError(`--${name} must be a whole number, got "${value}".`);
  return Number(value.replace(/_/g, ''));
}

/** Every argument checked before any store is opened: a mistake costs nothing and says what to fix. */
export function validateArguments(
  command: string,
  operands: string[],
  values: {
    to?: string;
    in?: string;
    after?: string;
    today?: string;
    'as-of'?: string;
    partitions?: string;
    partition?: string;
    'up-to'?: string;
  },
): void {
  calendarDate('as-of', values['as-of']);
  calendarDate('today', values.today);
  if (values.after !== undefined) position('after', values.after);
  if (command === 'rebuild' && values.partitions !== undefined) {
    const partitions = wholeNumber('partitions', values.partitions);
    if (partitions < 1 || partitions > 64)
      throw new UsageError(`--partitions must be from 1 to 64, got ${partitions}.`);
    if (storeConfig(process.env).readModels.kind !== 'postgres')
      throw new UsageError('--partitions needs the read models on PostgreSQL (DATABASE_URL).');
  }
  if (command === 'rebuild-partition') {
    if (!/^\d+\/\d+$/.test(values.partition ?? ''))
      throw new UsageError('rebuild-partition needs --partition I/N.');
    const [index, count] = values.partition!.split('/').map(Number);
    if (!(count >= 1 && index < count))
      throw new UsageError(`--partition ${values.partition}: I must be below N.`);
    position('up-to', values['up-to'] ?? '');
  }
  if (command === 'rebuild' || command === 'rebuild-partition') {
    const names = sqliteProjections().map((projection) => projection.name);
    const [name] = operands;
    if (name === undefined)
      throw new UsageError(`rebuild needs the name of a read model (${names.join(', ')}), or all.`);
    if (name !== 'all' && !names.includes(name))
      throw new UsageError(`no read model named "${name}" (known: ${names.join(', ')}, or all).`);
  }
  if (command === 'import') {
    if (values.in === undefined) throw new UsageError('import needs --in FILE (or - for stdin).');
    if (values.in !== '-' && !existsSync(values.in)) throw new UsageError(`--in ${values.in}: no such file.`);
  }
  if (command === 'replay') {
    if (values.to === undefined) throw new UsageError('replay needs --to YYYY-MM-DD.');
    calendarDate('to', values.to);
  }
}

export function position(name: string, value: string): bigint {
  try {
    return parsePosition(value);
  } catch {
    throw new UsageError(`--${name} must be a position of the log (a whole number), got "${value}".`);
  }
}

/** An error as the operator reads it: one line on stderr, and the exit code that says whose it is. */
export function reportError(error: unknown): number {
  const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ').trim();
  if (isUsageError(error) || error instanceof UsageError) {
    console.error(`ledger-cli: ${oneLine(error.message)} (ledger-cli --help for usage)`);
    return 2;
  }
  if (isDomainError(error)) console.error(`ledger-cli: ${error.code}: ${oneLine(error.message)}`);
  else console.error(`ledger-cli: ${oneLine(error instanceof Error ? error.message : String(error))}`);
  return 1;
}
