import { expect } from 'chai';
import { buildTestApp, Browser, unique, type TestApp } from '../support/app.ts';
import { createOrg, PASSWORD, type TestOrg } from '../support/factories.ts';

describe('client-onboarding: a consultancy brings a client company aboard', () => {
  let t: TestApp;
  let consultancy: TestOrg;

  before(async () => {
    t = await buildTestApp();
    consultancy = await createOrg(t.db, 'consultancy');
  });

  async function signedIn(email: string, password = PASSWORD) {
    const b = new Browser(t.app);
    expect((await b.login(email, password)).status).to.equal(302);
    return b;
  }

  it('creates the client, is engaged with the chosen role, and the invited owner takes charge and can end the engagement', async () => {
    const consultant = await signedIn(consultancy.users.admin.email);
    const form = await consultant.get('/portfolio/clients/new');
    expect(form.status).to.equal(200);
    const clientName = `Empacadora ${unique('cl')}`;
    const ownerEmail = `${unique('duena')}@cliente.example`;
    const res = await consultant.post('/portfolio/clients', { clientName, ownerEmail, role: 'viewer' });
    expect(res.status).to.equal(302);
    const portfolio = await consultant.get('/portfolio');
    expect(portfolio.text).to.contain(clientName);
    const clientId = /name="orgId" value="([0-9a-f-]{36})"[\s\S]*?/.exec(portfolio.text.slice(portfolio.text.indexOf(clientName)))![1];
    await consultant.post('/orgs/switch', { orgId: clientId });
    const me = await consultant.get('/api/v1/me');
    expect(me.body).to.deep.include({ role: 'viewer', via: 'engagement' });
    expect(me.body.organization).to.deep.include({ id: clientId, name: clientName, kind: 'company' });

    const mail = t.mailer.lastTo(ownerEmail)!;
    expect(mail.text).to.contain(consultancy.name).and.contain(clientName);
    const invitation = new Browser(t.app);
    const link = t.mailer.linkIn(mail);
    await invitation.get(link);
    const accepted = await invitation.post(link, { name: 'Dueña del Cliente', password: 'una-clave-bien-larga', confirm: 'una-clave-bien-larga' });
    expect(accepted.status).to.equal(302);
    const clientMe = await invitation.get('/api/v1/me');
    expect(clientMe.body).to.deep.include({ role: 'owner', via: 'membership' });
    expect(clientMe.body.organization.id).to.equal(clientId);

    const access = await invitation.get('/settings/engagements/access');
    expect(access.status).to.equal(200);
    expect(access.text).to.contain('Dueña del Cliente').and.contain(consultancy.users.admin.email).and.contain(consultancy.name);
    const year = String(new Date().getFullYear());
    const viaEngagement = /<tr data-via="engagement">([\s\S]*?)<\/tr>/.exec(access.text)![1];
    expect(viaEngagement).to.contain(consultancy.users.admin.email).and.contain('<td>Lector</td>')
      .and.contain(`Contratación de ${consultancy.name} (Administrador allá)`).and.contain(year);
    const viaMembership = /<tr data-via="membership">([\s\S]*?)<\/tr>/.exec(access.text)![1];
    expect(viaMembership).to.contain('Dueña del Cliente').and.contain('Membresía propia').and.contain(year);

    const engagementPage = await invitation.get('/settings/engagements');
    expect(engagementPage.text).to.contain('id="who-has-access"').and.contain(consultancy.users.admin.email).and.contain('Dueña del Cliente');
    expect((await invitation.post(`/settings/engagements/${consultancy.id}/revoke`)).status).to.equal(302);
    const after = await consultant.get('/api/v1/me');
    expect(after.body.organization.id).to.equal(consultancy.id);
    expect((await invitation.get('/api/v1/me')).body.role).to.equal('owner');
    const accessAfter = await invitation.get('/settings/engagements/access');
    expect(accessAfter.text).to.not.contain(consultancy.users.admin.email);

    const audit = await t.db.tx({ orgId: clientId, userId: null }, (q) => q.query<{ action: string }>(`SELECT action FROM audit_log WHERE organization_id = app_org() ORDER BY id`));
    expect(audit.rows.map((r) => r.action)).to.deep.equal(['organization.created', 'engagement.granted', 'membership.invited', 'membership.created', 'engagement.revoked']);
  });

  it('only the consultancy’s owners and admins may create clients, and bad input names the field', async () => {
    const analyst = await signedIn(consultancy.users.analyst.email);
    expect((await analyst.get('/portfolio/clients/new')).status).to.equal(403);
    const company = await createOrg(t.db);
    const companyOwner = await signedIn(company.users.owner.email);
    await companyOwner.get('/');
    expect((await companyOwner.post('/portfolio/clients', { clientName: 'Otra', ownerEmail: 'a@b.example', role: 'viewer' })).status).to.equal(403);

    const owner = await signedIn(consultancy.users.owner.email);
    await owner.get('/portfolio/clients/new');
    const bad = await owner.post('/portfolio/clients', { clientName: 'Vigía', ownerEmail: 'no', role: 'owner' });
    expect(bad.status).to.equal(422);
    expect(bad.text).to.contain('correo válido para la persona propietaria').and.contain('Elija analista, lector o administrador');
    const reserved = await owner.post('/portfolio/clients', { clientName: 'Vigía', ownerEmail: 'x@y.example', role: 'admin' });
    expect(reserved.status).to.equal(422);
    expect(reserved.text).to.contain('nombre reservado');
  });
});
