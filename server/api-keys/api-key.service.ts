import { randomBytes } from 'node:crypto';
import type { Database } from '../db/types.ts';
import { dbContext, grantedThrough, type Actor } from '../auth/actor.ts';
import { authorize } from '../auth/policy.ts';
import { hashToken, sameHash } from '../auth/tokens.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { NotFound, ValidationFailed } from '../errors.ts';
import * as keys from './api-key.queries.ts';

/** Keys look like `vk_<prefix>_<secret>`; the prefix finds the row, the secret's SHA-256 proves it. */
export function createApiKeyService(db: Database) {
  async function authenticate(bearer: string): Promise<Actor | null> {
    const m = /^vk_([a-z0-9]{12})_([A-Za-z0-9_-]{32,})$/.exec(bearer.trim());
    if (!m) return null;
    const row = await db.admin((q) => keys.findApiKeyByPrefix(q, m[1]));
    if (!row || !sameHash(row.key_hash, hashToken(m[2]))) return null;
    await db.admin((q) => keys.touchApiKey(q, row.id));
    return {
      orgId: row.organization_id, orgName: row.org_name, orgKind: row.org_kind, role: row.role, via: 'membership',
      userId: null, userName: `API: ${row.name}`, apiKeyId: row.id, isPlatformAdmin: false,
    };
  }

  async function create(actor: Actor, input: { name: string; role: string }) {
    authorize(actor, 'apiKeys.manage');
    const name = input.name.trim();
    const issues = [];
    if (!name || name.length > 100) issues.push({ field: 'name', key: 'apiKeys.errors.name' });
    if (input.role !== 'analyst' && input.role !== 'viewer') issues.push({ field: 'role', key: 'apiKeys.errors.role' });
    if (issues.length) throw new ValidationFailed(issues);
    const prefix = randomBytes(9).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, 'x').slice(0, 12);
    const secret = randomBytes(32).toString('base64url');
    const id = await db.tx(dbContext(actor), async (q) => {
      const keyId = await keys.insertApiKey(q, {
        name, prefix, keyHash: hashToken(secret), role: input.role, createdBy: actor.userId, viaConsultancyId: grantedThrough(actor),
      });
      await recordAudit(q, actor, { action: 'api_key.created', targetType: 'api_key', targetId: keyId, details: { name, role: input.role } });
      return keyId;
    });
    return { id, key: `vk_${prefix}_${secret}` };
  }

  async function list(actor: Actor) {
    authorize(actor, 'apiKeys.manage');
    return db.tx(dbContext(actor), (q) => keys.listApiKeys(q));
  }

  async function revoke(actor: Actor, id: string) {
    authorize(actor, 'apiKeys.manage');
    await db.tx(dbContext(actor), async (q) => {
      if (!(await keys.revokeApiKey(q, id))) throw new NotFound();
      await recordAudit(q, actor, { action: 'api_key.revoked', targetType: 'api_key', targetId: id });
    });
  }

  return { authenticate, create, list, revoke };
}

export type ApiKeyService = ReturnType<typeof createApiKeyService>;
