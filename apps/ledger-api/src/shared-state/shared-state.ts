import { join, dirname } from 'node:path';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { StoreConfig } from '@ledger/application';
import {
  type AuthClock,
  type AuthStateStore,
  PgAuthStateStore,
  PgSharedDatabase,
  SqliteAuthStateStore,
  orUnavailable,
  systemAuthClock,
} from '@ledger/auth';
import type { ConsultationAudit } from '../consultations/consultation-audit';
import { PgConsultationAudit } from '../consultations/pg-consultation-audit';
import { SqliteConsultationAudit } from '../consultations/sqlite-consultation-audit';
import { PgThrottlerStorage } from '../rate-limits/pg-throttler-storage';

/**
 * What every API instance must share: holders' sessions and consumed logins, the consultation
 * audit, the rate-limit counters. With DATABASE_URL all of them are in PostgreSQL (already required
 * there, so no other service to run); on the embedded default, SQLite files beside the read models,
 * and the rate limits in the process's memory (one instance).
 */
export interface SharedState {
  /** 'postgres' or 'sqlite': what /health/ready and the start-up line report. */
  kind: 'postgres' | 'sqlite';
  authState: AuthStateStore;
  audit: ConsultationAudit;
  /** Absent: @nestjs/throttler's in-memory storage (one instance). */
  rateLimitStorage?: ThrottlerStorage;
  /** Throws when a shared store does not answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * STATE_SCHEMA: the PostgreSQL schema of the shared state, apart from the read models' schema:
 * read models are disposable (an operator may drop and rebuild them), the audit is a legal record.
 */
export const DEFAULT_STATE_SCHEMA = 'ledger_state';

export function stateSchema(env: NodeJS.ProcessEnv): string {
  const schema = env.STATE_SCHEMA?.trim() || DEFAULT_STATE_SCHEMA;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(
      `STATE_SCHEMA must be lower-case letters, digits and _, not starting with a digit (got ${JSON.stringify(schema)}).`,
    );
  }
  return schema;
}

export interface SharedStatePaths {
  /** AUDIT_PATH, default ./data/audit.sqlite. */
  auditPath: string;
  /** SESSIONS_PATH, default sessions.sqlite beside the audit. */
  sessionsPath: string;
  /** STATE_SCHEMA, with DATABASE_URL. */
  schema: string;
  /** STATE_TIMEOUT_MS: how long a statement may wait (a lock, a slow server) before the store is unavailable. */
  timeoutMs: number;
}

export function sharedStatePaths(env: NodeJS.ProcessEnv): SharedStatePaths {
  const auditPath = env.AUDIT_PATH ?? './data/audit.sqlite';
  return {
    auditPath,
    sessionsPath: env.SESSIONS_PATH ?? join(dirname(auditPath), 'sessions.sqlite'),
    schema: stateSchema(env),
    timeoutMs: stateTimeoutMs(env),
  };
}

function stateTimeoutMs(env: NodeJS.ProcessEnv): number {
  const raw = env.STATE_TIMEOUT_MS?.trim();
  if (!raw) return 5_000;
  if (!/^\d+$/.test(raw) || Number(raw) < 100) {
    throw new Error(`STATE_TIMEOUT_MS must be a whole number of milliseconds, at least 100 (got ${JSON.stringify(raw)}).`);
  }
  return Number(raw);
}

/** Expired sessions are refused on read anyway; this only keeps the table small. */
const SESSION_PURGE_INTERVAL_MS = 5 * 60 * 1000;

function purgeExpiredSessionsPeriodically(store: AuthStateStore): () => void {
  const timer = setInterval(() => void store.purgeExpired().catch(() => undefined), SESSION_PURGE_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}

export async function openSharedState(
  stores: StoreConfig,
  paths: SharedStatePaths,
  clock: AuthClock = systemAuthClock,
): Promise<SharedState> {
  if (stores.readModels.kind === 'postgres') {
    const database = new PgSharedDatabase(stores.readModels.url, {
      schema: paths.schema,
      statementTimeoutMs: paths.timeoutMs,
      connectionTimeoutMs: paths.timeoutMs,
    });
    try {
      const [authState, audit, rateLimitStorage] = await Promise.all([
        PgAuthStateStore.open(database, { clock }),
        PgConsultationAudit.open(database),
        PgThrottlerStorage.open(database, clock),
      ]);
      const stopPurge = purgeExpiredSessionsPeriodically(authState);
      return {
        kind: 'postgres',
        authState,
        audit,
        rateLimitStorage,
        ping: async () => {
          await authState.ping();
          await audit.ping();
          await orUnavailable('the rate-limit counters', () => rateLimitStorage.ping());
        },
        close: async () => {
          stopPurge();
          rateLimitStorage.close();
          await database.close();
        },
      };
    } catch (error) {
      await database.close();
      throw error;
    }
  }
  const authState = new SqliteAuthStateStore(paths.sessionsPath, { clock });
  const audit = new SqliteConsultationAudit(paths.auditPath);
  const stopPurge = purgeExpiredSessionsPeriodically(authState);
  return {
    kind: 'sqlite',
    authState,
    audit,
    ping: async () => {
      await authState.ping();
      await audit.ping();
    },
    close: async () => {
      stopPurge();
      await audit.close();
      await authState.close();
    },
  };
}
