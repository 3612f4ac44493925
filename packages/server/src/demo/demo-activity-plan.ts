import {
  addDays,
  ageOn,
  categoriesOnDate,
  classifyPersonDiseases,
  createAccumulators,
  DISEASE_CATALOGS,
  divRoundHalfUp,
  fromEpochDay,
  type IsoDate,
  listPersonDiseases,
  lookupIcd10,
  openTreatmentCase,
  PERSON_CATEGORIES,
  pendingVerification,
  type RegistryCategory,
  type SettlementResult,
  settleClaim,
  type TDiseaseClassification,
  type TFollowUpVisit,
  type TPolicySet,
  type TSettlementAccumulators,
  type TSettlementClaim,
  type TTreatmentCase,
  toEpochDay,
  transitionDiagnosisVerification,
  transitionTreatmentCase,
  type VerificationStatus,
  ZFollowUpVisit,
} from '@healthaid/domain';
import { flagCheckupResults, minimumContractEnd, renewalPeriod } from '../modules/chronic/chronic-rules.ts';
import { assessVisit } from '../modules/chronic/follow-ups.service.ts';
import type { Random } from './demo-population.ts';

/**
 * What one person did in the demo county's year, planned without a database: diagnoses and their verification
 * and 三个一批 classification (domain `classifyPersonDiseases`), 大病 treatment-ledger cases (the ledger state
 * machine), family-doctor contracts, follow-up enrolments and visits (the follow-up service's `assessVisit`),
 * an annual checkup, and inpatient one-stop settlements (the settlement engine with yearly accumulators).
 * Pure given its inputs and the random stream: no clock, every date derived from `asOf`.
 *
 * Rates follow the source county (domain.md §0–§3): about 719 大病 patients and 2,681 severe mental disorder
 * patients among ~70,000 poor persons, many hypertension and diabetes patients; most diagnoses verified, the
 * recent ones often still pending; most 大病 cases treated.
 */

export type ActivityPerson = {
  id: number;
  idNumber: string;
  villageCode: string;
  householdId: number | null;
  birthDate: IsoDate;
  sex: 'M' | 'F';
  status: 'normal' | 'dead' | 'moved_out';
  statusDate: IsoDate | null;
  mainCause: string | null;
  categories: readonly { category: RegistryCategory; validFrom: IsoDate; validTo: IsoDate | null }[];
};

export type PlannedDiagnosis = {
  icdCode: string;
  name: string;
  diagnosedOn: IsoDate;
  registeredOn: IsoDate;
  source: string;
  institution: string;
  verification: { status: VerificationStatus; statusDate: IsoDate; by: string; reason: string | null };
  classification: TDiseaseClassification | null;
};

export type PlannedCase = {
  /** Index into diagnoses of the first diagnosis of the person-disease. */
  firstDiagnosis: number;
  personDiseaseKey: string;
  itemCode: string | null;
  itemName: string | null;
  openedOn: IsoDate;
  ledger: TTreatmentCase;
  details: {
    designatedHospitalCode: string;
    expertGroup: string;
    treatmentPlan: string;
    costQuotaFen: number;
  };
};

export type PlannedContract = {
  start: IsoDate;
  end: IsoDate;
  status: 'signed' | 'renewed' | 'cancelled';
  cancelReason: 'moved' | 'voluntary' | 'refused_year' | null;
  cancelDate: IsoDate | null;
  /** Index of the contract this one renews. */
  renews: number | null;
};

export type PlannedVisit = {
  form: TFollowUpVisit;
  classification: string;
  isRedAlert: boolean;
  referralTriggers: readonly unknown[];
  shouldRefer: boolean;
  nextDueDate: IsoDate;
  nextReason: string;
  isFirstVisitLate: boolean | null;
};

export type PlannedEnrolment = {
  disease: 'hypertension' | 'diabetes' | 'mental';
  managedFrom: IsoDate;
  hasStrokeOrMi: boolean;
  nextDueDate: IsoDate;
  visits: PlannedVisit[];
};

export type PlannedCheckup = {
  date: IsoDate;
  results: Record<string, number | boolean>;
  flags: ReturnType<typeof flagCheckupResults>;
  doctorName: string;
};

export type PlannedSettlement = {
  institutionCode: string;
  claim: TSettlementClaim;
  categories: string[];
  before: TSettlementAccumulators;
  result: SettlementResult;
};

export type PersonActivity = {
  diagnoses: PlannedDiagnosis[];
  cases: PlannedCase[];
  contracts: PlannedContract[];
  enrolments: PlannedEnrolment[];
  checkup: PlannedCheckup | null;
  settlements: PlannedSettlement[];
  accumulators: TSettlementAccumulators | null;
};

export type ActivityPlanContext = {
  asOf: IsoDate;
  random: Random;
  countyCode: string;
  /** The family doctor's name per township code (12 digits). */
  doctorOf: (villageCode: string) => string;
  verifierName: string;
  policy: TPolicySet | null;
  /** Institutions settling claims: the county hospital and the township health centre of a village. */
  countyHospital: string;
  cityHospital: string;
  townshipCentreOf: (villageCode: string) => string;
};

// ------------------------------------------------------------------ disease draws

type DiseaseSpec = {
  codes: readonly (readonly [string, number])[];
  /** Probability by age band: [maxAgeInclusive, probability][]. */
  bands: readonly (readonly [number, number])[];
  sex?: 'M' | 'F';
  /** Earliest and latest year of diagnosis (inclusive), before the asOf clamp. */
  years: readonly [number, number];
};

const band = (age: number, bands: DiseaseSpec['bands']) => bands.find(([max]) => age <= max)?.[1] ?? 0;

/**
 * Independent draws per disease. Chronic conditions were mostly diagnosed years ago; cancers and other major
 * diseases in the last few years (the major line is decided by the catalogue version on the diagnosis date, so
 * COPD or a psychosis diagnosed before 2019/2020 stays in the chronic line, as in the field).
 */
const DISEASES: readonly DiseaseSpec[] = [
  {
    codes: [
      ['I10.x00', 90],
      ['I11.900', 6],
      ['I12.900', 4],
    ],
    bands: [
      [34, 0.01],
      [44, 0.07],
      [54, 0.17],
      [64, 0.28],
      [200, 0.38],
    ],
    years: [2008, 2026],
  },
  {
    codes: [
      ['E11.900', 85],
      ['E11.200', 8],
      ['E11.400', 7],
    ],
    bands: [
      [34, 0.003],
      [44, 0.03],
      [54, 0.07],
      [64, 0.1],
      [200, 0.12],
    ],
    years: [2010, 2026],
  },
  {
    codes: [
      ['I69.300', 70],
      ['I69.400', 30],
    ],
    bands: [
      [49, 0.004],
      [64, 0.025],
      [200, 0.05],
    ],
    years: [2010, 2026],
  },
  {
    codes: [['I25.100', 100]],
    bands: [
      [44, 0.002],
      [64, 0.03],
      [200, 0.06],
    ],
    years: [2010, 2026],
  },
  {
    codes: [
      ['M17.900', 60],
      ['M19.900', 40],
    ],
    bands: [
      [44, 0.01],
      [64, 0.06],
      [200, 0.1],
    ],
    years: [2010, 2026],
  },
  {
    codes: [['K29.500', 100]],
    bands: [
      [19, 0.005],
      [200, 0.05],
    ],
    years: [2015, 2026],
  },
  {
    codes: [['J42.x00', 100]],
    bands: [
      [49, 0.003],
      [200, 0.03],
    ],
    years: [2008, 2018],
  },
  {
    codes: [['N18.900', 100]],
    bands: [
      [39, 0.001],
      [200, 0.008],
    ],
    years: [2016, 2026],
  },
  {
    codes: [['A16.200', 100]],
    bands: [
      [14, 0],
      [200, 0.0012],
    ],
    years: [2024, 2026],
  },
  // Severe mental disorders (严重精神障碍): registered for years; after 2020 F20/F22/F25/F31 are 大病.
  {
    codes: [
      ['F20.900', 46],
      ['F20.000', 8],
      ['F31.900', 12],
      ['F22.000', 4],
      ['F25.900', 3],
      ['F06.800', 9],
      ['F70.x00', 10],
      ['F71.x00', 6],
      ['F72.x00', 2],
    ],
    bands: [
      [14, 0.004],
      [29, 0.0326],
      [64, 0.0446],
      [200, 0.0278],
    ],
    years: [2002, 2019],
  },
  // Major diseases of the recent years.
  {
    codes: [
      ['C16.900', 16],
      ['C34.900', 20],
      ['C15.900', 10],
      ['C22.900', 9],
      ['C18.900', 6],
      ['C20.x00', 5],
      ['C67.900', 3],
      ['C64.x00', 2],
    ],
    bands: [
      [39, 0.0004],
      [54, 0.0027],
      [64, 0.0053],
      [200, 0.008],
    ],
    years: [2021, 2026],
  },
  {
    codes: [
      ['C50.900', 60],
      ['C53.900', 40],
      ['C56.x00', 15],
    ],
    sex: 'F',
    bands: [
      [29, 0],
      [200, 0.0022],
    ],
    years: [2021, 2026],
  },
  {
    codes: [['N18.500', 100]],
    bands: [
      [29, 0.0002],
      [200, 0.0012],
    ],
    years: [2020, 2026],
  },
  {
    codes: [
      ['I63.900', 70],
      ['I61.900', 30],
    ],
    bands: [
      [49, 0.0003],
      [200, 0.0034],
    ],
    years: [2023, 2026],
  },
  {
    codes: [['J44.900', 100]],
    bands: [
      [49, 0.0005],
      [200, 0.0053],
    ],
    years: [2008, 2026],
  },
  {
    codes: [['H25.900', 100]],
    bands: [
      [59, 0],
      [200, 0.0035],
    ],
    years: [2021, 2026],
  },
  {
    codes: [['I21.900', 100]],
    bands: [
      [44, 0],
      [200, 0.00055],
    ],
    years: [2023, 2026],
  },
  {
    codes: [['I05.000', 100]],
    bands: [
      [29, 0.0001],
      [200, 0.0003],
    ],
    years: [2020, 2026],
  },
  // Children: congenital heart disease, leukaemia, cleft lip and palate.
  {
    codes: [
      ['Q21.100', 40],
      ['Q21.000', 30],
      ['C91.000', 15],
      ['C92.400', 5],
      ['Q37.900', 10],
    ],
    bands: [
      [14, 0.004],
      [200, 0],
    ],
    years: [2020, 2026],
  },
];

const SOURCES = [
  ['health_check', 35],
  ['clinic_visit', 30],
  ['home_visit', 15],
  ['import', 10],
  ['insurance_settlement', 10],
] as const;
const INSTITUTIONS = ['青龙满族自治县医院', '青龙满族自治县中医院', '秦皇岛市第一医院', '乡镇卫生院'];
const MENTAL_INSTITUTIONS = ['秦皇岛市精神卫生中心', '青龙满族自治县医院'];
const REJECT_REASONS = ['复核病历资料，不符合诊断标准', '经上级医院复查排除', '体检初筛异常，复查正常'];
const NOT_READY_REASONS = ['患者身体状况暂不耐受手术', '需先控制合并症后再行治疗', '患者及家属暂缓治疗'];
const ABANDON_REASONS = ['患者及家属放弃治疗', '高龄，家属决定保守治疗'];

/** The system went live in the county in 2024: older diagnoses were registered during its first year. */
const SYSTEM_START = '2024-03-01';

const minDate = (a: IsoDate, b: IsoDate) => (a < b ? a : b);
const maxDate = (a: IsoDate, b: IsoDate) => (a > b ? a : b);

export function dateBetween(random: Random, from: IsoDate, to: IsoDate): IsoDate {
  const a = toEpochDay(from);
  const b = toEpochDay(to);
  return b <= a ? from : fromEpochDay(random.int(a, b));
}

function planDiagnoses(
  person: ActivityPerson,
  ctx: ActivityPlanContext,
  lastDay: IsoDate,
): PlannedDiagnosis[] {
  const { random, asOf } = ctx;
  const age = ageOn(person.birthDate, asOf);
  const illnessFactor = person.mainCause === '因病' ? 1.45 : 0.85;
  const planned: PlannedDiagnosis[] = [];
  for (const spec of DISEASES) {
    if ((spec.sex && spec.sex !== person.sex) || !random.chance(band(age, spec.bands) * illnessFactor)) {
      continue;
    }
    const code = random.weighted(spec.codes);
    const entry = lookupIcd10(code);
    if (!entry) {
      continue;
    }
    const from = maxDate(`${spec.years[0]}-01-01`, addDays(person.birthDate, 30));
    const diagnosedOn = dateBetween(random, from, minDate(`${spec.years[1]}-12-31`, addDays(lastDay, -10)));
    if (diagnosedOn > lastDay || diagnosedOn < person.birthDate) {
      continue;
    }
    const registeredOn =
      diagnosedOn >= SYSTEM_START
        ? minDate(addDays(diagnosedOn, random.int(0, 30)), asOf)
        : dateBetween(random, SYSTEM_START, '2025-02-28');
    let verification = pendingVerification(registeredOn, 'doctor');
    const isRecent = toEpochDay(asOf) - toEpochDay(registeredOn) < 90;
    if (random.chance(isRecent ? 0.45 : 0.985)) {
      const rejected = random.chance(0.03);
      const changed = transitionDiagnosisVerification(verification, {
        to: rejected ? 'rejected' : 'verified',
        date: minDate(addDays(registeredOn, random.int(2, 40)), asOf),
        reason: rejected ? random.pick(REJECT_REASONS) : undefined,
        actorRole: 'county',
        by: ctx.verifierName,
      });
      if (changed.ok) {
        verification = changed.value;
      }
    }
    planned.push({
      icdCode: entry.code,
      name: entry.name,
      diagnosedOn,
      registeredOn,
      source: random.weighted(SOURCES),
      institution: code.startsWith('F') ? random.pick(MENTAL_INSTITUTIONS) : random.pick(INSTITUTIONS),
      verification,
      classification: null,
    });
  }
  if (planned.length > 0) {
    const classifications = classifyPersonDiseases({
      personId: String(person.id),
      diagnoses: planned.map((d, i) => ({
        diagnosisId: String(i),
        icdCode: d.icdCode,
        name: d.name,
        diagnosedOn: d.diagnosedOn,
        verificationStatus: d.verification.status,
      })),
      birthDate: person.birthDate,
      catalogs: DISEASE_CATALOGS,
      regionCode: person.villageCode,
    });
    for (const c of classifications) {
      const d = planned[Number(c.diagnosisId)];
      if (d) {
        d.classification = c;
      }
    }
  }
  return planned;
}

function planCases(
  person: ActivityPerson,
  ctx: ActivityPlanContext,
  diagnoses: readonly PlannedDiagnosis[],
): PlannedCase[] {
  const { random, asOf } = ctx;
  const classifications = diagnoses.flatMap((d) => (d.classification ? [d.classification] : []));
  const cases: PlannedCase[] = [];
  for (const disease of listPersonDiseases(classifications)) {
    if (disease.line !== 'major_treatment') {
      continue;
    }
    const index = Number(disease.firstDiagnosisId);
    const first = diagnoses[index];
    const verifiedOn = first?.verification.statusDate ?? disease.firstDiagnosedOn;
    const openedOn = minDate(addDays(verifiedOn, random.int(0, 10)), asOf);
    let ledger = openTreatmentCase(openedOn);
    const step = (
      to: TTreatmentCase['status'],
      days: number,
      extra: { reason?: string; outcome?: 'cured' | 'improved' | 'not_improved' } = {},
    ) => {
      const date = addDays(ledger.statusDate, days);
      if (date > asOf || (person.statusDate !== null && date >= person.statusDate)) {
        return;
      }
      const next = transitionTreatmentCase(ledger, { to, date, ...extra });
      if (next.ok) {
        ledger = next.value;
      }
    };
    const age = toEpochDay(asOf) - toEpochDay(openedOn);
    const target = random.weighted(
      age > 150
        ? ([
            ['treated', 86],
            ['treating', 4],
            ['not_ready', 4],
            ['abandoned', 3],
            ['waiting', 3],
          ] as const)
        : ([
            ['waiting', 35],
            ['treating', 40],
            ['treated', 20],
            ['not_ready', 5],
          ] as const),
    );
    if (target === 'not_ready') {
      step('not_ready', random.int(2, 20), { reason: random.pick(NOT_READY_REASONS) });
    } else if (target === 'abandoned') {
      step('abandoned', random.int(5, 40), { reason: random.pick(ABANDON_REASONS) });
    } else if (target !== 'waiting') {
      step('treating', random.int(3, 25));
      if (target === 'treated' && ledger.status === 'treating') {
        step('treated', random.int(10, 60), {
          outcome: random.weighted([
            ['cured', 25],
            ['improved', 60],
            ['not_improved', 15],
          ] as const),
        });
      }
    }
    // A patient who died or moved away: the case ends with the registry's status and date.
    if (person.status !== 'normal' && person.statusDate && person.statusDate >= ledger.statusDate) {
      const next = transitionTreatmentCase(ledger, {
        to: person.status === 'dead' ? 'dead' : 'moved_out',
        date: person.statusDate,
        reason: person.status === 'dead' ? '患者死亡' : '患者迁出本县',
      });
      if (next.ok) {
        ledger = next.value;
      }
    }
    const hospital =
      /^C|^N18/.test(first?.icdCode ?? '') && random.chance(0.3) ? ctx.cityHospital : ctx.countyHospital;
    cases.push({
      firstDiagnosis: index,
      personDiseaseKey: disease.personDiseaseKey,
      itemCode: disease.itemCode,
      itemName: disease.itemName,
      openedOn,
      ledger,
      details: {
        designatedHospitalCode: hospital,
        expertGroup: hospital === ctx.countyHospital ? '县级大病救治专家组' : '市级大病救治专家组',
        treatmentPlan: `按${disease.itemName ?? '大病'}临床路径规范治疗`,
        costQuotaFen: random.int(20, 80) * 100_000,
      },
    });
  }
  return cases;
}

// ------------------------------------------------------------------ contracts, follow-ups, checkups

function planContracts(ctx: ActivityPlanContext, isPatient: boolean): PlannedContract[] {
  const { random, asOf } = ctx;
  const year = Number(asOf.slice(0, 4));
  if (!random.chance(isPatient ? 0.97 : 0.86)) {
    return [];
  }
  if (random.chance(0.55)) {
    // Signed last year; most renewed the day after it ended.
    const start = dateBetween(random, `${year - 1}-01-01`, `${year - 1}-10-31`);
    const end = minimumContractEnd(start);
    const contracts: PlannedContract[] = [
      { start, end, status: 'signed', cancelReason: null, cancelDate: null, renews: null },
    ];
    const renewed = random.chance(0.9) ? renewalPeriod(end) : null;
    if (renewed && renewed.startDate <= asOf) {
      contracts.push({
        start: renewed.startDate,
        end: renewed.endDate,
        status: 'renewed',
        cancelReason: null,
        cancelDate: null,
        renews: 0,
      });
    }
    return contracts;
  }
  const start = dateBetween(random, `${year}-01-01`, minDate(`${year}-06-30`, asOf));
  const cancelled = random.chance(0.02);
  return [
    {
      start,
      end: minimumContractEnd(start),
      status: cancelled ? 'cancelled' : 'signed',
      cancelReason: cancelled ? random.pick(['moved', 'voluntary', 'refused_year'] as const) : null,
      cancelDate: cancelled ? minDate(addDays(start, random.int(30, 200)), asOf) : null,
      renews: null,
    },
  ];
}

function mentalForm(random: Random, date: IsoDate, doctorName: string, stable: boolean) {
  const state = () =>
    random.weighted([
      ['good', stable ? 60 : 20],
      ['fair', 30],
      ['poor', stable ? 10 : 50],
    ] as const);
  return {
    disease: 'mental',
    visitDate: date,
    method: random.weighted([
      ['home', 70],
      ['clinic', 30],
    ] as const),
    doctorName,
    outcome: 'continue',
    hasAdverseReaction: false,
    adherence: random.weighted([
      ['regular', stable ? 80 : 45],
      ['intermittent', stable ? 15 : 35],
      ['none', stable ? 5 : 20],
    ] as const),
    dangerGrade: stable
      ? random.weighted([
          [0, 85],
          [1, 15],
        ] as const)
      : random.weighted([
          [0, 30],
          [1, 35],
          [2, 25],
          [3, 10],
        ] as const),
    symptoms: stable
      ? []
      : [random.pick(['hallucination', 'suspicion', 'mood_swings', 'communication_difficulty'])],
    insight: stable ? 'complete' : random.pick(['incomplete', 'absent']),
    sleep: state(),
    diet: state(),
    socialFunction: {
      selfCare: state(),
      housework: state(),
      work: state(),
      learning: state(),
      interpersonal: state(),
    },
    hospitalisation: 'never',
    stability: stable ? random.pick(['stable', 'basically_stable']) : 'unstable',
  };
}

function planEnrolment(
  person: ActivityPerson,
  ctx: ActivityPlanContext,
  disease: PlannedEnrolment['disease'],
  diagnosedOn: IsoDate,
  hasStrokeOrMi: boolean,
): PlannedEnrolment {
  const { random, asOf } = ctx;
  const year = Number(asOf.slice(0, 4));
  const doctorName = ctx.doctorOf(person.villageCode);
  const managedFrom = minDate(addDays(diagnosedOn, random.int(0, 14)), asOf);
  const visits: PlannedVisit[] = [];
  let nextDue = addDays(managedFrom, 14);
  let previous: string | null = null;
  let date = maxDate(
    addDays(managedFrom, random.int(3, 20)),
    dateBetween(random, `${year}-01-02`, `${year}-03-15`),
  );
  const controlled = random.chance(disease === 'hypertension' ? 0.66 : disease === 'diabetes' ? 0.58 : 0.8);
  // Some patients are seen late all year, and a few stopped coming: they make the overdue list.
  const isLateKind = random.chance(0.12);
  const stopsAfter = random.chance(0.04) ? dateBetween(random, `${year}-04-01`, asOf) : asOf;
  while (date <= stopsAfter) {
    const onTarget = controlled ? random.chance(0.88) : random.chance(0.2);
    let raw: Record<string, unknown>;
    if (disease === 'mental') {
      raw = mentalForm(random, date, doctorName, onTarget);
    } else {
      const measurement =
        disease === 'hypertension'
          ? onTarget
            ? { systolic: random.int(112, 138), diastolic: random.int(68, 88) }
            : { systolic: random.int(142, 178), diastolic: random.int(86, 104) }
          : { fastingGlucoseTenths: onTarget ? random.int(48, 69) : random.int(72, 128) };
      raw = {
        disease,
        visitDate: date,
        method: random.weighted([
          ['clinic', 60],
          ['home', 40],
        ] as const),
        doctorName,
        outcome: 'continue',
        symptoms: ['none'],
        ...measurement,
        hasAdverseReaction: false,
        adherence: random.weighted([
          ['regular', 80],
          ['intermittent', 15],
          ['none', 5],
        ] as const),
      };
    }
    const form = ZFollowUpVisit.parse(raw) as TFollowUpVisit;
    const assessment = assessVisit(form, {
      age: ageOn(person.birthDate, date),
      previousClassification: previous,
      notifiedOn: null,
    });
    previous = assessment.classification;
    nextDue = assessment.decision.nextDueDate;
    visits.push({
      form,
      classification: assessment.classification,
      isRedAlert: assessment.referral.isRedAlert,
      referralTriggers: assessment.referral.triggers,
      shouldRefer: assessment.decision.shouldRefer,
      nextDueDate: nextDue,
      nextReason: assessment.decision.reason,
      isFirstVisitLate: assessment.isFirstVisitLate ?? null,
    });
    // Usually seen on the due date or within days of it; late patients weeks to months after it.
    const delay = isLateKind
      ? random.int(15, 75)
      : random.weighted([
          [random.int(-7, 3), 85],
          [random.int(4, 20), 15],
        ] as const);
    date = maxDate(addDays(nextDue, delay), addDays(date, 7));
  }
  return { disease, managedFrom, hasStrokeOrMi, nextDueDate: nextDue, visits };
}

// ------------------------------------------------------------------ settlements

/** Policy-scope cost (yuan) of one admission by the kind of disease. */
function admissionCostYuan(random: Random, icdCode: string): number {
  if (icdCode.startsWith('C') || icdCode.startsWith('N18.5')) {
    return random.int(18_000, 85_000);
  }
  if (/^(I6|I2|Q2|I05|F2|F3)/.test(icdCode)) {
    return random.int(8_000, 40_000);
  }
  return random.int(2_500, 12_000);
}

const SERIOUS = /^(C|N18\.5|I6[0-4]|I21|Q|J44|H25|F2|F31)/;

function planSettlements(
  person: ActivityPerson,
  ctx: ActivityPlanContext,
  diagnoses: readonly PlannedDiagnosis[],
  cases: readonly PlannedCase[],
  serial: { next: () => number },
): { settlements: PlannedSettlement[]; accumulators: TSettlementAccumulators | null } {
  const { random, asOf, policy } = ctx;
  if (!policy || person.status !== 'normal') {
    return { settlements: [], accumulators: null };
  }
  const year = Number(asOf.slice(0, 4));
  const ill = diagnoses.filter((d) => d.verification.status !== 'rejected');
  const serious = ill.find((d) => SERIOUS.test(d.icdCode));
  const hasOpenCase = cases.some((c) => c.ledger.status === 'treating' || c.ledger.status === 'treated');
  const age = ageOn(person.birthDate, asOf);
  let admissions = 0;
  if (serious && (hasOpenCase || random.chance(0.5))) {
    admissions = random.int(1, 3);
  } else if (ill.length > 0 && random.chance(0.1)) {
    admissions = 1;
  } else if (ill.length === 0 && random.chance(age >= 65 ? 0.04 : 0.012)) {
    admissions = 1;
  }
  const settlements: PlannedSettlement[] = [];
  let accumulators = createAccumulators(year);
  let from = `${year}-01-05`;
  const main = serious ?? ill[0];
  for (let i = 0; i < admissions; i += 1) {
    const admission = dateBetween(
      random,
      maxDate(from, main?.diagnosedOn ?? from),
      minDate(addDays(from, 150), addDays(asOf, -20)),
    );
    const discharge = addDays(admission, random.int(3, 18));
    if (admission < from || discharge > asOf) {
      break;
    }
    from = addDays(discharge, 7);
    const isSerious = main !== undefined && main === serious;
    const level = isSerious
      ? random.chance(0.2)
        ? 'city'
        : 'county'
      : random.chance(0.55)
        ? 'township'
        : 'county';
    const institutionCode =
      level === 'city'
        ? ctx.cityHospital
        : level === 'county'
          ? ctx.countyHospital
          : ctx.townshipCentreOf(person.villageCode);
    const policyScopeFen =
      (level === 'township' ? random.int(1_200, 4_500) : admissionCostYuan(random, main?.icdCode ?? 'K29')) *
      100;
    const outOfCatalogueFen = random.chance(0.4) ? divRoundHalfUp(policyScopeFen * random.int(2, 8), 100) : 0;
    const treatFirstPayLater = random.chance(0.85);
    const claim: TSettlementClaim = {
      claimId: `ZY${year}${serial.next().toString().padStart(7, '0')}`,
      institutionLevel: level,
      visitType: 'inpatient',
      admissionDate: admission,
      dischargeDate: discharge,
      diagnosisCodes: main
        ? [main.icdCode, ...ill.filter((d) => d !== main).map((d) => d.icdCode)].slice(0, 3)
        : ['J18.900'],
      totalFen: policyScopeFen + outOfCatalogueFen,
      policyScopeFen,
      outOfCatalogueFen,
      hasOutOfCatalogueConsent: outOfCatalogueFen > 0,
      categoryBFirstSelfPayFen: divRoundHalfUp(policyScopeFen * random.int(2, 6), 100),
      treatFirstPayLater,
      depositFen: treatFirstPayLater ? random.int(10, 50) * 10_000 : 0,
    };
    const categories = categoriesOnDate(person.categories, discharge).filter((c) =>
      (PERSON_CATEGORIES as readonly string[]).includes(c),
    );
    let result: SettlementResult;
    try {
      result = settleClaim(policy, claim, accumulators, categories as never);
    } catch {
      continue;
    }
    settlements.push({ institutionCode, claim, categories, before: accumulators, result });
    accumulators = result.nextAccumulators;
  }
  return { settlements, accumulators: settlements.length > 0 ? accumulators : null };
}

// ------------------------------------------------------------------ one person

/** Plans one person's activity. `serial` numbers the claims county-wide. */
export function planPersonActivity(
  person: ActivityPerson,
  ctx: ActivityPlanContext,
  serial: { next: () => number },
): PersonActivity {
  const { random, asOf } = ctx;
  const lastDay = person.status === 'normal' || !person.statusDate ? asOf : minDate(person.statusDate, asOf);
  const diagnoses = planDiagnoses(person, ctx, lastDay);
  const cases = planCases(person, ctx, diagnoses);
  const empty: PersonActivity = {
    diagnoses,
    cases,
    contracts: [],
    enrolments: [],
    checkup: null,
    settlements: [],
    accumulators: null,
  };
  if (person.status !== 'normal') {
    return empty;
  }
  const managed = diagnoses.filter((d) => d.verification.status !== 'rejected');
  const first = (re: RegExp) => managed.find((d) => re.test(d.icdCode));
  const hypertension = first(/^I1[0-5]/);
  const diabetes = first(/^E11/);
  const mental = first(/^F(20|22|25|31|06|7)/);
  const strokeOrMi = managed.some((d) => /^(I6|I2[1-5])/.test(d.icdCode));
  const isPatient = Boolean(hypertension || diabetes || mental);
  const contracts = planContracts(ctx, isPatient);
  const enrolments: PlannedEnrolment[] = [];
  if (hypertension) {
    enrolments.push(planEnrolment(person, ctx, 'hypertension', hypertension.diagnosedOn, strokeOrMi));
  }
  if (diabetes) {
    enrolments.push(planEnrolment(person, ctx, 'diabetes', diabetes.diagnosedOn, strokeOrMi));
  }
  if (mental) {
    enrolments.push(planEnrolment(person, ctx, 'mental', mental.diagnosedOn, false));
  }
  const year = Number(asOf.slice(0, 4));
  const age = ageOn(person.birthDate, asOf);
  let checkup: PlannedCheckup | null = null;
  if (contracts.length > 0 && random.chance(isPatient ? 0.8 : age >= 65 ? 0.6 : 0.08)) {
    const results = {
      systolic: random.int(108, 165),
      diastolic: random.int(64, 100),
      fastingGlucoseTenths: random.int(45, 95),
      bmiTenths: random.int(185, 295),
      totalCholesterolTenths: random.int(35, 68),
      ecgAbnormal: random.chance(0.08),
    };
    checkup = {
      date: dateBetween(random, `${year}-03-01`, minDate(`${year}-09-30`, asOf)),
      results,
      flags: flagCheckupResults(results),
      doctorName: ctx.doctorOf(person.villageCode),
    };
  }
  const { settlements, accumulators } = planSettlements(person, ctx, diagnoses, cases, serial);
  return { ...empty, contracts, enrolments, checkup, settlements, accumulators };
}
