import { describe, expect, it } from 'vitest';
import { childPrefixLength } from './region-levels.ts';

describe('childPrefixLength', () => {
  it.each([
    ['13', 4],
    ['1303', 6],
    ['130321', 9],
    ['130321100', 12],
    ['130321100201', 12],
    ['1303211', 7],
  ])('%s → %i', (prefix, length) => {
    expect(childPrefixLength(prefix)).toBe(length);
  });
});
