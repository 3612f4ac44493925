/**
 * The settlement engine knows four hospital levels (乡镇 / 县级 / 市级 / 省级及以上); the institution
 * registry knows six. Village clinics and community centres settle at the township level.
 */
import type { InstitutionLevel } from '../disease/institution-standardisation.ts';
import type { HospitalLevel } from '../settlement/settlement-vocabulary.ts';

const SETTLEMENT_LEVELS: Readonly<Record<InstitutionLevel, HospitalLevel>> = {
  village_clinic: 'township',
  township_health_centre: 'township',
  community_health_centre: 'township',
  county: 'county',
  city: 'city',
  province: 'province',
};

/** The settlement (policy) level of an institution of the given registry level. */
export function settlementLevelOf(level: InstitutionLevel): HospitalLevel {
  return SETTLEMENT_LEVELS[level];
}
