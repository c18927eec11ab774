import { connect } from 'node:net';
/** What a hostile request came to. */
export interface Probe {
  label: string;
  status: number;
  text: string;
  json?:
    | {
        data?: Record<string, unknown> | null;
        errors?: { message?: string; extensions?: { code?: string } }[];
      }
    | unknown;
  headers: Headers;
}

export const codesOf = (probe: Probe): string[] =>
  ((probe.json as { errors?: { extensions?: { code?: string } }[] } | undefined)?.errors ?? []).map(
    (e) => e.extensions?.code ?? '?',
  );

export const dataOf = (probe: Probe): Record<string, unknown> | null | undefined =>
  (probe.json as { data?: Record<string, unknown> | null } | undefined)?.data;

/**
 * The tally of a hostile suite: every request sent, and every one that went wrong. A request goes
 * wrong when the server crashed or cut it (no answer), answered 5xx, answered an internal error, or
 * accepted it (the caller's check says which answers are acceptances).
 */
export class HostileTally {
  tried = 0;
  readonly crashed: string[] = [];
  readonly serverErrors: string[] = [];
  readonly accepted: string[] = [];
  readonly byGroup: Record<string, number> = {};
  /** Per group, the requests that are not hostile and must be answered (a control, a harmless shape). */
  readonly answered: Record<string, number> = {};

  constructor(private readonly baseUrl: string) {}

  async send(group: string, label: string, path: string, init: RequestInit): Promise<Probe | null> {
    this.tried += 1;
    this.byGroup[group] = (this.byGroup[group] ?? 0) + 1;
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${this.baseUrl}${path}`, { ...init, signal: AbortSignal.timeout(15_000) });
      text = await response.text();
    } catch (error) {
      this.crashed.push(`${group}/${label}: ${String((error as { cause?: unknown }).cause ?? error)}`);
      return null;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const probe: Probe = { label, status: response.status, text, json, headers: response.headers };
    if (response.status >= 500 || codesOf(probe).includes('INTERNAL_SERVER_ERROR')) {
      this.serverErrors.push(`${group}/${label}: ${response.status} ${text.slice(0, 300)}`);
    }
    return probe;
  }

  /**
   * Raw bytes on a TCP connection, for what no HTTP client would send (non-Latin-1 header bytes,
   * smuggling attempts, garbage): resolves with the status line of the answer, or '' if none came.
   */
  raw(group: string, label: string, bytes: Buffer | string): Promise<string> {
    this.tried += 1;
    this.byGroup[group] = (this.byGroup[group] ?? 0) + 1;
    const { hostname, port } = new URL(this.baseUrl);
    return new Promise((resolve) => {
      let answer = '';
      const socket = connect(Number(port), hostname, () => socket.end(bytes));
      socket.setTimeout(5_000, () => socket.destroy());
      socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
      socket.on('error', () => undefined);
      socket.on('close', () => {
        const status = answer.split('\r\n')[0] ?? '';
        if (/^HTTP\/1\.[01] 5/.test(status)) this.serverErrors.push(`${group}/${label}: ${status}`);
        resolve(status);
      });
    });
  }

  /** A GraphQL POST as a same-site page or a back office sends it. */
  graphql(
    group: string,
    label: string,
    body: unknown,
    headers: Record<string, string> = {},
  ): Promise<Probe | null> {
    return this.send(group, label, '/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  accept(group: string, label: string, why: string): void {
    this.accepted.push(`${group}/${label}: ${why}`);
  }

  /** A request that must be answered was: it is counted apart from the hostile ones. */
  answer(group: string): void {
    this.answered[group] = (this.answered[group] ?? 0) + 1;
  }

  get failures(): string[] {
    return [...this.crashed, ...this.serverErrors, ...this.accepted];
  }

  /** What went wrong in one group: each test asserts its own. */
  failuresOf(group: string): string[] {
    return this.failures.filter((failure) => failure.startsWith(`${group}/`));
  }

  /** One group's figures, counted from what was sent. */
  figuresOf(group: string) {
    const inGroup = (list: string[]) => list.filter((entry) => entry.startsWith(`${group}/`)).length;
    const tried = this.byGroup[group] ?? 0;
    const answered = this.answered[group] ?? 0;
    return {
      tried,
      hostile: tried - answered,
      answeredAsTheyMustBe: answered,
      accepted: inGroup(this.accepted),
      serverErrors: inGroup(this.serverErrors),
      crashed: inGroup(this.crashed),
    };
  }
}

/** A command recorded while the read model lagged: an acceptance, though answered with an error code. */
export const RECORDED_BUT_LAGGING = 'READ_MODEL.LAGGING';

/** A clear refusal: an error code (not "recorded"), and no data for the field asked. */
export const refusedClearly = (probe: Probe, field: string): boolean =>
  codesOf(probe).length > 0 && !codesOf(probe).includes(RECORDED_BUT_LAGGING) && !dataOf(probe)?.[field];
