export * from './qinglong-130321.ts';
export * from './yancheng-3209.ts';
