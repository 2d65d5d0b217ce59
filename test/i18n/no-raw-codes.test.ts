import { expect } from 'chai';
import { openDatabase, type Database } from '../../server/db/index.ts';
import { prepareReferenceData, demoSteps } from '../../server/startup.ts';
import { seedDemo, DEMO_PASSWORD } from '../../server/seed/demo.ts';
import { loadConfig } from '../../server/config.ts';
import { createLogger } from '../../server/logger.ts';
import { createApp } from '../../server/app.ts';
import { Browser, MemoryMailer } from '../support/app.ts';
import { rawCodes, visibleText } from './visible-text.ts';
import { enrolTwoFactor, totpCode } from '../support/two-factor.ts';

const LOGINS = {
  owner: 'propietaria@demo.vigia.mx',
  analyst: 'analista@demo.vigia.mx',
  viewer: 'plataforma@demo.vigia.mx',
  auditor: 'auditor@demo.vigia.mx',
  consultant: 'consultora@demo.vigia.mx',
};
const MAX_PAGES = 70;
/** Links the walk does not follow: files, exports, actions and other languages. */
const SKIP = /^\/(static|api|lang|logout)\b|\/(export|download)\b|[?&](format|page)=|\/evidence\/[^/]+$/;

/** Collapses ids so that the walk opens a few pages of each kind, not every supplier. */
const kindOf = (path: string) => path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id').replace(/\/\d+(?=\/|$|\?)/g, '/:code').replace(/\?.*$/, '');

describe('pages show labels, not internal codes or ISO dates (every role, es-MX and en)', function () {
  this.timeout(600_000);
  let db: Database;
  let app: Awaited<ReturnType<typeof createApp>>;
  const known = new Set<string>();
  let platformAdminSecret: string | undefined;

  before(async () => {
    db = await openDatabase({});
    await prepareReferenceData(db);
    await seedDemo(db, demoSteps());
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', BASE_URL: 'http://vigia.test' } as NodeJS.ProcessEnv);
    app = await createApp({ config, db, logger: createLogger('silent'), mailer: new MemoryMailer(), loginLimit: 10_000 });
    // Codes the app stores: audit actions, job kinds, red flags and questions. None may be shown as such.
    const rows = await db.admin((q) =>
      q.query<{ code: string }>(
        `SELECT DISTINCT action AS code FROM audit_log UNION SELECT DISTINCT kind FROM jobs
         UNION SELECT DISTINCT red_flag_code FROM findings WHERE red_flag_code IS NOT NULL
         UNION SELECT DISTINCT question_id FROM assessment_answers`,
      ),
    );
    for (const r of rows.rows) if (r.code.length > 3) known.add(r.code);
    for (const code of ['report.downloaded', 'report.generated', 'report.requested']) known.add(code);
  });
  after(() => db?.close());

  for (const [who, email] of Object.entries(LOGINS)) {
    for (const locale of ['es-MX', 'en']) {
      it(`${who} in ${locale}`, async () => {
        const b = new Browser(app.app);
        expect((await b.login(email, DEMO_PASSWORD)).status).to.equal(302);
        // The demo platform administrator must use two-factor sign-in: enrol once, then give a code.
        if (who === 'viewer') {
          if (!platformAdminSecret) platformAdminSecret = (await enrolTwoFactor(b)).secret;
          else await b.get('/login/two-factor').then(() => b.post('/login/two-factor', { code: totpCode(platformAdminSecret!, 1), next: '/' })); // the next period's code: one is never accepted twice
        }
        if (who === 'consultant') {
          const orgs = await b.get('/orgs');
          const client = /name="orgId" value="([^"]+)"[\s\S]{0,400}?Agroexportadora/.exec(orgs.text)?.[1];
          if (client) await b.post('/orgs/switch', { orgId: client });
        }
        await b.get(`/lang/${locale}?next=/`);
        const problems: string[] = [];
        const queue = ['/'];
        const seen = new Set<string>();
        const perKind = new Map<string, number>();
        while (queue.length && seen.size < MAX_PAGES) {
          const path = queue.shift()!;
          if (seen.has(path)) continue;
          seen.add(path);
          const res = await b.get(path);
          if (res.status !== 200 || !/text\/html/.test(String(res.headers['content-type']))) continue;
          for (const p of rawCodes(visibleText(res.text), known)) problems.push(`${path}: ${p}`);
          for (const m of res.text.matchAll(/href="(\/[^"#]*)"/g)) {
            const next = m[1].replace(/&amp;/g, '&');
            if (SKIP.test(next) || seen.has(next)) continue;
            const kind = kindOf(next);
            if ((perKind.get(kind) ?? 0) >= 2) continue;
            perKind.set(kind, (perKind.get(kind) ?? 0) + 1);
            queue.push(next);
          }
        }
        if (process.env.WALK_DEBUG) console.log(who, locale, [...seen].join(' '));
        expect(seen.size, 'pages walked').to.be.greaterThan(5);
        expect([...new Set(problems)]).to.deep.equal([]);
      });
    }
  }
});
