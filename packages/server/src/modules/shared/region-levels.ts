// Province 2 → city 4 → county 6 → township 9 → village 12 significant digits.
const CHILD_PREFIX_LENGTH: Record<number, number> = { 2: 4, 4: 6, 6: 9, 9: 12, 12: 12 };

/**
 * How many leading digits of a 12-digit code name the child region it lies in, for a region of significant
 * `prefix` (a village has no children: its own 12).
 */
export function childPrefixLength(prefix: string): number {
  return CHILD_PREFIX_LENGTH[prefix.length] ?? prefix.length;
}
