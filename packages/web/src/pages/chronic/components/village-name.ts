/** A village committee's everyday name: 大杖子村村民委员会 → 大杖子村; 东街社区居民委员会 → 东街社区. */
export function shortVillageName(name: string): string {
  return name.replace(/村民委员会$/, '').replace(/居民委员会$/, '');
}
