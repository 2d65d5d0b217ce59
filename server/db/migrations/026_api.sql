-- REST API v1: scoped, expiring, rate-limited API keys, and idempotent POSTs.

-- Scopes are "<area>:read" or "<area>:write" (write implies read of the same area).
-- Keys created before scopes existed keep what their role allowed, so nothing breaks.
ALTER TABLE api_keys ADD COLUMN scopes text[] NOT NULL DEFAULT '{}';
ALTER TABLE api_keys ADD COLUMN expires_at timestamptz;
ALTER TABLE api_keys ADD COLUMN rate_limit_per_minute int NOT NULL DEFAULT 600
  CHECK (rate_limit_per_minute BETWEEN 1 AND 100000);
UPDATE api_keys SET scopes = ARRAY[
  'suppliers:read', 'assessments:read', 'evidence:read', 'scores:read', 'findings:read',
  'indicators:read', 'reports:read', 'territories:read']
  WHERE role = 'viewer' AND scopes = '{}';
UPDATE api_keys SET scopes = ARRAY[
  'suppliers:write', 'assessments:write', 'evidence:read', 'scores:read', 'findings:write',
  'indicators:read', 'reports:write', 'territories:read']
  WHERE role = 'analyst' AND scopes = '{}';

-- A POST's response kept per (organisation, Idempotency-Key) so a retry replays it
-- instead of creating twice; the request hash tells a retry from a different request.
-- status 0: claimed, the first request still running.
CREATE TABLE api_idempotency_keys (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  key text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
  request_hash text NOT NULL,
  status int NOT NULL,
  body jsonb NOT NULL,
  api_key_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, key)
);
CREATE INDEX api_idempotency_keys_created_idx ON api_idempotency_keys (organization_id, created_at);

ALTER TABLE api_idempotency_keys ENABLE ROW LEVEL SECURITY;
CREATE POLICY api_idempotency_keys_tenant ON api_idempotency_keys
  USING (organization_id = (SELECT app_org())) WITH CHECK (organization_id = (SELECT app_org()));
GRANT SELECT, INSERT, UPDATE, DELETE ON api_idempotency_keys TO vigia_app;
