import path from 'node:path';
import { randomUUID } from 'node:crypto';
import express, { type Express } from 'express';
import session from 'express-session';
import { pinoHttp } from 'pino-http';
import { PROJECT_ROOT, type Config } from './config.ts';
import type { Database } from './db/types.ts';
import { httpLogSerializers, type Logger } from './logger.ts';
import { initI18n } from './i18n/index.ts';
import { setupViews } from './views/index.ts';
import { createMailer, type Mailer } from './mail/mailer.ts';
import { securityHeaders } from './http/security.ts';
import { PgSessionStore } from './http/session-store.ts';
import { rejectNulBytes } from './http/input-guard.ts';
import { csrfProtection } from './http/csrf.ts';
import { localeMiddleware } from './http/locale.ts';
import { flashMiddleware } from './http/flash.ts';
import { demoDatasetNotice } from './risk-datasets/demo-notice.middleware.ts';
import { tenantContext } from './http/tenant.ts';
import { errorHandler, notFoundHandler } from './http/errors.ts';
import { configurePassport } from './auth/passport.ts';
import { createAuthService } from './auth/auth.service.ts';
import { createSecretBox } from './auth/secret-box.ts';
import { createTwoFactorService } from './auth/two-factor.service.ts';
import { twoFactorGate } from './auth/two-factor.gate.ts';
import { twoFactorRoutes } from './auth/two-factor.routes.ts';
import { createOidcClient } from './sso/sso.client.ts';
import { createSsoService, SSO_CALLBACK_PATH } from './sso/sso.service.ts';
import { ssoRoutes } from './sso/sso.routes.ts';
import { authRoutes, type AuthLimits } from './auth/auth.routes.ts';
import { createOrganizationService } from './organizations/organization.service.ts';
import { organizationRoutes } from './organizations/organization.routes.ts';
import { createOrganizationSettingsService } from './organizations/organization-settings.service.ts';
import { organizationSettingsRoutes } from './organizations/organization-settings.routes.ts';
import { createMemberService } from './members/member.service.ts';
import { memberRoutes } from './members/member.routes.ts';
import { createEngagementService } from './engagements/engagement.service.ts';
import { engagementRoutes } from './engagements/engagement.routes.ts';
import { createApiKeyService } from './api-keys/api-key.service.ts';
import { apiKeyRoutes } from './api-keys/api-key.routes.ts';
import { bearerAuth } from './api-keys/bearer.ts';
import { auditRoutes } from './audit/audit.routes.ts';
import { healthRoutes } from './health/health.routes.ts';
import { homeRoutes } from './home/home.routes.ts';
import { createJobService } from './jobs/job.service.ts';
import { jobRoutes } from './jobs/job.routes.ts';
import { createTrainingService } from './training/training.service.ts';
import { trainingRoutes } from './training/training.routes.ts';
import { createPledgeService } from './pledges/pledge.service.ts';
import { pledgeRoutes } from './pledges/pledge.routes.ts';
import { createDistintivoService } from './distintivos/distintivo.service.ts';
import { distintivoRoutes } from './distintivos/distintivo.routes.ts';
import { createRemediationServices, registerRemediationJobs } from './remediation/remediation.service.ts';
import { remediationRoutes } from './remediation/remediation.routes.ts';
import { createAssessmentFeature, assessmentFeatureRoutes } from './assessments/assessment.feature.ts';
import { createScoreService } from './scores/score.service.ts';
import { scoreRoutes } from './scores/score.routes.ts';
import { weightsRoutes } from './scores/weights.routes.ts';
import { createDashboardService } from './home/dashboard.service.ts';
import { createSupplierService } from './suppliers/supplier.service.ts';
import { createSiteService } from './suppliers/site.service.ts';
import { supplierRoutes } from './suppliers/supplier.routes.ts';
import { supplierApiRoutes } from './suppliers/supplier.api.ts';
import { territorySearchRoutes } from './suppliers/territory-search.routes.ts';
import { supplierLookupRoutes } from './suppliers/supplier-lookup.routes.ts';
import { createSupplierImportService } from './suppliers/import/import.service.ts';
import { supplierImportRoutes } from './suppliers/import/import.routes.ts';
import { registerSupplierImportJob } from './suppliers/import/import.job.ts';
import { mapDataRoutes } from './maps/map-data.routes.ts';
import { createPdfRenderer } from './reports/pdf-renderer.ts';
import { createReportService } from './reports/report.service.ts';
import { reportRoutes } from './reports/report.routes.ts';
import { createTerritoryPageService } from './territories/territory-page.service.ts';
import { territoryRoutes } from './territories/territory.routes.ts';
import { territoryApiRoutes } from './territories/territory.api.ts';
import { createRiskDatasetAdminService } from './risk-datasets/risk-dataset-admin.service.ts';
import { riskDatasetRoutes } from './risk-datasets/risk-dataset.routes.ts';
import { createWebhookService } from './webhooks/webhook.service.ts';
import { webhookRoutes } from './webhooks/webhook.routes.ts';
import { createOnboardingFeature, onboardingRoutes } from './onboarding/onboarding.feature.ts';
import { createGrievanceFeature, grievanceFeatureRoutes, registerGrievanceJobs } from './grievances/grievance.feature.ts';
import { isPublicGrievancePath, withoutReporterTrace } from './grievances/grievance.guard.ts';
import { createSharingFeature, sharingRoutes } from './sharing/sharing.feature.ts';
import { createApiKit } from './api/api.kit.ts';
import { apiMetaRoutes } from './api/api.routes.ts';
import { scoreApiRoutes } from './scores/score.api.ts';
import { jobApiRoutes } from './jobs/job.api.ts';
import { assessmentApiRoutes } from './assessments/assessment.api.ts';
import { findingApiRoutes } from './remediation/finding.api.ts';
import { planApiRoutes } from './remediation/plan.api.ts';
import { indicatorApiRoutes } from './remediation/indicator.api.ts';
import { reportApiRoutes } from './reports/report.api.ts';
import { riskDatasetApiRoutes } from './risk-datasets/risk-dataset.api.ts';

export interface AppDeps {
  config: Config;
  db: Database;
  logger: Logger;
  mailer?: Mailer;
  /** Failed login attempts per IP per 15 minutes. */
  loginLimit?: number;
  /** How long per-process caches of shared reference data (the dataset in use) live; tests use 0. */
  referenceCacheMs?: number;
  /** Sign-ups per IP per hour. */
  signupLimit?: number;
  /** The other auth limits (per account, password reset); see AuthLimits. */
  authLimits?: Partial<AuthLimits>;
  /** Where reports read "now" (tests set a fixed instant). */
  clock?: () => Date;
  /** Grievance reports per IP per hour (memory only; lookups get three times as many). */
  grievanceLimit?: number;
}

const SESSION_TTL_MS = 8 * 3600_000;

/** The composition root: builds the app from its parts without connecting or listening. */
export async function createApp(deps: AppDeps) {
  const { config, db, logger } = deps;
  await initI18n();
  const mailer = deps.mailer ?? createMailer({ smtpUrl: config.SMTP_URL, outboxDir: config.OUTBOX_DIR, from: config.MAIL_FROM, logger });

  const jobs = createJobService({ db, logger, options: { leaseSeconds: config.JOB_LEASE_SECONDS } });
  const secretBox = createSecretBox(config.SECRETS_KEY ?? config.sessionSecret);
  const services = {
    auth: createAuthService({ db, mailer, baseUrl: config.baseUrl }),
    twoFactor: createTwoFactorService({ db, box: secretBox }),
    sso: createSsoService({ db, box: secretBox, baseUrl: config.baseUrl, oidc: createOidcClient({ redirectUri: `${config.baseUrl}${SSO_CALLBACK_PATH}` }) }),
    organizations: createOrganizationService(db),
    organizationSettings: createOrganizationSettingsService(db),
    members: createMemberService({ db, mailer, baseUrl: config.baseUrl }),
    engagements: createEngagementService(db),
    apiKeys: createApiKeyService(db),
    remediation: createRemediationServices({ db, mailer, baseUrl: config.baseUrl, storageDir: config.STORAGE_DIR }),
    ...createAssessmentFeature({ db, mailer, baseUrl: config.baseUrl, storageDir: config.STORAGE_DIR, logger }),
    jobs,
    scores: createScoreService({ db, jobs }),
    // One Chromium per process, launched on the first report; closed by main.ts on shutdown.
    reports: createReportService({ db, jobs, renderer: createPdfRenderer({ executablePath: config.CHROMIUM_PATH }), storageDir: config.STORAGE_DIR, baseUrl: config.baseUrl, clock: deps.clock }),
    dashboard: createDashboardService(db),
    suppliers: createSupplierService(db),
    sites: createSiteService(db),
    training: createTrainingService({ db, storageDir: config.STORAGE_DIR }),
    pledges: createPledgeService(db),
    distintivos: createDistintivoService(db),
    supplierImports: createSupplierImportService({ db, jobs, storageDir: config.STORAGE_DIR }),
    territoryPages: createTerritoryPageService(db),
    ...createOnboardingFeature({ db, mailer, baseUrl: config.baseUrl, jobs, storageDir: config.STORAGE_DIR }),
    ...createSharingFeature({ db, mailer, baseUrl: config.baseUrl, storageDir: config.STORAGE_DIR }),
  };
  const webhooks = createWebhookService({
    db, box: secretBox, mailer, logger, baseUrl: config.baseUrl,
    allowPrivate: config.WEBHOOKS_ALLOW_PRIVATE,
  });
  webhooks.register(services.jobs);
  const riskDatasetAdmin = createRiskDatasetAdminService({ db, logger, scores: services.scores });
  services.reminders.register(services.jobs);
  const passport = configurePassport(services.auth);
  registerRemediationJobs(services.jobs, services.remediation);
  registerSupplierImportJob(services.jobs, services.supplierImports, services.scores);
  const grievances = createGrievanceFeature({ db, mailer, baseUrl: config.baseUrl, renderer: services.reports.renderer, limit: deps.grievanceLimit });
  registerGrievanceJobs(services.jobs, grievances);
  const sessionStore = new PgSessionStore(db, SESSION_TTL_MS);
  const { csrfSynchronisedProtection, generateToken } = csrfProtection({ secret: config.sessionSecret, secureCookies: config.secureCookies });

  const app: Express = express();
  if (config.TRUST_PROXY) app.set('trust proxy', 1);
  app.disable('x-powered-by');
  // Templates are re-read on every render only while developing; tests render the same
  // templates thousands of times (recompiling them was a fifth of the suite's CPU).
  setupViews(app, config.NODE_ENV !== 'development');

  // Secrets redacted from every line; the public grievance channel's requests without address or headers.
  const serializers = { req: (req: Parameters<typeof httpLogSerializers.req>[0]) => withoutReporterTrace(httpLogSerializers.req(req)) };
  app.use(pinoHttp({ logger, serializers, genReqId: (req) => (req.headers['x-request-id'] as string)?.slice(0, 64) || randomUUID(), autoLogging: config.NODE_ENV !== 'test' }));
  app.use((req, res, next) => {
    res.setHeader('X-Request-Id', String(req.id));
    next();
  });
  app.use(securityHeaders());
  app.use('/static', express.static(path.join(PROJECT_ROOT, 'public'), { maxAge: config.NODE_ENV === 'production' ? '1d' : 0, index: false }));
  // Browsers ask for /favicon.ico whatever the page says; send them to the SVG icon.
  app.get('/favicon.ico', (_req, res) => res.redirect(301, '/static/favicon.svg'));
  app.use(healthRoutes({ db }));
  app.use(express.urlencoded({ extended: false, limit: '200kb' }));
  app.use(express.json({ limit: '1mb' }));
  app.use(rejectNulBytes());
  app.use(
    session({
      name: 'vigia.sid',
      store: sessionStore,
      secret: config.sessionSecret,
      resave: false,
      saveUninitialized: false,
      rolling: true,
      cookie: { httpOnly: true, sameSite: 'lax', secure: config.secureCookies, maxAge: SESSION_TTL_MS },
    }),
  );
  app.use(passport.initialize());
  app.use(passport.session());
  app.use(localeMiddleware());
  app.use('/api', bearerAuth(services.apiKeys));
  // The public grievance channel acts for nobody signed in, so it needs no token (and no session).
  app.use((req, res, next) => (req.actor?.apiKeyId || isPublicGrievancePath(req.path) ? next() : csrfSynchronisedProtection(req, res, next)));
  app.use((req, res, next) => {
    // Made when a page is rendered, not on every request (redirects and JSON need none);
    // never on the public grievance channel, which must not leave a session or cookie behind.
    Object.defineProperty(res.locals, 'csrfToken', {
      enumerable: true, configurable: true,
      get: () => (req.actor?.apiKeyId || isPublicGrievancePath(req.path) ? '' : generateToken(req)),
      set: (value: string) => Object.defineProperty(res.locals, 'csrfToken', { value, enumerable: true, writable: true, configurable: true }),
    });
    res.locals.currentPath = req.originalUrl;
    next();
  });
  app.use(flashMiddleware());
  app.use(twoFactorGate(services.twoFactor));
  app.use(tenantContext(services.auth));
  app.use(demoDatasetNotice(db, deps.referenceCacheMs));
  app.use(onboardingRoutes(services, { signupLimit: deps.signupLimit ?? 10 }));
  const api = createApiKit(db);
  app.use(apiMetaRoutes(api, { baseUrl: config.baseUrl }));

  app.use(authRoutes({ auth: services.auth, passport, limits: { loginPerIp: deps.loginLimit ?? 20, loginPerAccount: 10, resetPerIp: 20, ...deps.authLimits } }));
  app.use(twoFactorRoutes(services));
  app.use(ssoRoutes({ ...services, logger, baseUrl: config.baseUrl }));
  app.use(homeRoutes(services));
  app.use(organizationRoutes(services));
  app.use(organizationSettingsRoutes(services));
  app.use(memberRoutes(services));
  app.use(engagementRoutes(services));
  app.use(apiKeyRoutes(services));
  app.use(auditRoutes({ db }));
  app.use(jobRoutes(services));
  app.use(trainingRoutes(services));
  app.use(pledgeRoutes(services));
  app.use(distintivoRoutes(services));
  app.use(jobApiRoutes(services, api));
  app.use(remediationRoutes(services));
  app.use(findingApiRoutes(services, api));
  app.use(planApiRoutes(services, api));
  app.use(indicatorApiRoutes(services, api));
  app.use(sharingRoutes(services));
  app.use(assessmentFeatureRoutes(services));
  app.use(assessmentApiRoutes(services, api));
  app.use(scoreRoutes(services));
  app.use(scoreApiRoutes(services, api));
  app.use(reportRoutes(services));
  app.use(reportApiRoutes(services, api));
  app.use(weightsRoutes(services));
  app.use(supplierImportRoutes(services));
  app.use(supplierLookupRoutes({ db }));
  app.use(supplierRoutes(services));
  app.use(supplierApiRoutes(services, api));
  app.use(territorySearchRoutes({ db }));
  app.use(mapDataRoutes({ db }));
  app.use(territoryRoutes(services));
  app.use(territoryApiRoutes(services, api));
  app.use(riskDatasetRoutes({ riskDatasetAdmin }));
  app.use(riskDatasetApiRoutes({ riskDatasetAdmin }, api));
  app.use(webhookRoutes({ webhooks }));
  app.use(grievanceFeatureRoutes(grievances, config.baseUrl));

  app.use(notFoundHandler);
  app.use(errorHandler(logger));

  return { app, services: { ...services, webhooks, grievances }, mailer, sessionStore };
}
