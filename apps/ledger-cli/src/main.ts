import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { isDomainError } from '@ledger/domain';
import { applyDueChanges } from './apply-due-changes';

const USAGE = `Usage: ledger-cli <command> [options]

Commands:
  apply-due-changes [--as-of YYYY-MM-DD]   append every decision due on or before the date
                                           (default: today) on every licence; prints the report

Environment: EVENT_STORE_PATH (default ./data/events.sqlite), LEDGER_TODAY (fixes today).`;

/** parseArgs refuses unknown options and missing values with these codes. */
const isUsageError = (error: unknown): error is Error & { code: string } =>
  error instanceof TypeError && String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS_');

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { 'as-of': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const [command] = positionals;
  if (values.help || command === undefined) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  switch (command) {
    case 'apply-due-changes': {
      const report = await applyDueChanges(values['as-of']);
      console.log(JSON.stringify(report));
      return report.licencesFailed > 0 ? 1 : 0;
    }
    default:
      console.error(`Unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (isUsageError(error)) {
      console.error(`${error.message}\n\n${USAGE}`);
      process.exitCode = 2;
      return;
    }
    console.error(isDomainError(error) ? `${error.code}: ${error.message}` : error);
    process.exitCode = 1;
  },
);
