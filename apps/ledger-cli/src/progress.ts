import { performance } from 'node:perf_hooks';

export interface ProgressOptions {
  /** What is being done: "seed", "rebuild licences"… */
  label: string;
  /** How many units in all; 0 when unknown (then no bar and no ETA). */
  total: number;
  /** The unit counted: "events", "holders". */
  unit: string;
  /** Default: stderr, so that stdout holds only the command's result (JSON). */
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** False prints nothing (--quiet). */
  enabled?: boolean;
  /** Without a terminal, one line every this many milliseconds. Default 5000. */
  lineIntervalMs?: number;
}

const BAR_WIDTH = 24;
const number = new Intl.NumberFormat('en-GB');

/** 3725 s → "1:02:05"; 65 s → "1:05". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/**
 * A progress line for long operator work: done / total, percentage, rate and time left. On a
 * terminal it redraws one line (at most ten times a second); in a log (no terminal) it prints a line
 * every few seconds, so that a job runner's log shows the work is alive without flooding it.
 */
export class Progress {
  private readonly started = performance.now();
  private readonly stream: NodeJS.WritableStream & { isTTY?: boolean };
  private readonly enabled: boolean;
  private readonly tty: boolean;
  private readonly lineIntervalMs: number;
  private lastDrawn = -Infinity;
  private done = 0;
  private total: number;
  private finished = false;
  private detail = '';

  constructor(private readonly options: ProgressOptions) {
    this.stream = options.stream ?? process.stderr;
    this.enabled = options.enabled ?? true;
    this.tty = this.stream.isTTY === true;
    this.total = options.total;
    this.lineIntervalMs = options.lineIntervalMs ?? 5000;
  }

  /** Units per second since the start. */
  get rate(): number {
    const seconds = (performance.now() - this.started) / 1000;
    return seconds > 0 ? this.done / seconds : 0;
  }

  get elapsedMs(): number {
    return performance.now() - this.started;
  }

  /** `detail`: more to show after the figures (e.g. the events imported while counting bytes). */
  update(done: number, total?: number, detail?: string): void {
    this.done = done;
    if (total !== undefined) this.total = total;
    if (detail !== undefined) this.detail = detail;
    if (!this.enabled || this.finished) return;
    const now = performance.now();
    if (now - this.lastDrawn < (this.tty ? 100 : this.lineIntervalMs)) return;
    this.lastDrawn = now;
    this.draw();
  }

  /** Draws the last state and ends the line. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    if (!this.enabled) return;
    this.draw();
    if (this.tty) this.stream.write('\n');
  }

  /** The line as it would be drawn now (tests read it). */
  line(): string {
    const { label, unit } = this.options;
    const rate = this.rate;
    const parts = [label];
    if (this.total > 0) {
      const fraction = Math.min(1, this.done / this.total);
      const filled = Math.round(fraction * BAR_WIDTH);
      parts.push(
        `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`,
        `${(fraction * 100).toFixed(1).padStart(5)}%`,
      );
      parts.push(`${number.format(this.done)}/${number.format(this.total)} ${unit}`);
    } else {
      parts.push(`${number.format(this.done)} ${unit}`);
    }
    parts.push(`${number.format(Math.round(rate))} ${unit}/s`);
    if (this.detail) parts.push(this.detail);
    if (this.finished) parts.push(`in ${formatDuration(this.elapsedMs / 1000)}`);
    else if (this.total > 0 && rate > 0) parts.push(`ETA ${formatDuration((this.total - this.done) / rate)}`);
    return parts.join('  ');
  }

  private draw(): void {
    const line = this.line();
    this.stream.write(this.tty ? `\r\x1b[2K${line}` : `${line}\n`);
  }
}
