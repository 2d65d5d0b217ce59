import { expect } from 'chai';
import {
  COMMODITY_VOCABULARY,
  commodityKey,
  describeCommodities,
  resolveCommodities,
  resolveCommodity,
} from '../../server/commodities/commodity.resolve.ts';
import { sectorFor } from '../../server/scoring/sector-risk.ts';

const idOf = (text: string) => resolveCommodity(text)?.id;

describe('commodity vocabulary and resolver', () => {
  it('maps all 15 goods of the DOL list for Mexico, child vs forced labour as the list says [S50]', () => {
    const dol = COMMODITY_VOCABULARY.filter((e) => e.dol);
    expect(dol.map((e) => e.dol!.good)).to.have.members([
      'Beans (green beans)', 'Cattle', 'Chile peppers', 'Coffee', 'Cucumbers', 'Eggplants', 'Garments',
      'Leather goods / accessories', 'Melons', 'Onions', 'Poppies', 'Pornography', 'Sugarcane', 'Tobacco', 'Tomatoes',
    ]);
    expect(dol.every((e) => e.dol!.childLabour)).to.equal(true);
    expect(dol.filter((e) => e.dol!.forcedLabour).map((e) => e.id)).to.have.members(['chile-peppers', 'tomatoes']);
  });

  it('gives every entry es-MX and en names and SCIAN subsectors the sector table knows', () => {
    for (const e of COMMODITY_VOCABULARY) {
      expect(e.es, e.id).to.be.a('string').and.not.equal('');
      expect(e.en, e.id).to.be.a('string').and.not.equal('');
      expect(e.scian.length, e.id).to.be.greaterThan(0);
      for (const code of e.scian) expect(sectorFor(code), `${e.id} ${code}`).to.not.equal(null);
    }
  });

  it('resolves Spanish and English spellings, accents, case and plurals to one id', () => {
    for (const t of ['café', 'cafe', 'CAFÉ', ' Café ', 'cafés', 'coffee', 'Coffee']) expect(idOf(t), t).to.equal('coffee');
    for (const t of ['jitomate', 'Jitomates', 'tomate', 'tomates', 'tomato', 'tomatoes', 'tomate rojo']) expect(idOf(t), t).to.equal('tomatoes');
    for (const t of ['ejote', 'ejotes', 'green beans', 'Frijol verde']) expect(idOf(t), t).to.equal('beans');
    for (const t of ['chile', 'chiles', 'Chile jalapeño', 'chile peppers']) expect(idOf(t), t).to.equal('chile-peppers');
    for (const t of ['caña de azúcar', 'Caña de Azucar', 'cana de azucar', 'sugarcane']) expect(idOf(t), t).to.equal('sugarcane');
    for (const t of ['prendas de vestir', 'ropa', 'Garments']) expect(idOf(t), t).to.equal('garments');
    for (const t of ['ganado', 'ganado bovino', 'reses', 'cattle']) expect(idOf(t), t).to.equal('cattle');
    for (const t of ['artículos de piel', 'articulos de piel', 'leather goods']) expect(idOf(t), t).to.equal('leather-goods');
    for (const t of ['melón', 'melones', 'melons']) expect(idOf(t), t).to.equal('melons');
    expect(idOf('fresas')).to.equal('strawberries');
  });

  it('keeps goods that are not on the DOL list apart from those that are', () => {
    // Dry beans are not the DOL's green beans; tomatillo is not tomato; bell pepper is not chile.
    expect(idOf('frijol')).to.equal('dry-beans');
    expect(resolveCommodity('frijol')!.dol).to.equal(null);
    expect(idOf('tomate verde')).to.equal('tomatillo');
    expect(idOf('pimiento morrón')).to.equal('bell-peppers');
    expect(idOf('nopal')).to.equal(undefined);
  });

  it('has no spelling that matches two entries', () => {
    const owner = new Map<string, string>();
    for (const e of COMMODITY_VOCABULARY) {
      for (const s of [e.id, e.es, e.en, ...e.synonyms]) {
        const k = commodityKey(s);
        expect(owner.get(k) ?? e.id, `${s} → ${k}`).to.equal(e.id);
        owner.set(k, e.id);
      }
    }
  });

  it('stores ids for known entries and keeps unknown text as written, without repeats', () => {
    const r = resolveCommodities(['Jitomate', 'fresas', 'tomate', '  Nopal ', 'nopales', 'nopal', '']);
    // "nopales" is the plural of "Nopal": one unknown entry, kept as first written.
    expect(r.stored).to.deep.equal(['tomatoes', 'strawberries', 'Nopal']);
    expect(r.unknown).to.deep.equal(['Nopal']);
    // Stored ids resolve to themselves, so saving a form again changes nothing.
    expect(resolveCommodities(r.stored).stored).to.deep.equal(r.stored);
  });

  it('describes stored values with localised names, the DOL listing and the unknown flag', () => {
    const [coffee, nopal] = describeCommodities(['coffee', 'nopal'], 'es-MX');
    expect(coffee).to.include({ name: 'Café', unknown: false });
    expect(coffee.dol).to.deep.equal({ good: 'Coffee', childLabour: true, forcedLabour: false });
    expect(nopal).to.include({ name: 'nopal', unknown: true, dol: null });
    expect(describeCommodities(['beans'], 'en')[0].name).to.equal('Green beans');
  });
});

describe('commodity labels', () => {
  it('score explanations name each DOL good as the vocabulary does ("Ejote (frijol verde)", not "Frijol (ejote)")', async () => {
    const { readFile } = await import('node:fs/promises');
    const labels = async (locale: string) =>
      (JSON.parse(await readFile(`server/i18n/locales/${locale}/scoring.json`, 'utf8')) as { scoring: { commodities: Record<string, string> } }).scoring.commodities;
    const [es, en] = [await labels('es-MX'), await labels('en')];
    for (const e of COMMODITY_VOCABULARY.filter((x) => x.dol)) {
      expect(es[e.id], e.id).to.equal(e.es);
      expect(en[e.id], e.id).to.equal(e.en);
    }
    expect(es.beans).to.equal('Ejote (frijol verde)');
  });
});
