interface Waiting<T> {
  item: T;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Group commit: the items added while one batch is being written wait, and go together in the
 * next batch, one transaction and one flush to disk for all of them. Each `add` resolves once its
 * batch is stored, and fails if its batch fails. One batch at a time, so items keep their order.
 */
export class GroupCommit<T> {
  private waiting: Array<Waiting<T>> = [];
  private writing: Promise<void> | null = null;

  /** `maxBatch`: the most items one batch holds (a statement's parameters are bounded). */
  constructor(
    private readonly writeBatch: (items: readonly T[]) => Promise<void>,
    private readonly maxBatch = Number.POSITIVE_INFINITY,
  ) {}

  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.writing ??= this.drain();
    });
  }

  /** Settles once everything added so far is written (or has failed). */
  async flushed(): Promise<void> {
    await this.writing;
  }

  private async drain(): Promise<void> {
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxBatch);
      try {
        await this.writeBatch(batch.map((waiting) => waiting.item));
        for (const waiting of batch) waiting.resolve();
      } catch (error) {
        for (const waiting of batch) waiting.reject(error);
      }
    }
    this.writing = null;
  }
}
