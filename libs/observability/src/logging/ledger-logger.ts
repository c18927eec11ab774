import { ConsoleLogger, type LogLevel } from '@nestjs/common';

/**
 * LOG_FORMAT: `json` (one JSON object per line, what a log collector parses: the default with
 * NODE_ENV=production) or `text` (readable, coloured on a terminal: the default elsewhere).
 */
export function logFormat(env: NodeJS.ProcessEnv): 'json' | 'text' {
  const raw = env.LOG_FORMAT?.trim();
  if (!raw) return env.NODE_ENV === 'production' ? 'json' : 'text';
  if (raw !== 'json' && raw !== 'text') {
    throw new Error(`LOG_FORMAT must be json or text (got ${JSON.stringify(raw)}).`);
  }
  return raw;
}

/** Nest's own logger, in JSON lines or in text as LOG_FORMAT says. */
export function ledgerLogger(env: NodeJS.ProcessEnv, logLevels?: LogLevel[]): ConsoleLogger {
  const json = logFormat(env) === 'json';
  return new ConsoleLogger({
    json,
    ...(json ? { colors: false } : {}),
    ...(logLevels ? { logLevels } : {}),
  });
}
