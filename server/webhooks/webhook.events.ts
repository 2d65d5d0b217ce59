/**
 * Events an endpoint may subscribe to. `data` carries ids and states only — never a
 * child's record, answers or comments — so a receiver fetches details through the API.
 */
export const WEBHOOK_EVENTS = [
  'assessment.submitted',
  'assessment.reviewed',
  'score.level_changed',
  'finding.created',
  'action.overdue',
  'report.ready',
  'case.opened',
  'case.closed',
  // Ids and category only: nothing that could identify the reporter.
  'grievance.received',
  'grievance.acknowledged',
] as const;

export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const isWebhookEvent = (v: string): v is WebhookEvent => (WEBHOOK_EVENTS as readonly string[]).includes(v);

/** A test delivery sent by hand from the endpoint page, whatever the subscriptions. */
export const PING_EVENT = 'webhook.ping';
