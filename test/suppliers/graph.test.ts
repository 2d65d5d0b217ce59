import { expect } from 'chai';
import { findCycle, layoutTiers, recomputeTiers, type SupplyLink } from '../../server/suppliers/graph.ts';
import { renderSupplyGraphSvg } from '../../server/suppliers/graph-svg.ts';
import { containsPattern, foldSearchText, supplierSearchText } from '../../server/suppliers/search-text.ts';

// Edges read "child supplies parent".
const link = (childId: string, parentId: string): SupplyLink => ({ childId, parentId });

describe('supply graph (pure)', () => {
  describe('findCycle', () => {
    it('finds nothing when the new edge keeps the graph acyclic', () => {
      // B supplies A, C supplies B; adding "C supplies A" is a shortcut, not a loop.
      expect(findCycle([link('B', 'A'), link('C', 'B')], 'C', 'A')).to.equal(null);
    });

    it('names the loop in supply order, from the child back to the child', () => {
      // B supplies A, C supplies B; "A supplies C" would give A → C → B → A.
      expect(findCycle([link('B', 'A'), link('C', 'B')], 'A', 'C')).to.deep.equal(['A', 'C', 'B', 'A']);
    });

    it('refuses a direct two-way link and a self-link', () => {
      expect(findCycle([link('B', 'A')], 'A', 'B')).to.deep.equal(['A', 'B', 'A']);
      expect(findCycle([], 'A', 'A')).to.deep.equal(['A', 'A']);
    });

    it('finds a loop through one of several branches (a graph, not a tree)', () => {
      // X is supplied by Y and Z; Z is supplied by W. "X supplies W" closes X → W → Z → X.
      const links = [link('Y', 'X'), link('Z', 'X'), link('W', 'Z'), link('Q', 'Y')];
      expect(findCycle(links, 'X', 'W')).to.deep.equal(['X', 'W', 'Z', 'X']);
      expect(findCycle(links, 'Y', 'W')).to.equal(null);
    });
  });

  describe('recomputeTiers', () => {
    it('puts a linked supplier one past its nearest customer, and carries the change down', () => {
      // A (tier 1) ← B ← C, with B just linked to A (B was 1, C was 2).
      const changed = recomputeTiers({
        affected: ['B', 'C'],
        links: [link('B', 'A'), link('C', 'B')],
        tiers: new Map([['A', 1], ['B', 1], ['C', 2]]),
      });
      expect(Object.fromEntries(changed)).to.deep.equal({ B: 2, C: 3 });
    });

    it('takes the minimum over several customers', () => {
      // D supplies A (tier 1) and C (tier 3): D is tier 2; E supplies D: tier 3.
      const changed = recomputeTiers({
        affected: ['D', 'E'],
        links: [link('D', 'A'), link('D', 'C'), link('E', 'D')],
        tiers: new Map([['A', 1], ['C', 3], ['D', 4], ['E', 5]]),
      });
      expect(Object.fromEntries(changed)).to.deep.equal({ D: 2, E: 3 });
    });

    it('keeps the tier of a supplier left without customers and reports only changes', () => {
      const changed = recomputeTiers({ affected: ['B', 'C'], links: [link('C', 'B')], tiers: new Map([['B', 2], ['C', 3]]) });
      expect(changed.size).to.equal(0);
    });

    it('settles a diamond in one pass whatever the order', () => {
      // A ← B, A ← C, B ← D, C ← D, D ← E; A is tier 2 (declared).
      const changed = recomputeTiers({
        affected: ['E', 'D', 'C', 'B'],
        links: [link('E', 'D'), link('D', 'C'), link('D', 'B'), link('C', 'A'), link('B', 'A')],
        tiers: new Map([['A', 2], ['B', 1], ['C', 1], ['D', 1], ['E', 1]]),
      });
      expect(Object.fromEntries(changed)).to.deep.equal({ B: 3, C: 3, D: 4, E: 5 });
    });
  });

  describe('layoutTiers', () => {
    it('one column per tier, ordered by customer position then name', () => {
      const nodes = [
        { id: 'a', tier: 1, label: 'Zeta' },
        { id: 'b', tier: 1, label: 'Alfa' },
        { id: 'c', tier: 2, label: 'Beta' },
        { id: 'd', tier: 2, label: 'Gamma' },
      ];
      // c supplies Zeta, d supplies Alfa: d goes first so the lines do not cross.
      const layout = layoutTiers(nodes, [link('c', 'a'), link('d', 'b')]);
      expect(layout.columns).to.deep.equal([
        { tier: 1, ids: ['b', 'a'] },
        { tier: 2, ids: ['d', 'c'] },
      ]);
    });
  });

  describe('renderSupplyGraphSvg', () => {
    it('draws every supplier as a link, edges with arrows, and escapes names', () => {
      const svg = renderSupplyGraphSvg({
        nodes: [
          { id: 'a', label: 'Café <Alto> & Co', tier: 1, archived: false, href: '/suppliers/a' },
          { id: 'b', label: 'Finca B', tier: 2, archived: true, href: '/suppliers/b' },
        ],
        links: [link('b', 'a')],
        companyLabel: 'Mi empresa',
        title: 'Red',
        tierLabel: (t) => `Nivel ${t}`,
      });
      expect(svg).to.match(/^<svg /);
      expect(svg).to.contain('Café &#60;Alto&#62; &#38; Co');
      expect(svg).to.not.contain('<Alto>');
      expect(svg.match(/class="supply-node"/g)).to.have.length(2);
      // One edge b → a, one from the tier-1 supplier to the company.
      expect(svg.match(/class="supply-edge"/g)).to.have.length(2);
      expect(svg).to.contain('data-edge="b&#62;a"');
      expect(svg).to.contain('Nivel 2');
      expect(svg).to.contain('stroke-dasharray'); // archived
      expect(svg).to.not.match(/style=/);
    });
  });
});

describe('supplier search text', () => {
  it('folds case, accents and spacing', () => {
    expect(foldSearchText('  PEÑA   Café ')).to.equal('pena cafe');
  });
  it('folds plain ASCII (tabs, line breaks, capitals) and already-decomposed accents alike', () => {
    expect(foldSearchText('ACME\tS.A.\n de  C.V. ')).to.equal('acme s.a. de c.v.');
    expect(foldSearchText('Pen\u0303a CAFE\u0301')).to.equal('pena cafe');
  });
  it('joins names, RFC and external id', () => {
    expect(supplierSearchText({ legalName: 'Agrícola Peña', tradeName: 'Berries', taxId: 'APE010101AB1', externalId: null })).to.equal(
      'agricola pena berries ape010101ab1',
    );
  });
  it('makes a contains pattern that takes % and _ literally', () => {
    expect(containsPattern('50%_Café')).to.equal('%50\\%\\_cafe%');
  });
});
