/** current − (next − before), field by field: takes one settlement's contribution out of the year's totals. */
export function rollbackAccumulators(current: unknown, before: unknown, next: unknown): unknown {
  if (typeof current === 'number' || typeof before === 'number' || typeof next === 'number') {
    const n = (v: unknown) => (typeof v === 'number' ? v : 0);
    return n(current) - (n(next) - n(before));
  }
  const obj = (v: unknown) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : {});
  const c = obj(current);
  const b = obj(before);
  const x = obj(next);
  const out: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(c), ...Object.keys(b), ...Object.keys(x)])) {
    out[key] = key === 'year' ? (c[key] ?? x[key]) : rollbackAccumulators(c[key], b[key], x[key]);
  }
  return out;
}
