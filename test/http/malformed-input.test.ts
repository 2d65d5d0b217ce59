import { expect } from 'chai';
import { buildTestApp, Browser, type TestApp } from '../support/app.ts';
import { createOrg, PASSWORD, type TestOrg } from '../support/factories.ts';

/** Malformed input is the client's mistake: a 4xx that says what is wrong, never a 500. */
describe('malformed input gets a 4xx, never a 500', () => {
  let t: TestApp;
  let o: TestOrg;
  let b: Browser;
  let apiKey: string;
  before(async () => {
    t = await buildTestApp();
    o = await createOrg(t.db);
    b = new Browser(t.app);
    await b.login(o.users.admin.email, PASSWORD);
    await b.get('/settings/api-keys');
    const created = await b.post('/settings/api-keys', { name: 'ERP', role: 'viewer' });
    apiKey = /id="new-key">([^<]+)</.exec(created.text)![1];
  });

  it('a NUL byte in a search names the field', async () => {
    const page = await b.get('/suppliers?q=%00');
    expect(page.status).to.equal(400);
    expect(page.text).to.contain('q');
    const api = await b.agent.get('/api/v1/suppliers?q=a%00b').set('Authorization', `Bearer ${apiKey}`);
    expect(api.status).to.equal(400);
    expect(api.body.errors[0].field).to.equal('q');
  });

  it('a NUL byte in a stored text is refused and nothing is saved', async () => {
    await b.get('/suppliers/new');
    const res = await b.post('/suppliers', { legalName: 'a\u0000b', rfc: '' });
    expect(res.status).to.equal(400);
    expect(res.text).to.contain('legalName');
    const n = await t.db.admin((q) => q.query(`SELECT 1 FROM suppliers WHERE organization_id = $1`, [o.id]));
    expect(n.rows).to.have.length(0);
  });

  it('an offset or limit beyond any integer is treated as out of range, not as a crash', async () => {
    expect((await b.get('/scores?offset=1e309')).status).to.be.oneOf([200, 400]);
    const api = await b.agent.get('/api/v1/scores?offset=99999999999999999999').set('Authorization', `Bearer ${apiKey}`);
    expect(api.status).to.be.oneOf([200, 400]);
    expect(api.status).to.not.equal(500);
  });

  it('a malformed JSON body answers 400 problem+json', async () => {
    const res = await b.agent.post('/api/v1/suppliers').set('Authorization', `Bearer ${apiKey}`)
      .set('Content-Type', 'application/json').send('{"legalName": ');
    expect(res.status).to.equal(400);
    expect(res.headers['content-type']).to.contain('application/problem+json');
    expect(JSON.parse(res.text).code).to.equal('errors.malformedJson');
  });

  it('a malformed JSON body to a page answers a rendered 400 page', async () => {
    const res = await new Browser(t.app).agent.post('/login').set('Content-Type', 'application/json').set('Accept', 'text/html').send('{bad');
    expect(res.status).to.equal(400);
    expect(res.text).to.contain('<h1');
  });

  it('a malformed lang cookie is ignored on every kind of page', async () => {
    const anon = await new Browser(t.app).agent.get('/login').set('Cookie', 'lang=%E0%A4%A');
    expect(anon.status).to.equal(200);
    const signedIn = await b.agent.get('/suppliers').set('Cookie', 'lang=%E0%A4%A');
    expect(signedIn.status).to.not.equal(500);
    const portal = await new Browser(t.app).agent.get('/portal/not-a-token').set('Cookie', 'lang=%E0%A4%A');
    expect(portal.status).to.be.oneOf([404, 410]);
  });
});
