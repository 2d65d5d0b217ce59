import type { Database } from '../db/types.ts';
import { dbContext, type Actor } from '../auth/actor.ts';
import { authorize, can } from '../auth/policy.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { Forbidden, NotFound, ValidationFailed } from '../errors.ts';
import * as directory from './directory.queries.ts';
import type { ServiceKind } from './remediation.types.ts';
import { referenceDirectory, referenceEntriesFor } from './referral-directory.ts';

export interface ServiceFormInput {
  territoryCode: string;
  kind: ServiceKind;
  name: string;
  address?: string;
  phone?: string;
  notes?: string;
}

/** Whoever works on findings or on cases may consult the directory of public services. */
function authorizeRead(actor: Actor) {
  if (!can(actor, 'findings.read') && !can(actor, 'cases.read')) throw new Forbidden();
}

/**
 * The tenant's directory of public services per municipality (CLRISK phase II: the
 * services that can interrupt a child's path into work), where cases are referred.
 */
export function createDirectoryService(db: Database) {
  async function overview(actor: Actor, territoryCode?: string) {
    authorizeRead(actor);
    return db.tx(dbContext(actor), async (q) => ({
      municipalities: await directory.municipalitiesInUse(q),
      territory: territoryCode ? ((await directory.municipalityName(q, territoryCode)) ?? null) : null,
      services: await directory.listServices(q, { territoryCode }),
      // The shipped national and state institutions: the chosen municipality's state, or all.
      references: territoryCode ? referenceEntriesFor(territoryCode.slice(0, 2)) : referenceDirectory(),
    }));
  }

  async function create(actor: Actor, input: ServiceFormInput): Promise<string> {
    authorize(actor, 'findings.write');
    return db.tx(dbContext(actor), async (q) => {
      // Validated against INEGI's catalogue: a referral later matches on this exact code.
      if (!(await directory.municipalityName(q, input.territoryCode))) {
        throw new ValidationFailed([{ field: 'territoryCode', key: 'remediation.errors.unknownMunicipality', params: { code: input.territoryCode } }]);
      }
      const id = await directory.insertService(q, {
        territoryCode: input.territoryCode, kind: input.kind, name: input.name,
        address: input.address || null, phone: input.phone || null, notes: input.notes || null,
      });
      await recordAudit(q, actor, { action: 'service_directory.created', targetType: 'service', targetId: id, details: { territoryCode: input.territoryCode, kind: input.kind, name: input.name } });
      return id;
    });
  }

  async function setActive(actor: Actor, id: string, active: boolean): Promise<string> {
    authorize(actor, 'findings.write');
    return db.tx(dbContext(actor), async (q) => {
      const service = await directory.getService(q, id);
      if (!service || !(await directory.setServiceActive(q, id, active))) throw new NotFound();
      await recordAudit(q, actor, { action: active ? 'service_directory.activated' : 'service_directory.deactivated', targetType: 'service', targetId: id });
      return service.territory_code;
    });
  }

  return { overview, create, setActive };
}

export type DirectoryService = ReturnType<typeof createDirectoryService>;
