import { describe, expect, it } from 'vitest';
import { BatchQueue } from './batch-queue.ts';

type Gate = { open: () => void; promise: Promise<void> };
function gate(): Gate {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, promise };
}

/** Lets queued callbacks (promise reactions, then setImmediate) run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('BatchQueue (group commit)', () => {
  it('runs a lone item at once and gives every caller its own result', async () => {
    const batches: number[][] = [];
    const queue = new BatchQueue<number, number>({
      maxBatchSize: 10,
      maxInFlight: 1,
      run: async (items) => {
        batches.push([...items]);
        return items.map((n) => n * 10);
      },
    });
    expect(await queue.push(1)).toBe(10);
    expect(await Promise.all([queue.push(2), queue.push(3), queue.push(4)])).toEqual([20, 30, 40]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('gathers what arrives while a batch runs into the next one, never more than maxInFlight at once', async () => {
    const gates: Gate[] = [];
    const batches: number[][] = [];
    let running = 0;
    let mostRunning = 0;
    const queue = new BatchQueue<number, number>({
      maxBatchSize: 100,
      maxInFlight: 2,
      run: async (items) => {
        batches.push([...items]);
        running++;
        mostRunning = Math.max(mostRunning, running);
        const g = gate();
        gates.push(g);
        await g.promise;
        running--;
        return [...items];
      },
    });
    const first = queue.push(1);
    await settle();
    const second = queue.push(2);
    await settle();
    // Two batches run; these three wait for a free slot and then go together.
    const rest = [queue.push(3), queue.push(4), queue.push(5)];
    await settle();
    expect(batches).toEqual([[1], [2]]);
    gates[0]?.open();
    await first;
    await settle();
    expect(batches).toEqual([[1], [2], [3, 4, 5]]);
    gates[1]?.open();
    gates[2]?.open();
    expect(await Promise.all([second, ...rest])).toEqual([2, 3, 4, 5]);
    expect(mostRunning).toBe(2);
    expect(queue.pending).toBe(0);
  });

  it('splits at maxBatchSize', async () => {
    const sizes: number[] = [];
    const queue = new BatchQueue<number, number>({
      maxBatchSize: 3,
      maxInFlight: 1,
      run: async (items) => {
        sizes.push(items.length);
        return [...items];
      },
    });
    expect(await queue.pushAll([1, 2, 3, 4, 5, 6, 7])).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(sizes).toEqual([3, 3, 1]);
  });

  it('fails every caller of a failed batch, and only those', async () => {
    let calls = 0;
    const queue = new BatchQueue<number, number>({
      maxBatchSize: 10,
      maxInFlight: 1,
      run: async (items) => {
        calls++;
        if (calls === 1) {
          throw new Error('INSERT failed');
        }
        return [...items];
      },
    });
    const failed = [queue.push(1), queue.push(2)];
    await expect(Promise.all(failed)).rejects.toThrow('INSERT failed');
    await expect(failed[1]).rejects.toThrow('INSERT failed');
    expect(await queue.push(3)).toBe(3);
  });

  it('treats a wrong number of results as a failure of the batch', async () => {
    const queue = new BatchQueue<number, number>({ maxBatchSize: 10, maxInFlight: 1, run: async () => [1] });
    await expect(Promise.all([queue.push(1), queue.push(2)])).rejects.toThrow(
      'batch returned 1 results for 2 items',
    );
  });

  it('whenIdle resolves once everything queued has run', async () => {
    const done: number[] = [];
    const queue = new BatchQueue<number, undefined>({
      maxBatchSize: 2,
      maxInFlight: 1,
      run: async (items) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        done.push(...items);
        return items.map(() => undefined);
      },
    });
    void queue.pushAll([1, 2, 3, 4, 5]);
    await queue.whenIdle();
    expect(done).toEqual([1, 2, 3, 4, 5]);
    await queue.whenIdle();
  });
});
