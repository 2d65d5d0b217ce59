import { randomBytes } from 'node:crypto';
import type { Database } from '../db/types.ts';
import { dbContext, grantedThrough, type Actor } from '../auth/actor.ts';
import { authorize } from '../auth/policy.ts';
import { hashToken, sameHash } from '../auth/tokens.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { NotFound, Unauthorized, ValidationFailed } from '../errors.ts';
import * as keys from './api-key.queries.ts';
import { defaultScopes, isScope, type ApiScope } from './api-key.scopes.ts';

export interface ApiKeyInput {
  name: string;
  role: string;
  /** Absent: everything the role may do. */
  scopes?: readonly string[];
  /** `YYYY-MM-DD` (end of that day, UTC) or absent/blank for a key that does not expire. */
  expiresOn?: string;
  ratePerMinute?: number | string;
}

const DEFAULT_RATE_PER_MINUTE = 600;
const MAX_EXPIRY_DAYS = 2 * 366;

/** Keys look like `vk_<prefix>_<secret>`; the prefix finds the row, the secret's SHA-256 proves it. */
export function createApiKeyService(db: Database) {
  async function authenticate(bearer: string): Promise<Actor | null> {
    const m = /^vk_([a-z0-9]{12})_([A-Za-z0-9_-]{32,})$/.exec(bearer.trim());
    if (!m) return null;
    const row = await db.admin((q) => keys.findApiKeyByPrefix(q, m[1]));
    if (!row || !sameHash(row.key_hash, hashToken(m[2]))) return null;
    if (row.expires_at && row.expires_at.getTime() <= Date.now()) throw new Unauthorized('api.errors.keyExpired');
    await db.admin((q) => keys.touchApiKey(q, row.id));
    return {
      orgId: row.organization_id, orgName: row.org_name, orgKind: row.org_kind, role: row.role, via: 'membership',
      userId: null, userName: `API: ${row.name}`, apiKeyId: row.id, isPlatformAdmin: false,
      apiScopes: row.scopes, apiRateLimit: row.rate_limit_per_minute,
    };
  }

  async function create(actor: Actor, input: ApiKeyInput) {
    authorize(actor, 'apiKeys.manage');
    const name = input.name.trim();
    const issues = [];
    if (!name || name.length > 100) issues.push({ field: 'name', key: 'apiKeys.errors.name' });
    if (input.role !== 'analyst' && input.role !== 'viewer') issues.push({ field: 'role', key: 'apiKeys.errors.role' });
    const scopes = input.scopes ?? (input.role === 'analyst' || input.role === 'viewer' ? defaultScopes(input.role) : []);
    if (!scopes.length || !scopes.every(isScope)) issues.push({ field: 'scopes', key: 'apiKeys.errors.scopes' });
    // A viewer key cannot write: its role would refuse every write anyway, so say so now.
    if (input.role === 'viewer' && scopes.some((s) => s.endsWith(':write'))) issues.push({ field: 'scopes', key: 'apiKeys.errors.viewerWrite' });
    const expiresAt = expiryOf(input.expiresOn);
    if (expiresAt === undefined) issues.push({ field: 'expiresOn', key: 'apiKeys.errors.expiresOn', params: { max: MAX_EXPIRY_DAYS } });
    const rate = input.ratePerMinute === undefined || input.ratePerMinute === '' ? DEFAULT_RATE_PER_MINUTE : Number(input.ratePerMinute);
    if (!Number.isInteger(rate) || rate < 1 || rate > 100_000) issues.push({ field: 'ratePerMinute', key: 'apiKeys.errors.ratePerMinute' });
    if (issues.length) throw new ValidationFailed(issues);
    const prefix = randomBytes(9).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, 'x').slice(0, 12);
    const secret = randomBytes(32).toString('base64url');
    const id = await db.tx(dbContext(actor), async (q) => {
      const keyId = await keys.insertApiKey(q, {
        name, prefix, keyHash: hashToken(secret), role: input.role, createdBy: actor.userId, viaConsultancyId: grantedThrough(actor),
        scopes: [...scopes] as ApiScope[], expiresAt: expiresAt ?? null, ratePerMinute: rate,
      });
      await recordAudit(q, actor, {
        action: 'api_key.created', targetType: 'api_key', targetId: keyId,
        details: { name, role: input.role, scopes, expiresAt: expiresAt?.toISOString() ?? null, ratePerMinute: rate },
      });
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

/** null: no expiry; undefined: not a date between tomorrow and two years ahead. */
function expiryOf(value: string | undefined): Date | null | undefined {
  const v = (value ?? '').trim();
  if (!v) return null;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return undefined;
  const end = new Date(`${v}T23:59:59.999Z`);
  const days = (end.getTime() - Date.now()) / 86_400_000;
  return Number.isNaN(end.getTime()) || end.toISOString().slice(0, 10) !== v || days < 0 || days > MAX_EXPIRY_DAYS ? undefined : end;
}

export type ApiKeyService = ReturnType<typeof createApiKeyService>;
