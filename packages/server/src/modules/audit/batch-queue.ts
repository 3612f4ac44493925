/**
 * Micro-batching of asynchronous work (group commit). Callers `push` one item and await its own result;
 * the queue hands waiting items to `run` in batches. A batch starts as soon as a slot is free (at most
 * `maxInFlight` batches run at once), after the current macrotask, so every item pushed meanwhile joins it:
 * under light load each item runs alone with no added delay, under heavy load batches grow and the cost per
 * item (round trips, statement planning, commits) falls. If `run` fails, every item of that batch fails.
 *
 * Used by the audit log (one multi-row INSERT per batch, awaited before a response leaves) and by the
 * identity check (one statement for all lookups waiting at that moment).
 */
export type BatchQueueOptions<TItem, TResult> = {
  /** Must return one result per item, in the order of the items. */
  run: (items: readonly TItem[]) => Promise<readonly TResult[]>;
  maxBatchSize: number;
  maxInFlight: number;
};

type Waiting<TItem, TResult> = {
  item: TItem;
  resolve: (result: TResult) => void;
  reject: (error: unknown) => void;
};

export class BatchQueue<TItem, TResult> {
  private waiting: Waiting<TItem, TResult>[] = [];
  private inFlight = 0;
  private isScheduled = false;
  private readonly idleWaiters: (() => void)[] = [];

  constructor(private readonly options: BatchQueueOptions<TItem, TResult>) {
    if (options.maxBatchSize < 1 || options.maxInFlight < 1) {
      throw new RangeError('maxBatchSize and maxInFlight must be at least 1');
    }
  }

  /** Queues one item; resolves with its result once the batch holding it has run. */
  push(item: TItem): Promise<TResult> {
    return new Promise<TResult>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Queues several items; resolves when every one of them has run (they may span batches). */
  pushAll(items: readonly TItem[]): Promise<TResult[]> {
    return Promise.all(items.map((item) => this.push(item)));
  }

  /** Items waiting or running. */
  get pending(): number {
    return this.waiting.length + this.inFlight;
  }

  /** Resolves when nothing is waiting or running (for orderly shutdown and tests). */
  whenIdle(): Promise<void> {
    if (this.waiting.length === 0 && this.inFlight === 0) {
      return Promise.resolve();
    }
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(): void {
    if (this.isScheduled || this.inFlight >= this.options.maxInFlight || this.waiting.length === 0) {
      return;
    }
    this.isScheduled = true;
    setImmediate(() => {
      this.isScheduled = false;
      this.startBatch();
    });
  }

  private startBatch(): void {
    if (this.inFlight >= this.options.maxInFlight || this.waiting.length === 0) {
      return;
    }
    const batch = this.waiting.splice(0, this.options.maxBatchSize);
    this.inFlight++;
    void this.runBatch(batch).finally(() => {
      this.inFlight--;
      if (this.waiting.length > 0) {
        this.schedule();
      } else if (this.inFlight === 0) {
        for (const resolve of this.idleWaiters.splice(0)) {
          resolve();
        }
      }
    });
    // More waiting than one batch holds: use the other free slots now.
    if (this.waiting.length > 0) {
      this.schedule();
    }
  }

  private async runBatch(batch: Waiting<TItem, TResult>[]): Promise<void> {
    try {
      const results = await this.options.run(batch.map((w) => w.item));
      if (results.length !== batch.length) {
        throw new Error(`batch returned ${results.length} results for ${batch.length} items`);
      }
      batch.forEach((waiting, i) => {
        waiting.resolve(results[i] as TResult);
      });
    } catch (error) {
      for (const waiting of batch) {
        waiting.reject(error);
      }
    }
  }
}
