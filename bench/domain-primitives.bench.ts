import {
  allocateFen,
  applyRateBp,
  computeIdCheckChar,
  parseCitizenId,
  parseYuanToFen,
} from '@healthaid/domain';
import { opsPerSecond, report } from './harness.ts';

/**
 * Throughput of the pure primitives every import row and settlement goes through.
 * Run: npm run bench -- domain-primitives
 */
const ids: string[] = [];
for (let i = 0; i < 10_000; i++) {
  const first17 = `130321${19500101 + (i % 28)}${String(i % 1000).padStart(3, '0')}`;
  ids.push(first17 + computeIdCheckChar(first17));
}
let k = 0;
const figures = [
  {
    name: 'parseCitizenId',
    value: opsPerSecond(() => {
      parseCitizenId(ids[k++ % ids.length] as string, { today: '2026-11-23' });
    }),
    unit: 'ops/s',
  },
  {
    name: 'parseYuanToFen("¥1,234.56")',
    value: opsPerSecond(() => parseYuanToFen('¥1,234.56')),
    unit: 'ops/s',
  },
  {
    name: 'applyRateBp(123456789, 7_250)',
    value: opsPerSecond(() => applyRateBp(123_456_789, 7_250)),
    unit: 'ops/s',
  },
  {
    name: 'allocateFen over 5 shares',
    value: opsPerSecond(() => allocateFen(1_000_001, [3, 1, 1, 2, 5])),
    unit: 'ops/s',
  },
];
report('domain-primitives', figures);
