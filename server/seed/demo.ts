import type { Database, Queryable } from '../db/types.ts';
import { hashPassword } from '../auth/password.ts';
import { createUser } from '../auth/auth.queries.ts';
import { insertMembership, insertOrganization } from '../organizations/organization.queries.ts';

export const DEMO_PASSWORD = 'vigia-demo-2026';

export interface DemoLogin {
  email: string;
  role: string;
  organization: string;
}

export interface DemoOrgs {
  companyId: string;
  consultancyId: string;
  ownerId: string;
}

/** Later features add their demo data here (suppliers, sites, assessments…), in order. */
export type DemoStep = (q: Queryable, orgs: DemoOrgs) => Promise<void>;

/**
 * A demo company, a children's-rights consultancy engaged by it, and one login per kind
 * of user. Runs once, on an empty database, as the owner (it writes several tenants).
 */
export async function seedDemo(db: Database, steps: DemoStep[] = []): Promise<DemoLogin[] | null> {
  const existing = await db.admin((q) => q.query(`SELECT 1 FROM organizations LIMIT 1`));
  if (existing.rowCount > 0) return null;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.admin(async (q) => {
    const companyId = await insertOrganization(q, { kind: 'company', name: 'Agroexportadora del Soconusco (demo)', slug: 'agro-soconusco' });
    const consultancyId = await insertOrganization(q, { kind: 'consultancy', name: 'Consultoría Niñez Segura (demo)', slug: 'ninez-segura' });
    const users = [
      { email: 'propietaria@demo.vigia.mx', name: 'Laura Méndez', org: companyId, role: 'owner', orgName: 'Agroexportadora del Soconusco (demo)' },
      { email: 'analista@demo.vigia.mx', name: 'Jorge Ramírez', org: companyId, role: 'analyst', orgName: 'Agroexportadora del Soconusco (demo)' },
      { email: 'consultora@demo.vigia.mx', name: 'Ana Hernández', org: consultancyId, role: 'owner', orgName: 'Consultoría Niñez Segura (demo)' },
      { email: 'auditor@demo.vigia.mx', name: 'Marta Ruiz (auditora externa)', org: companyId, role: 'auditor', orgName: 'Agroexportadora del Soconusco (demo)' },
      // Platform administrator (imports risk datasets); a viewer in the company so the app has an organisation to show.
      { email: 'plataforma@demo.vigia.mx', name: 'Operación Vigía (plataforma)', org: companyId, role: 'viewer', orgName: 'Agroexportadora del Soconusco (demo)', isPlatformAdmin: true },
    ];
    const logins: DemoLogin[] = [];
    let ownerId = '';
    for (const u of users) {
      const id = await createUser(q, { email: u.email, name: u.name, passwordHash, isPlatformAdmin: 'isPlatformAdmin' in u && u.isPlatformAdmin });
      if (u.role === 'owner' && u.org === companyId) ownerId = id;
      await insertMembership(q, {
        orgId: u.org, userId: id, role: u.role,
        expiresAt: u.role === 'auditor' ? new Date(Date.now() + 90 * 86400_000) : null,
      });
      logins.push({ email: u.email, role: 'isPlatformAdmin' in u ? `${u.role} + platform admin` : u.role, organization: u.orgName });
    }
    await q.query(
      `INSERT INTO engagements (organization_id, consultancy_id, role, created_by) VALUES ($1, $2, 'analyst', $3)`,
      [companyId, consultancyId, ownerId],
    );
    for (const step of steps) await step(q, { companyId, consultancyId, ownerId });
    // Every table was empty a moment ago: give the planner its statistics before the first page.
    await q.query('ANALYZE');
    return logins;
  });
}
