import {
  BASE_LAYER_LABELS,
  type BaseLayerCode,
  type RecordedSettlement,
  type SettlementBearer,
  type SettlementLayerResult,
  type SettlementResult,
  type TPolicySet,
  type TSettlementClaim,
} from '@healthaid/domain';

/**
 * What a settlement row stores in `result`: the figures the row's columns do not already hold, compactly.
 * Every settlement is one row, and a policy correction re-writes a county's year (a million rows), so the stored
 * JSON is kept small: no trace or explanation (a statement recomputes them from the stored claim, opening
 * accumulators and policy version, which is exact because the engine is pure), no labels (they come from the
 * policy), and each layer as a positional array:
 *
 *   { v: 2, policyId, policyVersion, year, bearer, layers: [[code, ruleCode, baseFen, deductibleFen, rateBp,
 *     capFen | null, capRemainingFen | null, isCapHit (0/1), paidFen], …] }
 *
 * expandStoredResult turns it (with the row's columns) back into the recorded SettlementResult. Rows written
 * before this format (v1: the full result object without trace) are read as they are.
 */

export type StoredLayer = [
  code: string,
  ruleCode: string,
  baseFen: number,
  deductibleFen: number,
  rateBp: number,
  capFen: number | null,
  capRemainingFen: number | null,
  isCapHit: 0 | 1,
  paidFen: number,
];

export type StoredResult = {
  v: 2;
  policyId: string;
  policyVersion: number;
  year: number;
  bearer: SettlementBearer | null;
  layers: StoredLayer[];
};

/** The compact `result` of a settlement row. */
export function compactResult(result: SettlementResult): StoredResult {
  const layers: StoredLayer[] = new Array(result.layers.length);
  for (let i = 0; i < result.layers.length; i += 1) {
    const l = result.layers[i] as SettlementLayerResult;
    layers[i] = [
      l.code,
      l.ruleCode,
      l.baseFen,
      l.deductibleFen,
      l.rateBp,
      l.capFen,
      l.capRemainingFen,
      l.isCapHit ? 1 : 0,
      l.paidFen,
    ];
  }
  return {
    v: 2,
    policyId: result.policyId,
    policyVersion: result.policyVersion,
    year: result.year,
    bearer: result.borneByFen > 0 ? result.bearer : null,
    layers,
  };
}

/** The money columns of a settlement row, as the engine's result gives them. */
export type RowFigures = {
  total_fen: number;
  basic_fen: number;
  critical_fen: number;
  assistance_fen: number;
  other_fen: number;
  self_pay_fen: number;
  borne_fen: number;
  in_scope_fen: number;
  in_scope_self_pay_fen: number;
  deposit_waived_fen: number;
  is_treat_first_pay_later: boolean;
};

export function figuresOf(result: SettlementResult, claim: TSettlementClaim): RowFigures {
  let basic = 0;
  let critical = 0;
  let assistance = 0;
  let other = 0;
  for (const layer of result.layers) {
    if (layer.code === 'basic_insurance') {
      basic += layer.paidFen;
    } else if (layer.code === 'critical_illness') {
      critical += layer.paidFen;
    } else if (layer.code === 'medical_assistance') {
      assistance += layer.paidFen;
    } else {
      other += layer.paidFen;
    }
  }
  return {
    total_fen: result.totalFen,
    basic_fen: basic,
    critical_fen: critical,
    assistance_fen: assistance,
    other_fen: other,
    self_pay_fen: result.patientPaysFen,
    borne_fen: result.borneByFen,
    in_scope_fen: claim.policyScopeFen,
    in_scope_self_pay_fen: result.patientPolicyScopeFen,
    deposit_waived_fen: result.depositWaivedFen,
    is_treat_first_pay_later:
      claim.treatFirstPayLater && (result.depositWaivedFen > 0 || claim.depositFen === 0),
  };
}

/** The row columns expandStoredResult reads besides `result`. */
export type StoredRowColumns = {
  claim_no: string;
  total_fen: number;
  self_pay_fen: number;
  in_scope_self_pay_fen: number;
  borne_fen: number;
  deposit_waived_fen: number;
  categories: unknown;
};

/** Label of a layer code: base layers by the domain's vocabulary, further layers by the policy that settled it. */
export function layerLabelOf(code: string, policy: Pick<TPolicySet, 'furtherLayers'> | null): string {
  return (
    BASE_LAYER_LABELS[code as BaseLayerCode] ??
    policy?.furtherLayers.find((layer) => layer.code === code)?.label ??
    code
  );
}

function isStoredResult(value: unknown): value is StoredResult {
  return typeof value === 'object' && value !== null && (value as { v?: unknown }).v === 2;
}

/** The recorded settlement of a row (claimId = the claim number), from the compact or the older full format. */
export function expandStoredResult(
  stored: unknown,
  row: StoredRowColumns,
  policy: Pick<TPolicySet, 'furtherLayers'> | null,
): RecordedSettlement {
  if (!isStoredResult(stored)) {
    return { ...(stored as RecordedSettlement), claimId: row.claim_no };
  }
  return {
    claimId: row.claim_no,
    policyId: stored.policyId,
    policyVersion: stored.policyVersion,
    year: stored.year,
    totalFen: row.total_fen,
    layers: stored.layers.map(
      ([code, ruleCode, baseFen, deductibleFen, rateBp, capFen, capRemainingFen, isCapHit, paidFen]) => ({
        code,
        label: layerLabelOf(code, policy),
        ruleCode,
        baseFen,
        deductibleFen,
        rateBp,
        capFen,
        capRemainingFen,
        isCapHit: isCapHit === 1,
        paidFen,
      }),
    ),
    patientPaysFen: row.self_pay_fen,
    patientPolicyScopeFen: row.in_scope_self_pay_fen,
    patientOutOfCatalogueFen: row.self_pay_fen - row.in_scope_self_pay_fen,
    borneByFen: row.borne_fen,
    bearer: stored.bearer,
    depositWaivedFen: row.deposit_waived_fen,
    personCategories: (row.categories as string[] | null) ?? [],
  };
}

/** Amount paid by every layer that is not one of the three base layers, by code (from either format). */
export function furtherLayerPaymentsOf(stored: unknown): Map<string, number> {
  const out = new Map<string, number>();
  if (isStoredResult(stored)) {
    for (const layer of stored.layers) {
      if (!(layer[0] in BASE_LAYER_LABELS) && layer[8] !== 0) {
        out.set(layer[0], layer[8]);
      }
    }
    return out;
  }
  for (const layer of (stored as { layers?: { code: string; paidFen: number }[] } | null)?.layers ?? []) {
    if (!(layer.code in BASE_LAYER_LABELS) && layer.paidFen !== 0) {
      out.set(layer.code, layer.paidFen);
    }
  }
  return out;
}
