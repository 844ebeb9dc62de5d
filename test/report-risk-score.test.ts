import assert from 'node:assert/strict';
import type { Finding, Severity } from '../src/engine/findings';
import { computeRiskScore, RISK_SCALE, RISK_SCORE_EXPLANATION, RISK_WEIGHTS } from '../src/report/risk-score';
import { buildFixture } from './report-fixture';

const base = buildFixture({ root: '/tmp/ws' }).result.files.flatMap((f) => f.findings)[0];

function findings(spec: Partial<Record<Severity, number>>, suppression?: Finding['suppression']): Finding[] {
  return Object.entries(spec).flatMap(([severity, n]) =>
    Array.from({ length: n ?? 0 }, (_, i) => ({ ...base, severity: severity as Severity, fingerprint: `${severity}-${i}`, ...(suppression ? { suppression } : {}) })),
  );
}

describe('risk score', () => {
  it('is 0 and rated none without open findings', () => {
    assert.deepEqual(computeRiskScore([]), { score: 0, rating: 'none', points: 0, open: { critical: 0, high: 0, medium: 0, low: 0, info: 0 }, suppressed: 0, accepted: 0 });
  });

  it('follows 100 × (1 − e^(−points / scale)) over the severity weights', () => {
    const r = computeRiskScore(findings({ high: 2, medium: 3, low: 2, info: 5 }));
    const points = 2 * RISK_WEIGHTS.high + 3 * RISK_WEIGHTS.medium + 2 * RISK_WEIGHTS.low;
    assert.equal(r.points, 17);
    assert.equal(points, 17);
    assert.equal(r.score, Math.round(100 * (1 - Math.exp(-17 / RISK_SCALE))));
    assert.equal(r.score, 49);
    assert.equal(r.rating, 'moderate');
    assert.equal(computeRiskScore(findings({ medium: 25 })).score, 86);
    assert.equal(computeRiskScore(findings({ critical: 200 })).score, 100);
  });

  it('leaves suppressed and accepted findings out, counting them separately', () => {
    const all = [
      ...findings({ high: 1 }),
      ...findings({ critical: 3 }, { kind: 'inline', justification: 'sandboxed' }),
      ...findings({ high: 2 }, { kind: 'register', justification: 'accepted', owner: 'Dana', acceptedOn: '2025-01-01', reviewBy: '2025-04-01' }),
    ];
    const r = computeRiskScore(all);
    assert.equal(r.points, RISK_WEIGHTS.high);
    assert.equal(r.suppressed, 3);
    assert.equal(r.accepted, 2);
    assert.equal(r.open.critical, 0);
  });

  it('rates any open critical finding at least high', () => {
    const r = computeRiskScore(findings({ critical: 1 }));
    assert.equal(r.score, 33);
    assert.equal(r.rating, 'high');
    assert.equal(computeRiskScore(findings({ low: 1 })).rating, 'low');
  });

  it('does not depend on the order of findings', () => {
    const list = findings({ critical: 1, high: 3, medium: 7, low: 9 });
    assert.deepEqual(computeRiskScore([...list].reverse()), computeRiskScore(list));
  });

  it('explains itself with the weights and scale actually used', () => {
    assert.match(RISK_SCORE_EXPLANATION, new RegExp(`critical ${RISK_WEIGHTS.critical}, high ${RISK_WEIGHTS.high}, medium ${RISK_WEIGHTS.medium}, low ${RISK_WEIGHTS.low}`));
    assert.match(RISK_SCORE_EXPLANATION, new RegExp(`points / ${RISK_SCALE}`));
  });
});
