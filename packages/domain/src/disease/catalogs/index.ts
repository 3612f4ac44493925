import type { TDiseaseCatalog } from '../catalog.schema.ts';
import { deepFreeze } from '../catalog-publishing.ts';
import { CHRONIC4_2017, CHRONIC6_2017 } from './chronic.ts';
import { HEBEI_OUTPATIENT_SPECIAL_2019 } from './hebei-outpatient-special.ts';
import {
  NATIONAL_MAJOR_2017,
  NATIONAL_MAJOR_2018,
  NATIONAL_MAJOR_2019,
  NATIONAL_MAJOR_2020,
} from './national-major.ts';
import { NATIONAL_SEVERE_2017 } from './national-severe.ts';
import { YANCHENG_MAJOR_2021 } from './yancheng-major.ts';

export * from './chronic.ts';
export * from './hebei-outpatient-special.ts';
export * from './major-items.ts';
export * from './national-major.ts';
export * from './national-severe.ts';
export * from './yancheng-major.ts';

/**
 * Every shipped catalogue version, all published and deeply frozen (the exported constants above are
 * the same objects, so they are frozen too). Local lists apply only inside their regionCode.
 */
export const DISEASE_CATALOGS: readonly TDiseaseCatalog[] = deepFreeze([
  NATIONAL_MAJOR_2017,
  NATIONAL_MAJOR_2018,
  NATIONAL_MAJOR_2019,
  NATIONAL_MAJOR_2020,
  CHRONIC4_2017,
  CHRONIC6_2017,
  HEBEI_OUTPATIENT_SPECIAL_2019,
  YANCHENG_MAJOR_2021,
  NATIONAL_SEVERE_2017,
]);
