import { describe, expect, it } from 'vitest';
import { shortVillageName } from './village-name.ts';

describe('shortVillageName', () => {
  it.each([
    ['大杖子村村民委员会', '大杖子村'],
    ['东街社区居民委员会', '东街社区'],
    ['青龙镇', '青龙镇'],
  ])('%s → %s', (name, short) => {
    expect(shortVillageName(name)).toBe(short);
  });
});
