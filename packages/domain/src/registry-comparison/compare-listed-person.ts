import {
  PERSON_STATUS_LABELS,
  type PersonStatus,
  REGISTRY_CATEGORY_LABELS,
  type RegistryCategory,
} from '../registry/vocabulary.ts';
import type { ImportedPerson } from '../registry-import/validate-person-row.ts';

/**
 * 数据对比: a department's list compared with the registry, without importing it. A listed person is
 * matched by ID number; the fields compared are the ones departments disagree on: name, categories,
 * status, household and village.
 */

/** The departments whose lists are compared, with the categories each one is responsible for. */
export const COMPARISON_SOURCES = [
  {
    key: '医保局',
    label: '医保局参保名单',
    /** Every registered resident should be insured: the whole registry is expected in the list. */
    categories: null,
  },
  {
    key: '扶贫办',
    label: '扶贫办/乡村振兴局名单',
    categories: ['poor_registered', 'poverty_exited', 'monitored'],
  },
  { key: '民政', label: '民政名单', categories: ['dibao', 'tekun', 'dibao_edge'] },
  { key: '残联', label: '残联名单', categories: ['severe_disability'] },
  { key: '其他', label: '其他部门名单', categories: null },
] as const satisfies readonly {
  key: string;
  label: string;
  categories: readonly RegistryCategory[] | null;
}[];

export type ComparisonSource = (typeof COMPARISON_SOURCES)[number]['key'];

export function isComparisonSource(value: string): value is ComparisonSource {
  return COMPARISON_SOURCES.some((s) => s.key === value);
}

/** The categories a source declares (null: none in particular). */
export function categoriesOfSource(source: ComparisonSource): readonly RegistryCategory[] | null {
  return COMPARISON_SOURCES.find((s) => s.key === source)?.categories ?? null;
}

export const COMPARISON_KINDS = ['only_in_list', 'only_in_registry', 'different'] as const;
export type ComparisonKind = (typeof COMPARISON_KINDS)[number];
export const COMPARISON_KIND_LABELS: Record<ComparisonKind, string> = {
  only_in_list: '仅名单有',
  only_in_registry: '仅系统有',
  different: '信息不一致',
};

export const COMPARISON_FIELDS = ['name', 'categories', 'status', 'household', 'village'] as const;
export type ComparisonField = (typeof COMPARISON_FIELDS)[number];
export const COMPARISON_FIELD_LABELS: Record<ComparisonField, string> = {
  name: '姓名',
  categories: '人员类别',
  status: '人员状态',
  household: '户编号',
  village: '所在村',
};

/** One field on which the list and the registry disagree; values as people read them (null = empty). */
export type ComparisonDifference = {
  field: ComparisonField;
  listValue: string | null;
  registryValue: string | null;
};

/** A registered person as the comparison reads it: categories valid on the comparison date. */
export type ComparedRegistryPerson = {
  name: string;
  status: PersonStatus;
  householdNo: string | null;
  villageCode: string;
  categories: readonly RegistryCategory[];
};

const categoryText = (categories: readonly RegistryCategory[]) =>
  categories.length === 0
    ? null
    : [...categories]
        .sort()
        .map((c) => REGISTRY_CATEGORY_LABELS[c])
        .join('、');

/**
 * The fields on which a listed person and the registered person disagree. A blank cell (an absent key) is
 * not compared, except the status: a person on a department's current list is taken to be alive and
 * resident, so a registry status of 死亡 or 迁出 is a difference when the list has no status of its own.
 * Categories are compared only when the list has the column: every listed category must be valid in the
 * registry, and a registered category that the source is responsible for must be listed (categories of
 * other departments are not the list's business).
 */
export function compareListedPerson(
  registry: ComparedRegistryPerson,
  listed: ImportedPerson,
  options: { hasCategoryColumn: boolean; source: ComparisonSource },
): ComparisonDifference[] {
  const differences: ComparisonDifference[] = [];
  if (listed.name !== registry.name) {
    differences.push({ field: 'name', listValue: listed.name, registryValue: registry.name });
  }
  if (options.hasCategoryColumn) {
    const listedCategories = listed.categories ?? [];
    const responsible = categoriesOfSource(options.source);
    const missingInRegistry = listedCategories.some((c) => !registry.categories.includes(c));
    const missingInList = (responsible ?? []).some(
      (c) => registry.categories.includes(c) && !listedCategories.includes(c),
    );
    if (missingInRegistry || missingInList) {
      const shown = responsible
        ? registry.categories.filter((c) => responsible.includes(c) || listedCategories.includes(c))
        : registry.categories;
      differences.push({
        field: 'categories',
        listValue: categoryText(listedCategories),
        registryValue: categoryText(shown),
      });
    }
  }
  const listedStatus = listed.status ?? 'normal';
  if (listedStatus !== registry.status) {
    differences.push({
      field: 'status',
      listValue: listed.status ? PERSON_STATUS_LABELS[listed.status] : '正常（名单在列）',
      registryValue: PERSON_STATUS_LABELS[registry.status],
    });
  }
  if (listed.householdNo !== undefined && listed.householdNo !== registry.householdNo) {
    differences.push({
      field: 'household',
      listValue: listed.householdNo,
      registryValue: registry.householdNo,
    });
  }
  if (listed.villageCode !== registry.villageCode) {
    differences.push({
      field: 'village',
      listValue: listed.villageCode,
      registryValue: registry.villageCode,
    });
  }
  return differences;
}
