import { expect } from 'chai';
import { trainingCoverage, windowStart } from '../../server/training/coverage.ts';

describe('training: coverage of high-risk sites (pure)', () => {
  const sites = [
    { siteId: 'a', supplierId: 's1', level: 'critical' },
    { siteId: 'b', supplierId: 's1', level: 'high' },
    { siteId: 'c', supplierId: 's2', level: 'high' },
    { siteId: 'd', supplierId: 's2', level: 'medium' },
    { siteId: 'e', supplierId: 's3', level: null },
  ];

  it('counts a site trained by a session at the site or for its whole supplier, within 12 months', () => {
    const c = trainingCoverage(sites, [
      { supplierId: 's1', siteId: 'a', heldOn: '2026-06-01', verified: true },
      { supplierId: 's2', siteId: null, heldOn: '2025-12-04', verified: false },
      { supplierId: 's2', siteId: 'd', heldOn: '2026-11-01', verified: true },
    ], '2026-12-04');
    expect(c).to.deep.equal({ highRiskSites: 3, trained: 2, trainedVerified: 1, share: 2 / 3, shareVerified: 1 / 3, since: '2025-12-04' });
  });

  it('ignores sessions older than 12 months, in the future, or of the organisation itself', () => {
    const c = trainingCoverage(sites, [
      { supplierId: 's1', siteId: null, heldOn: '2025-12-03', verified: true },
      { supplierId: 's1', siteId: null, heldOn: '2026-12-05', verified: true },
      { supplierId: null, siteId: null, heldOn: '2026-10-01', verified: true },
    ], '2026-12-04');
    expect(c).to.include({ highRiskSites: 3, trained: 0, share: 0 });
  });

  it('has no share when no site is at high risk', () => {
    expect(trainingCoverage([{ siteId: 'x', supplierId: 's', level: 'low' }], [], '2026-12-04')).to.include({ highRiskSites: 0, share: null });
    expect(windowStart('2024-02-29')).to.equal('2023-03-01');
  });
});
