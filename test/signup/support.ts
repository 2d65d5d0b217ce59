import type { TestApp } from '../support/app.ts';
import { Browser, unique } from '../support/app.ts';

export const SIGNUP_PASSWORD = 'a-long-enough-password';

export function signupForm(overrides: Record<string, string> = {}) {
  const tag = unique('su');
  return {
    kind: 'company',
    orgName: `Agrícola ${tag}`,
    name: 'Rosa Méndez',
    email: `${tag}@example.test`,
    password: SIGNUP_PASSWORD,
    confirm: SIGNUP_PASSWORD,
    website: '',
    ...overrides,
  };
}

/** Signs up through the form and follows the e-mailed link; returns the new owner's e-mail and org id. */
export async function signUpAndConfirm(t: TestApp, overrides: Record<string, string> = {}) {
  const form = signupForm(overrides);
  const b = new Browser(t.app);
  await b.get('/signup');
  const res = await b.post('/signup', form);
  if (res.status !== 200) throw new Error(`sign-up answered ${res.status}`);
  const link = t.mailer.linkIn(t.mailer.lastTo(form.email));
  await b.get(link);
  const confirmed = await b.post(link);
  if (confirmed.status !== 302) throw new Error(`confirmation answered ${confirmed.status}`);
  const org = await t.db.admin((q) =>
    q.query<{ id: string; slug: string }>(
      `SELECT o.id, o.slug FROM organizations o JOIN memberships m ON m.organization_id = o.id JOIN users u ON u.id = m.user_id
        WHERE u.email = $1 AND m.role = 'owner'`,
      [form.email],
    ),
  );
  return { form, orgId: org.rows[0].id, slug: org.rows[0].slug, link };
}
