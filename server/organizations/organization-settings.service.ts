import type { Database } from '../db/types.ts';
import { dbContext, type Actor } from '../auth/actor.ts';
import { authorize } from '../auth/policy.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { ValidationFailed } from '../errors.ts';
import { isTimeZone, timeZones, todayIn } from '../dates/local-day.ts';
import { orgTimeZone, setOrgTimeZone } from '../dates/org-zone.queries.ts';

/** Organisation-wide settings: today, the time zone every calendar day follows. */
export function createOrganizationSettingsService(db: Database) {
  async function get(actor: Actor) {
    authorize(actor, 'org.manage');
    const timeZone = await db.tx(dbContext(actor), orgTimeZone);
    return { timeZone, today: todayIn(timeZone), zones: timeZones() };
  }

  async function setTimeZone(actor: Actor, value: unknown, ip?: string | null): Promise<string> {
    authorize(actor, 'org.manage');
    const zone = typeof value === 'string' ? value.trim() : '';
    if (!isTimeZone(zone)) throw new ValidationFailed([{ field: 'timeZone', key: 'orgSettings.errors.timeZone', params: { value: zone } }]);
    await db.tx(dbContext(actor), async (q) => {
      const before = await orgTimeZone(q);
      await setOrgTimeZone(q, zone);
      await recordAudit(q, actor, { action: 'organization.time_zone_changed', targetType: 'organization', targetId: actor.orgId, details: { from: before, to: zone } }, ip);
    });
    return zone;
  }

  return { get, setTimeZone };
}

export type OrganizationSettingsService = ReturnType<typeof createOrganizationSettingsService>;
