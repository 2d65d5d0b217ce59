import { expect } from 'chai';
import { Browser, buildTestApp, type TestApp } from '../support/app.ts';
import { createOrg, PASSWORD, type TestOrg } from '../support/factories.ts';

describe('empty lists say what to do next: findings and assessments', () => {
  let t: TestApp;
  let org: TestOrg;
  const as = async (role: keyof TestOrg['users']) => {
    const b = new Browser(t.app);
    await b.login(org.users[role].email, PASSWORD);
    return b;
  };

  before(async () => {
    t = await buildTestApp();
    org = await createOrg(t.db);
  });

  it('without filters: how findings arise, and a link to record one for those who may', async () => {
    const page = await (await as('analyst')).get('/findings');
    const empty = /<p class="panel" id="no-findings">[\s\S]*?<\/p>/.exec(page.text)?.[0] ?? '';
    expect(empty).to.include('Aún no hay hallazgos').and.include('href="/findings/new"');
    expect(page.text).to.not.include('No hay hallazgos con estos filtros');
    const auditorPage = await (await as('auditor')).get('/findings');
    expect(auditorPage.text).to.include('Aún no hay hallazgos').and.not.include('href="/findings/new"');
  });

  it('with a filter that matches nothing: says so and offers to clear it', async () => {
    const page = await (await as('analyst')).get('/findings?severity=critical');
    const empty = /<p class="muted" id="no-findings">[\s\S]*?<\/p>/.exec(page.text)?.[0] ?? '';
    expect(empty).to.include('No hay hallazgos con estos filtros.').and.include('<a href="/findings">Quitar filtros</a>');
  });

  it('assessments: without filters, send a questionnaire; with filters, clear them', async () => {
    const analyst = await as('analyst');
    const none = await analyst.get('/assessments');
    expect(/<p class="panel" id="no-assessments">[\s\S]*?<\/p>/.exec(none.text)?.[0]).to.include('Aún no se ha enviado ningún cuestionario').and.include('href="/assessments/new"');
    const filtered = await analyst.get('/assessments?status=reviewed');
    expect(/<p class="panel" id="no-assessments">[\s\S]*?<\/p>/.exec(filtered.text)?.[0]).to.include('No hay evaluaciones con estos filtros.').and.include('<a href="/assessments">Quitar filtros</a>');
  });
});
