import type { Queryable } from '../db/types.ts';

export interface EndpointRow {
  id: string;
  url: string;
  description: string;
  events: string[];
  secret_sealed: string;
  enabled: boolean;
  disabled_reason: string | null;
  failing_deliveries: number;
  created_at: Date;
}

export interface DeliveryRow {
  id: string;
  endpoint_id: string;
  event: string;
  body: string;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: number;
  response_status: number | null;
  error: string | null;
  created_at: Date;
  last_attempt_at: Date | null;
  next_attempt_at: Date | null;
}

export async function insertEndpoint(q: Queryable, e: { url: string; description: string; events: string[]; secretSealed: string; createdBy: string | null }): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO webhook_endpoints (organization_id, url, description, events, secret_sealed, created_by)
     VALUES (app_org(), $1, $2, $3, $4, $5) RETURNING id`,
    [e.url, e.description, e.events, e.secretSealed, e.createdBy],
  );
  return r.rows[0].id;
}

export async function listEndpoints(q: Queryable): Promise<EndpointRow[]> {
  return (await q.query<EndpointRow>(`SELECT * FROM webhook_endpoints ORDER BY created_at`)).rows;
}

export async function getEndpoint(q: Queryable, id: string): Promise<EndpointRow | undefined> {
  return (await q.query<EndpointRow>(`SELECT * FROM webhook_endpoints WHERE id = $1`, [id])).rows[0];
}

export async function subscribedEndpoints(q: Queryable, event: string): Promise<{ id: string }[]> {
  return (await q.query<{ id: string }>(`SELECT id FROM webhook_endpoints WHERE enabled AND $1 = ANY(events)`, [event])).rows;
}

export async function setEnabled(q: Queryable, id: string, enabled: boolean, reason: string | null): Promise<boolean> {
  const r = await q.query(
    `UPDATE webhook_endpoints SET enabled = $2, disabled_reason = $3, failing_deliveries = CASE WHEN $2 THEN 0 ELSE failing_deliveries END
      WHERE id = $1`,
    [id, enabled, reason],
  );
  return (r.rowCount ?? 0) > 0;
}

export async function deleteEndpoint(q: Queryable, id: string): Promise<boolean> {
  return ((await q.query(`DELETE FROM webhook_endpoints WHERE id = $1`, [id])).rowCount ?? 0) > 0;
}

/** A delivery that exhausted its attempts; returns the endpoint's count of such in a row. */
export async function countFailedDelivery(q: Queryable, endpointId: string): Promise<number> {
  const r = await q.query<{ n: number }>(
    `UPDATE webhook_endpoints SET failing_deliveries = failing_deliveries + 1 WHERE id = $1 RETURNING failing_deliveries AS n`,
    [endpointId],
  );
  return r.rows[0]?.n ?? 0;
}

export async function resetFailures(q: Queryable, endpointId: string): Promise<void> {
  await q.query(`UPDATE webhook_endpoints SET failing_deliveries = 0 WHERE id = $1 AND failing_deliveries <> 0`, [endpointId]);
}

export async function insertDelivery(q: Queryable, d: { endpointId: string; event: string; body: string }): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO webhook_deliveries (organization_id, endpoint_id, event, body) VALUES (app_org(), $1, $2, $3) RETURNING id`,
    [d.endpointId, d.event, d.body],
  );
  return r.rows[0].id;
}

export async function getDelivery(q: Queryable, id: string, lock = false): Promise<DeliveryRow | undefined> {
  return (await q.query<DeliveryRow>(`SELECT * FROM webhook_deliveries WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id])).rows[0];
}

export async function listDeliveries(q: Queryable, endpointId: string, limit = 50): Promise<DeliveryRow[]> {
  return (await q.query<DeliveryRow>(
    `SELECT * FROM webhook_deliveries WHERE endpoint_id = $1 ORDER BY created_at DESC, id LIMIT $2`, [endpointId, limit],
  )).rows;
}

export async function recordAttempt(
  q: Queryable, id: string,
  a: { status: 'pending' | 'succeeded' | 'failed'; responseStatus: number | null; error: string | null; nextAttemptAt: Date | null },
): Promise<void> {
  await q.query(
    `UPDATE webhook_deliveries SET status = $2, attempts = attempts + 1, response_status = $3, error = $4,
            last_attempt_at = now(), next_attempt_at = $5
      WHERE id = $1`,
    [id, a.status, a.responseStatus, a.error, a.nextAttemptAt],
  );
}

/** A redelivery by hand: the same body, attempts counted afresh. */
export async function resetDelivery(q: Queryable, id: string): Promise<boolean> {
  const r = await q.query(
    `UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = now(), error = NULL WHERE id = $1 AND status <> 'pending'`,
    [id],
  );
  return (r.rowCount ?? 0) > 0;
}

export async function ownerEmails(q: Queryable): Promise<{ email: string; locale: string | null }[]> {
  return (await q.query<{ email: string; locale: string | null }>(
    `SELECT u.email, u.locale FROM memberships m JOIN users u ON u.id = m.user_id
      WHERE m.organization_id = app_org() AND m.role IN ('owner', 'admin')
        AND (m.expires_at IS NULL OR m.expires_at > now())`,
  )).rows;
}
