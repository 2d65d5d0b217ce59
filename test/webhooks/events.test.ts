import { expect } from 'chai';
import { buildTestApp, Browser, unique, type TestApp } from '../support/app.ts';
import { createOrg, PASSWORD, type TestOrg } from '../support/factories.ts';
import { addSupplier } from '../assessments/fixtures.ts';
import { importSmallTemplate, postMultipart, sendQuestionnaire } from '../assessments/helpers.ts';
import { Receiver } from './receiver.ts';

/** The features emit their events in the transaction of the change; a real receiver hears them. */
describe('webhooks: events from the due-diligence workflow', () => {
  let t: TestApp;
  let org: TestOrg;
  let receiver: Receiver;

  before(async () => {
    t = await buildTestApp({ env: { WEBHOOKS_ALLOW_PRIVATE: 'true' } });
    org = await createOrg(t.db);
    receiver = new Receiver();
    await receiver.start();
  });
  after(() => receiver.stop());

  it('a supplier submits, the analyst reviews: submitted, reviewed and finding events, ids only', async () => {
    const admin = new Browser(t.app);
    await admin.login(org.users.admin.email, PASSWORD);
    await admin.get('/settings/webhooks');
    const created = await admin.post('/settings/webhooks', {
      url: receiver.url, events: ['assessment.submitted', 'assessment.reviewed', 'finding.created'] as unknown as string,
    });
    receiver.secret = /id="new-secret">([^<]+)</.exec(created.text)![1];

    const analyst = new Browser(t.app);
    await analyst.login(org.users.analyst.email, PASSWORD);
    const templateId = await importSmallTemplate(analyst);
    const supplier = await addSupplier(t.db, org, 'Finca Eventos');
    const { id, link } = await sendQuestionnaire(t, analyst, { ...supplier, templateId, email: `${unique('c')}@x.test` });
    const portal = new Browser(t.app);
    await portal.get(link);
    const answers = { has_policy: 'no', workers_count: '10', youngest_age: '14', checks_age: 'no', action: 'submit' };
    const submitted = await postMultipart(portal, link, answers);
    expect(submitted.status, submitted.text.slice(0, 500)).to.equal(303);
    await analyst.get(`/assessments/${id}`);
    expect((await analyst.post(`/assessments/${id}/review`, { decision: 'review' })).status).to.be.oneOf([302, 303]);
    await t.services.jobs.drain();

    const events = receiver.received.map((r) => JSON.parse(r.body));
    expect(receiver.received.every((r) => r.verified)).to.equal(true);
    expect(events.map((e) => e.type)).to.include.members(['assessment.submitted', 'assessment.reviewed', 'finding.created']);
    const reviewed = events.find((e) => e.type === 'assessment.reviewed');
    expect(reviewed.data).to.include({ assessmentId: id, supplierId: supplier.supplierId });
    expect(reviewed.data.redFlags).to.include('under15');
    // Ids and states only: nothing the supplier wrote travels.
    for (const e of events) expect(JSON.stringify(e.data)).to.not.contain('Finca Eventos');
  });
});
