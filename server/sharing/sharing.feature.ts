import { Router } from 'express';
import type { Database } from '../db/types.ts';
import type { Mailer } from '../mail/mailer.ts';
import { createEvidenceStorage } from '../assessments/evidence.storage.ts';
import { createSupplierAccountService, type SupplierAccountService } from '../supplier-accounts/supplier-account.service.ts';
import { supplierAccountRoutes } from '../supplier-accounts/supplier-account.routes.ts';
import { createShareService, type ShareService } from './share.service.ts';
import { createSharedSubmissionService, type SharedSubmissionService } from './shared-submission.service.ts';
import { sharedSubmissionRoutes } from './shared-submission.routes.ts';

/** Supplier accounts and consented sharing, built together: one line each in the composition root. */
export function createSharingFeature(deps: { db: Database; mailer: Mailer; baseUrl: string; storageDir: string }) {
  const { db, mailer, baseUrl, storageDir } = deps;
  return {
    supplierAccounts: createSupplierAccountService({ db, mailer, baseUrl }),
    shares: createShareService({ db }),
    sharedSubmissions: createSharedSubmissionService({ db, storage: createEvidenceStorage(storageDir) }),
  };
}

export function sharingRoutes(services: { supplierAccounts: SupplierAccountService; shares: ShareService; sharedSubmissions: SharedSubmissionService }): Router {
  const r = Router();
  r.use(supplierAccountRoutes(services));
  r.use(sharedSubmissionRoutes(services));
  return r;
}
