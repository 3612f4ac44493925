import { describe, expect, it } from 'vitest';
import * as domain from '../index.ts';

describe('settlement public API', () => {
  it('is exported from the domain package root', () => {
    for (const name of [
      'settleClaim',
      'settleClaims',
      'createAccumulators',
      'compilePolicy',
      'parsePolicySet',
      'selectPolicyVersion',
      'resettlePersonYear',
      'reverseSettlement',
      'whatIfClaim',
      'whatIfPolicies',
      'validateClaim',
      'ZPolicySet',
      'ZSettlementClaim',
      'ZSettlementAccumulators',
      'QINGLONG_2024_POLICY',
      'YANCHENG_2023_POLICY',
      'SettlementError',
    ]) {
      expect(domain, name).toHaveProperty(name);
    }
  });

  it('settles through the root export', () => {
    const result = domain.settleClaim(
      domain.QINGLONG_2024_POLICY,
      {
        claimId: 'R-1',
        institutionLevel: 'township',
        visitType: 'inpatient',
        admissionDate: '2024-05-01',
        dischargeDate: '2024-05-06',
        diagnosisCodes: ['J18.9'],
        totalFen: 300_000,
        policyScopeFen: 300_000,
        outOfCatalogueFen: 0,
        hasOutOfCatalogueConsent: false,
        categoryBFirstSelfPayFen: 0,
        treatFirstPayLater: false,
        depositFen: 0,
      },
      domain.createAccumulators(2024),
      ['tekun'],
    );
    // Township, 特困 package: (3,000 − 100) × 95 % = 2,755.00 → 245.00; 大病 0; 救助 特困 90 %: 220.50 → 24.50;
    // cap 5 % × 3,000 = 150.00 not reached: the patient pays 24.50.
    expect(result.layers.map((l) => l.paidFen)).toEqual([275_500, 0, 22_050, 0]);
    expect(result.patientPaysFen).toBe(2_450);
  });
});
