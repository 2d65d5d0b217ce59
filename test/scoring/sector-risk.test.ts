import { expect } from 'chai';
import {
  DOL_COMMODITIES,
  dolCommodity,
  ENTI_2022_SHARES,
  SECTOR_CODES,
  SECTOR_RISK,
  sectorFor,
} from '../../server/scoring/sector-risk.ts';

describe('sector risk table', () => {
  it('covers the 20 SCIAN sectors', () => {
    expect(SECTOR_CODES).to.have.length(20);
    expect([...SECTOR_RISK.keys()]).to.deep.equal([...SECTOR_CODES]);
  });

  it('keeps the ENTI 2022 shares as published', () => {
    expect(ENTI_2022_SHARES).to.deep.equal({ agriculture: 33.0, services: 23.2, commerce: 21.5, manufacturing: 12.5 });
  });

  it('derives the weights from the shares by the documented rule', () => {
    const w = (code: string) => SECTOR_RISK.get(code as never)!;
    // share ÷ 33.0 × 0.8, rounded to 2 decimals
    expect(w('11')).to.include({ weight: 0.8, basis: 'share', groupShare: 33 }); // 33.0 ÷ 33.0 × 0.8
    expect(w('72')).to.include({ weight: 0.56, basis: 'share' }); // 23.2 ÷ 33.0 × 0.8 = 0.5624
    expect(w('46')).to.include({ weight: 0.52, basis: 'share' }); // 21.5 ÷ 33.0 × 0.8 = 0.5212
    expect(w('43').weight).to.equal(0.52);
    expect(w('31-33')).to.include({ weight: 0.3, basis: 'share' }); // 12.5 ÷ 33.0 × 0.8 = 0.3030
    // formal services: 0.56 × 0.5 = 0.28
    expect(w('52')).to.include({ weight: 0.28, basis: 'formalServices' });
    // remainder: 100 − 90.2 = 9.8; 9.8 ÷ 33.0 × 0.8 = 0.2376 → 0.24
    expect(w('22')).to.include({ weight: 0.24, basis: 'remainder', groupShare: 9.8 });
    // LFT art. 176 hazardous sectors: raised to the highest non-agricultural weight, 0.56
    expect(w('21')).to.include({ weight: 0.56, basis: 'hazardous' });
    expect(w('23')).to.include({ weight: 0.56, basis: 'hazardous' });
    expect(w('23').source).to.match(/art\. 176/);
    for (const s of SECTOR_RISK.values()) expect(s.weight).to.be.within(0, 1);
  });

  it('finds the sector of SCIAN codes of any length', () => {
    expect(sectorFor('111211')?.code).to.equal('11');
    expect(sectorFor('32')?.code).to.equal('31-33');
    expect(sectorFor('336110')?.code).to.equal('31-33');
    expect(sectorFor('31-33')?.code).to.equal('31-33');
    expect(sectorFor('49')?.code).to.equal('48-49');
    expect(sectorFor('93')?.code).to.equal('93');
    for (const bad of ['44', '99', '1', '', 'ab', null, undefined]) expect(sectorFor(bad)).to.equal(null);
  });

  it('lists the 15 DOL goods for Mexico, two also for forced labour', () => {
    expect(DOL_COMMODITIES.size).to.equal(15);
    const forced = [...DOL_COMMODITIES.values()].filter((c) => c.forcedLabour).map((c) => c.dolName);
    expect(forced).to.deep.equal(['Chile peppers', 'Tomatoes']);
    for (const c of DOL_COMMODITIES.values()) {
      expect(c.childLabour).to.equal(true);
      expect(c.source).to.match(/^US DOL ILAB, List of Goods Produced by Child Labor or Forced Labor/);
    }
    expect(dolCommodity('leather-goods')?.dolName).to.equal('Leather goods / accessories');
    expect(dolCommodity(' Coffee ')?.id).to.equal('coffee');
    expect(dolCommodity('avocado')).to.equal(undefined);
  });

  it('finds the DOL good behind the Spanish names users type (café, jitomate, chile, prendas de vestir)', () => {
    const cases: [string, string][] = [
      ['café', 'coffee'], ['Cafe', 'coffee'], ['tomate', 'tomatoes'], ['jitomates', 'tomatoes'], ['chile', 'chile-peppers'],
      ['caña de azúcar', 'sugarcane'], ['prendas de vestir', 'garments'], ['ropa', 'garments'], ['ejote', 'beans'],
      ['ganado', 'cattle'], ['artículos de piel', 'leather-goods'], ['pepino', 'cucumbers'],
    ];
    for (const [text, id] of cases) expect(dolCommodity(text)?.id, text).to.equal(id);
    // Dry beans (frijol) are not the DOL's green beans.
    expect(dolCommodity('frijol')).to.equal(undefined);
  });
});
