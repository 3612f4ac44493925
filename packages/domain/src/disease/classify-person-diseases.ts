/**
 * Classify a person's verified diagnoses into the 三个一批 lines.
 *
 * Rules:
 * - Only verified (已核准) diagnoses are classified; pending and rejected ones are left out.
 * - One entry per diagnosis: a person with several diseases keeps every one (the source report's
 *   named weakness is files recording only one or two of several chronic diseases).
 * - Catalogue version: per series (kind + region), the version valid on the diagnosis date; with
 *   `asOf` (a re-verification campaign after a list expands) the version valid on the later of the
 *   diagnosis date and `asOf`. Before a list's first version national lists still apply and local
 *   ones do not (see selectCatalogsValidOn). `catalogs` is what the caller passes: normally the
 *   published versions; add a draft to preview its effect.
 * - Age rules use the age at diagnosis in completed years (bounds inclusive).
 * - Priority when a code matches several lines: 大病集中救治 > 重病兜底保障 > 慢病签约服务管理.
 *   The major line is the only one with a fixed pathway, hospital and per-disease cost (四定两加强)
 *   and an audited 救治率, so a listed disease must not be hidden in another line. The safety net is
 *   next: a catastrophic disease outside the major list (a cancer not yet listed, dialysis) needs the
 *   financial protection more than a contract. The chronic line is the default long-term management
 *   (within it: 4类 > 6类 > 门诊慢特病, the order of the public-health follow-up duties).
 *   Within a kind, a local list is tried before the national one.
 * - Diagnoses that cannot be classified are flagged (`flag`) and get line 'none': free text without
 *   an ICD code ('uncoded'), a malformed code ('invalid_code') or an invalid date ('invalid_date').
 *   They are not "not ill"; they need a code before they can be classified.
 * - Several diagnoses of one disease (C16.000 and C16.900, or the same code from 体检 and 就诊) are
 *   kept as separate entries sharing one `personDiseaseKey`; listPersonDiseases merges them into
 *   one person-disease (one ledger case per person-disease).
 * - `severeRule.selfPayThresholdFen`: a diagnosis not on a major list whose own annual self-pay reaches
 *   the threshold goes to the safety-net line (placed just after the severe catalogues).
 */
import { z } from 'zod';
import { ageOn, type IsoDate, isIsoDate } from '../calendar/iso-date.ts';
import { type Fen, formatFen } from '../money/fen.ts';
import {
  CATALOG_KIND_LABELS,
  type CatalogKind,
  type TAgeRule,
  type TCatalogItem,
  type TDiseaseCatalog,
  ZIsoDate,
} from './catalog.schema.ts';
import { isCatalogInRegion, regionPrefixOf, selectCatalogsValidOn } from './catalog-versions.ts';
import { VERIFICATION_STATUSES } from './diagnosis-verification.ts';
import { type IcdCode, normalizeIcdCode } from './icd-code.ts';
import { findMatchingPattern } from './icd-pattern.ts';
import { resolveCatalogItems } from './resolve-catalog-items.ts';

export const DISEASE_LINES = ['major_treatment', 'severe_safety_net', 'chronic_contract', 'none'] as const;
export type DiseaseLine = (typeof DISEASE_LINES)[number];

export const DISEASE_LINE_LABELS: Readonly<Record<DiseaseLine, string>> = {
  major_treatment: '大病集中救治一批',
  severe_safety_net: '重病兜底保障一批',
  chronic_contract: '慢病签约服务管理一批',
  none: '未纳入三个一批',
};

export const LINE_OF_CATALOG_KIND: Readonly<Record<CatalogKind, DiseaseLine>> = {
  major: 'major_treatment',
  severe: 'severe_safety_net',
  chronic4: 'chronic_contract',
  chronic6: 'chronic_contract',
  outpatient_special: 'chronic_contract',
};

/** Evaluation order (lower first). The self-pay trigger sits between severe catalogues and chronic lists. */
const KIND_RANK: Readonly<Record<CatalogKind, number>> = {
  major: 0,
  severe: 1,
  chronic4: 3,
  chronic6: 4,
  outpatient_special: 5,
};
const SELF_PAY_RANK = 2;

export const UNCODED_DIAGNOSIS_REASON = '未编码诊断，需补充ICD编码';

/** Why a diagnosis could not be classified. */
export const CLASSIFICATION_FLAGS = ['uncoded', 'invalid_code', 'invalid_date'] as const;
export type ClassificationFlag = (typeof CLASSIFICATION_FLAGS)[number];

export const CLASSIFICATION_FLAG_LABELS: Readonly<Record<ClassificationFlag, string>> = {
  uncoded: '未编码',
  invalid_code: '编码无效',
  invalid_date: '诊断日期无效',
};

export const ZClassifiableDiagnosis = z.object({
  diagnosisId: z.string().min(1),
  icdCode: z.string().nullable(),
  name: z.string(),
  diagnosedOn: ZIsoDate,
  verificationStatus: z.enum(VERIFICATION_STATUSES),
  /** This diagnosis's own annual self-pay, for the optional cost trigger of the safety-net line. */
  annualSelfPayFen: z.int().min(0).optional(),
});
export type TClassifiableDiagnosis = z.infer<typeof ZClassifiableDiagnosis>;

export type TSevereRule = {
  /** Default true. False when the county runs no severe-disease list. */
  shouldUseSevereCatalogs?: boolean;
  /** When set, a diagnosis whose annualSelfPayFen reaches this amount joins the safety-net line. */
  selfPayThresholdFen?: Fen;
};

export type TClassifyPersonInput = {
  personId: string;
  diagnoses: readonly TClassifiableDiagnosis[];
  birthDate: IsoDate | null;
  /** All published catalogue versions (extends are resolved within this set). */
  catalogs: readonly TDiseaseCatalog[];
  /** 12-digit code of the person's region: local catalogues outside it are ignored. Absent = use all. */
  regionCode?: string;
  /** Use the versions valid on this date for diagnoses made before it. */
  asOf?: IsoDate;
  severeRule?: TSevereRule;
};

export type TDiseaseClassification = {
  personId: string;
  diagnosisId: string;
  line: DiseaseLine;
  catalogCode: string | null;
  catalogVersion: string | null;
  itemCode: string | null;
  itemName: string | null;
  /** Chinese explanation, e.g. "2019版大病专项救治目录：食管癌（C15）". */
  reason: string;
  /** Set when the diagnosis could not be classified (line is then 'none'). */
  flag: ClassificationFlag | null;
  /** Normalised ICD code, null when uncoded or malformed. */
  icdCode: IcdCode | null;
  diagnosedOn: string;
  /**
   * Same value for diagnoses of the same disease of one person: `${line}:${itemCode}` when a
   * catalogue item matched, `code:${icdCode}` for other coded diagnoses, `dx:${diagnosisId}` when flagged.
   */
  personDiseaseKey: string;
};

type Outcome = Pick<
  TDiseaseClassification,
  'line' | 'catalogCode' | 'catalogVersion' | 'itemCode' | 'itemName' | 'reason' | 'flag'
>;
type AgeMiss = { catalog: TDiseaseCatalog; item: TCatalogItem };
type Step = { rank: number; specificity: number; run: (misses: AgeMiss[]) => Outcome | null };
type Context = {
  input: TClassifyPersonInput;
  catalogs: readonly TDiseaseCatalog[];
  itemsByCatalog: Map<string, TCatalogItem[]>;
};

function noneOutcome(reason: string, flag: ClassificationFlag | null = null): Outcome {
  return {
    line: 'none',
    catalogCode: null,
    catalogVersion: null,
    itemCode: null,
    itemName: null,
    reason,
    flag,
  };
}

function describeAgeRule({ minAge, maxAge }: TAgeRule): string {
  if (minAge !== undefined && maxAge !== undefined) {
    return `${minAge}–${maxAge}岁`;
  }
  return minAge !== undefined ? `${minAge}岁及以上` : `${maxAge}岁及以下`;
}

function isAgeAllowed(rule: TAgeRule | undefined, age: number | null): boolean {
  if (rule === undefined) {
    return true;
  }
  if (age === null) {
    return false;
  }
  return (
    (rule.minAge === undefined || age >= rule.minAge) && (rule.maxAge === undefined || age <= rule.maxAge)
  );
}

function catalogTitle(catalog: TDiseaseCatalog): string {
  return catalog.regionCode === undefined
    ? `${catalog.version}版${CATALOG_KIND_LABELS[catalog.kind]}目录`
    : `${catalog.name}（${catalog.version}版）`;
}

/*
 * Memoised per catalogue set (the array the caller passes, treated as immutable like the catalogues in it):
 * a county re-classification classifies tens of thousands of persons against the same set, and resolving
 * `extends` chains, filtering by region and picking the versions valid on a date are the same every time.
 */
const ITEMS_BY_SET = new WeakMap<readonly TDiseaseCatalog[], Map<string, TCatalogItem[]>>();
const REGIONAL_BY_SET = new WeakMap<readonly TDiseaseCatalog[], Map<string, TDiseaseCatalog[]>>();
const VALID_ON_BY_SET = new WeakMap<readonly TDiseaseCatalog[], Map<string, TDiseaseCatalog[]>>();

function memo<K, V>(cache: Map<K, V>, key: K, compute: () => V): V {
  const hit = cache.get(key);
  if (hit !== undefined) {
    return hit;
  }
  const value = compute();
  cache.set(key, value);
  return value;
}

function cacheOf<V>(
  caches: WeakMap<readonly TDiseaseCatalog[], Map<string, V>>,
  set: readonly TDiseaseCatalog[],
): Map<string, V> {
  let cache = caches.get(set);
  if (cache === undefined) {
    cache = new Map();
    caches.set(set, cache);
  }
  return cache;
}

function regionalCatalogs(catalogs: readonly TDiseaseCatalog[], regionCode: string | undefined) {
  if (regionCode === undefined) {
    return catalogs;
  }
  return memo(cacheOf(REGIONAL_BY_SET, catalogs), regionCode, () =>
    catalogs.filter((catalog) => isCatalogInRegion(catalog, regionCode)),
  );
}

function catalogsValidOn(catalogs: readonly TDiseaseCatalog[], date: IsoDate) {
  return memo(cacheOf(VALID_ON_BY_SET, catalogs), date, () => selectCatalogsValidOn(catalogs, date));
}

function itemsOf(context: Context, catalog: TDiseaseCatalog): TCatalogItem[] {
  return memo(context.itemsByCatalog, catalog.code, () =>
    resolveCatalogItems(catalog, context.input.catalogs),
  );
}

function catalogStep(context: Context, catalog: TDiseaseCatalog, code: IcdCode, age: Age): Step {
  return {
    rank: KIND_RANK[catalog.kind],
    specificity: catalog.regionCode === undefined ? 0 : regionPrefixOf(catalog.regionCode).length,
    run: (misses) => {
      for (const item of itemsOf(context, catalog)) {
        const pattern = findMatchingPattern(code, item.icdPatterns);
        if (pattern === null) {
          continue;
        }
        if (!isAgeAllowed(item.ageRule, 'years' in age ? age.years : null)) {
          misses.push({ catalog, item });
          continue;
        }
        return {
          line: LINE_OF_CATALOG_KIND[catalog.kind],
          catalogCode: catalog.code,
          catalogVersion: catalog.version,
          itemCode: item.code,
          itemName: item.name,
          reason: `${catalogTitle(catalog)}：${item.name}（${pattern}）`,
          flag: null,
        };
      }
      return null;
    },
  };
}

function selfPayStep(rule: TSevereRule | undefined, diagnosis: TClassifiableDiagnosis): Step | null {
  const threshold = rule?.selfPayThresholdFen;
  const selfPay = diagnosis.annualSelfPayFen;
  if (threshold === undefined || selfPay === undefined || selfPay < threshold) {
    return null;
  }
  const reason = `年度自付医疗费用${formatFen(selfPay)}元，达到重病兜底标准${formatFen(threshold)}元`;
  return {
    rank: SELF_PAY_RANK,
    specificity: 0,
    run: () => ({ ...noneOutcome(reason), line: 'severe_safety_net' }),
  };
}

type Age = { years: number } | { problem: string };

function describeAgeMiss(age: Age, miss: AgeMiss | undefined): string | null {
  if (miss === undefined || miss.item.ageRule === undefined) {
    return null;
  }
  const ageText = 'years' in age ? `诊断时年龄${age.years}岁` : age.problem;
  const rule = describeAgeRule(miss.item.ageRule);
  return `${ageText}，不符合${catalogTitle(miss.catalog)}“${miss.item.name}”的年龄条件（${rule}）`;
}

function ageAtDiagnosis(birthDate: IsoDate | null, diagnosedOn: IsoDate): Age {
  if (birthDate === null || !isIsoDate(birthDate)) {
    return { problem: '缺少有效的出生日期，无法判断年龄' };
  }
  if (birthDate > diagnosedOn) {
    return { problem: `出生日期${birthDate}晚于诊断日期${diagnosedOn}，无法判断年龄` };
  }
  return { years: ageOn(birthDate, diagnosedOn) };
}

function classifyDiagnosis(context: Context, diagnosis: TClassifiableDiagnosis): Outcome {
  const raw = diagnosis.icdCode?.trim() ?? '';
  if (raw === '') {
    const name = diagnosis.name.trim();
    return noneOutcome(
      name === '' ? UNCODED_DIAGNOSIS_REASON : `“${name}”为${UNCODED_DIAGNOSIS_REASON}`,
      'uncoded',
    );
  }
  const code = normalizeIcdCode(raw);
  if (code === null) {
    return noneOutcome(`ICD编码“${raw}”格式无效，需更正`, 'invalid_code');
  }
  if (!isIsoDate(diagnosis.diagnosedOn)) {
    return noneOutcome(`诊断日期“${diagnosis.diagnosedOn}”无效，需更正`, 'invalid_date');
  }
  const { asOf, severeRule, birthDate } = context.input;
  const versionDate = asOf !== undefined && asOf > diagnosis.diagnosedOn ? asOf : diagnosis.diagnosedOn;
  const age = ageAtDiagnosis(birthDate, diagnosis.diagnosedOn);
  const shouldUseSevere = severeRule?.shouldUseSevereCatalogs ?? true;
  const steps = catalogsValidOn(context.catalogs, versionDate)
    .filter((catalog) => shouldUseSevere || catalog.kind !== 'severe')
    .map((catalog) => catalogStep(context, catalog, code, age));
  const costStep = selfPayStep(severeRule, diagnosis);
  if (costStep) {
    steps.push(costStep);
  }
  steps.sort((a, b) => a.rank - b.rank || b.specificity - a.specificity);
  const misses: AgeMiss[] = [];
  for (const step of steps) {
    const outcome = step.run(misses);
    if (outcome) {
      const ageNote = describeAgeMiss(age, misses[0]);
      return ageNote === null ? outcome : { ...outcome, reason: `${outcome.reason}（${ageNote}）` };
    }
  }
  const base = `ICD编码${code}不在${versionDate}有效的病种目录中`;
  const ageNote = describeAgeMiss(age, misses[0]);
  return noneOutcome(ageNote === null ? base : `${base}：${ageNote}`);
}

function personDiseaseKeyOf(outcome: Outcome, code: IcdCode | null, diagnosisId: string): string {
  if (outcome.itemCode !== null) {
    return `${outcome.line}:${outcome.itemCode}`;
  }
  return outcome.flag === null && code !== null ? `code:${code}` : `dx:${diagnosisId}`;
}

/**
 * One classification per verified diagnosis, in input order. Throws DiseaseCatalogError when a
 * catalogue's `extends` cannot be resolved within `catalogs` (a configuration error).
 */
export function classifyPersonDiseases(input: TClassifyPersonInput): TDiseaseClassification[] {
  const { regionCode } = input;
  const context: Context = {
    input,
    catalogs: regionalCatalogs(input.catalogs, regionCode),
    itemsByCatalog: cacheOf(ITEMS_BY_SET, input.catalogs),
  };
  return input.diagnoses
    .filter((diagnosis) => diagnosis.verificationStatus === 'verified')
    .map((diagnosis) => {
      const outcome = classifyDiagnosis(context, diagnosis);
      const icdCode = normalizeIcdCode(diagnosis.icdCode);
      return {
        personId: input.personId,
        diagnosisId: diagnosis.diagnosisId,
        ...outcome,
        icdCode,
        diagnosedOn: diagnosis.diagnosedOn,
        personDiseaseKey: personDiseaseKeyOf(outcome, icdCode, diagnosis.diagnosisId),
      };
    });
}

/** One disease of one person, merged from the diagnoses that share a personDiseaseKey. */
export type TPersonDisease = {
  personId: string;
  personDiseaseKey: string;
  line: DiseaseLine;
  catalogCode: string | null;
  catalogVersion: string | null;
  itemCode: string | null;
  itemName: string | null;
  flag: ClassificationFlag | null;
  /** The earliest diagnosis of the disease (ties: input order); its reason is the disease's reason. */
  firstDiagnosisId: string;
  firstDiagnosedOn: string;
  reason: string;
  /** Every diagnosis of the disease, in input order. */
  diagnosisIds: string[];
};

/**
 * Merge classifications into person-diseases (per person and personDiseaseKey), in order of first
 * appearance. A person with hypertension, diabetes and a stroke gets three entries; two diagnoses of
 * gastric cancer give one.
 */
export function listPersonDiseases(classifications: readonly TDiseaseClassification[]): TPersonDisease[] {
  const byKey = new Map<string, TPersonDisease>();
  for (const entry of classifications) {
    const key = JSON.stringify([entry.personId, entry.personDiseaseKey]);
    const existing = byKey.get(key);
    if (existing === undefined) {
      byKey.set(key, {
        personId: entry.personId,
        personDiseaseKey: entry.personDiseaseKey,
        line: entry.line,
        catalogCode: entry.catalogCode,
        catalogVersion: entry.catalogVersion,
        itemCode: entry.itemCode,
        itemName: entry.itemName,
        flag: entry.flag,
        firstDiagnosisId: entry.diagnosisId,
        firstDiagnosedOn: entry.diagnosedOn,
        reason: entry.reason,
        diagnosisIds: [entry.diagnosisId],
      });
      continue;
    }
    existing.diagnosisIds.push(entry.diagnosisId);
    if (entry.diagnosedOn < existing.firstDiagnosedOn) {
      Object.assign(existing, {
        catalogCode: entry.catalogCode,
        catalogVersion: entry.catalogVersion,
        itemName: entry.itemName,
        firstDiagnosisId: entry.diagnosisId,
        firstDiagnosedOn: entry.diagnosedOn,
        reason: entry.reason,
      });
    }
  }
  return [...byKey.values()];
}
