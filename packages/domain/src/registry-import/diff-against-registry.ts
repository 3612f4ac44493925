import { addDays, compareIsoDates, type IsoDate } from '../calendar/index.ts';
import type { RegistryCategory } from '../registry/vocabulary.ts';
import type { ImportedHousehold, ImportedPerson } from './validate-person-row.ts';

/** One changed field, named by its stored column; values as change_log text (null = empty). */
export type ImportFieldChange = { field: string; oldValue: string | null; newValue: string | null };

/** A person as stored, with the open (valid_to null) category periods. */
export type RegistryPersonSnapshot = {
  name: string;
  sex: 'M' | 'F';
  birthDate: IsoDate;
  villageCode: string;
  householdNo: string | null;
  relation: string | null;
  phone: string | null;
  isInsured: boolean;
  hasPremiumSubsidy: boolean;
  disabilityCert: string | null;
  status: 'normal' | 'dead' | 'moved_out';
  statusDate: IsoDate | null;
  openCategories: readonly {
    id: number;
    category: RegistryCategory;
    validFrom: IsoDate;
    source: string | null;
  }[];
};

export type RegistryHouseholdSnapshot = {
  villageCode: string;
  address: string | null;
  headName: string | null;
  povertyAttribute: string | null;
  mainCause: string | null;
  otherCauses: readonly string[];
  registeredYear: number | null;
  exitStatus: string;
  exitYear: number | null;
  monitoringType: string | null;
  riskStatus: string | null;
};

/** change_log text of a value: booleans 'true'/'false', lists joined with ',', empty as null. */
export function changeLogText(value: unknown): string | null {
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

const PERSON_FIELDS = [
  ['name', 'name', 'name'],
  ['sex', 'sex', 'sex'],
  ['birthDate', 'birthDate', 'birth_date'],
  ['villageCode', 'villageCode', 'village_code'],
  ['householdNo', 'householdNo', 'household_no'],
  ['relation', 'relation', 'relation'],
  ['phone', 'phone', 'phone'],
  ['isInsured', 'isInsured', 'is_insured'],
  ['hasPremiumSubsidy', 'hasPremiumSubsidy', 'has_premium_subsidy'],
  ['disabilityCert', 'disabilityCert', 'disability_cert'],
  ['status', 'status', 'status'],
  ['statusDate', 'statusDate', 'status_date'],
] as const satisfies readonly (readonly [keyof ImportedPerson, keyof RegistryPersonSnapshot, string])[];

/**
 * Person fields the row changes. A field absent from the row (blank cell) is not compared: imports
 * never clear a stored value. `household_no` stands for the household link.
 */
export function diffPersonFields(
  existing: RegistryPersonSnapshot,
  incoming: ImportedPerson,
): ImportFieldChange[] {
  const changes: ImportFieldChange[] = [];
  for (const [from, to, field] of PERSON_FIELDS) {
    if (incoming[from] === undefined) {
      continue;
    }
    const oldValue = changeLogText(existing[to]);
    const newValue = changeLogText(incoming[from]);
    if (oldValue !== newValue) {
      changes.push({ field, oldValue, newValue });
    }
  }
  return changes;
}

export type CategoryPlan = {
  /** Categories to open (valid_from = the row's category start date). */
  open: { category: RegistryCategory; validFrom: IsoDate }[];
  /** Open periods to close (valid_to = closeOn, never before the period's start). */
  close: { id: number; category: RegistryCategory; validTo: IsoDate }[];
};

/**
 * Category changes of a row. A listed category that is not open is opened. When the list carries the
 * category column, an open category recorded from the same source department and missing from the row
 * is closed on the day before `today` (a department only ends what it declared). Categories of other
 * departments are never touched.
 */
export function planCategoryChanges(options: {
  existing: RegistryPersonSnapshot['openCategories'];
  incoming: ImportedPerson;
  hasCategoryColumn: boolean;
  source: string;
  today: IsoDate;
}): CategoryPlan {
  const { existing, incoming, hasCategoryColumn, source, today } = options;
  const plan: CategoryPlan = { open: [], close: [] };
  if (!hasCategoryColumn) {
    return plan;
  }
  const listed = incoming.categories ?? [];
  const from = incoming.categoryFrom ?? today;
  for (const category of listed) {
    if (!existing.some((p) => p.category === category)) {
      plan.open.push({ category, validFrom: from });
    }
  }
  const closeOn = addDays(today, -1);
  for (const period of existing) {
    if (period.source === source && !listed.includes(period.category)) {
      const validTo = compareIsoDates(closeOn, period.validFrom) < 0 ? period.validFrom : closeOn;
      plan.close.push({ id: period.id, category: period.category, validTo });
    }
  }
  return plan;
}

const HOUSEHOLD_FIELDS = [
  ['address', 'address', 'address'],
  ['povertyAttribute', 'povertyAttribute', 'poverty_attribute'],
  ['mainCause', 'mainCause', 'main_cause'],
  ['otherCauses', 'otherCauses', 'other_causes'],
  ['registeredYear', 'registeredYear', 'registered_year'],
  ['exitStatus', 'exitStatus', 'exit_status'],
  ['exitYear', 'exitYear', 'exit_year'],
  ['monitoringType', 'monitoringType', 'monitoring_type'],
  ['riskStatus', 'riskStatus', 'risk_status'],
] as const satisfies readonly (readonly [keyof ImportedHousehold, keyof RegistryHouseholdSnapshot, string])[];

/** Household fields a file changes (blank = unchanged), including the village and the head's name. */
export function diffHouseholdFields(
  existing: RegistryHouseholdSnapshot,
  incoming: { villageCode: string; headName?: string | undefined; values: ImportedHousehold },
): ImportFieldChange[] {
  const changes: ImportFieldChange[] = [];
  const push = (field: string, oldRaw: unknown, newRaw: unknown) => {
    const oldValue = changeLogText(oldRaw);
    const newValue = changeLogText(newRaw);
    if (oldValue !== newValue) {
      changes.push({ field, oldValue, newValue });
    }
  };
  push('village_code', existing.villageCode, incoming.villageCode);
  if (incoming.headName !== undefined) {
    push('head_name', existing.headName, incoming.headName);
  }
  for (const [from, to, field] of HOUSEHOLD_FIELDS) {
    if (incoming.values[from] !== undefined) {
      push(field, existing[to], incoming.values[from]);
    }
  }
  return changes;
}

export type RowClassification = 'new' | 'changed' | 'unchanged';

/** new (not in the registry), changed (a person field or a category changes) or unchanged. */
export function classifyImportedPerson(
  existing: RegistryPersonSnapshot | null,
  incoming: ImportedPerson,
  options: { hasCategoryColumn: boolean; source: string; today: IsoDate },
): { kind: RowClassification; changes: ImportFieldChange[]; categories: CategoryPlan } {
  if (!existing) {
    return { kind: 'new', changes: [], categories: { open: [], close: [] } };
  }
  const changes = diffPersonFields(existing, incoming);
  const categories = planCategoryChanges({ existing: existing.openCategories, incoming, ...options });
  const isChanged = changes.length > 0 || categories.open.length > 0 || categories.close.length > 0;
  return { kind: isChanged ? 'changed' : 'unchanged', changes, categories };
}
