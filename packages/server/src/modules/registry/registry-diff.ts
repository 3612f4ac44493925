/** One changed field: the stored text of the old and the new value (null = empty). */
export type FieldChange = { field: string; oldValue: string | null; newValue: string | null };

/** How a value is written into change_log (text, comparable across types). */
export function changeText(value: unknown): string | null {
  if (value === null || value === undefined || value === '') {
    return null;
  }
  if (typeof value === 'boolean') {
    return value ? 'true' : 'false';
  }
  if (Array.isArray(value)) {
    return value.length === 0 ? null : value.map(String).join(',');
  }
  return String(value);
}

/**
 * The fields of `patch` (keys present, undefined skipped) whose value differs from `current`;
 * `columns` maps patch keys to stored column names (the names recorded as `field`).
 */
export function diffFields<P extends Record<string, unknown>>(
  current: Record<string, unknown>,
  patch: P,
  columns: Partial<Record<keyof P, string>>,
): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const [key, column] of Object.entries(columns) as [string, string][]) {
    if (!(key in patch) || patch[key] === undefined) {
      continue;
    }
    const oldValue = changeText(current[column]);
    const newValue = changeText(patch[key]);
    if (oldValue !== newValue) {
      changes.push({ field: column, oldValue, newValue });
    }
  }
  return changes;
}
