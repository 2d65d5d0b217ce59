import { expect } from 'chai';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { createOrg } from '../support/factories.ts';
import { createSupplier, signedIn } from './support.ts';
import { addSupplier } from '../scores/fixtures.ts';
import { SCORE_LEVEL_COLORS } from '../../server/maps/palette.ts';

describe('supply graph page: every active supplier, coloured by risk, with a list', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp();
  });

  it('draws suppliers without links too, each coloured by its current score level, and lists them', async () => {
    const org = await createOrg(t.db);
    const b = await signedIn(t, org);
    const { supplierId: a } = await addSupplier(t.db, org, { name: 'Empacadora Sin Vínculos', sectorCode: '111', sites: [{ name: 'Campo', territoryCode: '07089' }] });
    await t.services.scores.rescoreOrganization(org.actor('admin'));
    const c = await createSupplier(b, { legalName: 'Rancho Lejano', tier: '2' });
    const archived = await createSupplier(b, { legalName: 'Archivada SA' });
    expect((await b.post(`/suppliers/${archived}/archive`)).status).to.be.oneOf([302, 303]);
    const level = (await t.db.tx({ orgId: org.id, userId: null }, (q) =>
      q.query<{ level: keyof typeof SCORE_LEVEL_COLORS }>(`SELECT level FROM supplier_score_current WHERE supplier_id = $1`, [a]))).rows[0].level;
    const res = await b.get('/suppliers/graph');
    expect(res.status).to.equal(200);
    const svg = /<svg[\s\S]*<\/svg>/.exec(res.text)![0];
    expect(svg.match(/class="supply-node"/g)).to.have.length(2);
    expect(svg).to.match(new RegExp(`data-id="${a}" data-level="${level}"[^]*?fill="${SCORE_LEVEL_COLORS[level]}"`));
    expect(svg).to.contain(`data-id="${c}" data-level="unscored"`);
    expect(svg).to.not.contain(archived);
    expect(res.text).to.match(/id="graph-legend"[\s\S]*Crítico[\s\S]*Sin calcular/);
    const list = /id="graph-list"[\s\S]*<\/details>/.exec(res.text)![0];
    expect(list).to.contain('Empacadora Sin Vínculos');
    expect(list).to.contain('Rancho Lejano');
    expect(res.text).to.contain('/static/build/graph.js');
  });
});
