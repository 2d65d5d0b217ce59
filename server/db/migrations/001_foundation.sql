-- Foundation: tenants, users, memberships, engagements, sessions, audit log.
-- Tenant isolation is enforced here, by row-level security, for the role vigia_app
-- that every request runs as (neither table owner nor superuser).

DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vigia_app') THEN
    CREATE ROLE vigia_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
  END IF;
END $$;

GRANT USAGE ON SCHEMA public TO vigia_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO vigia_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO vigia_app;

CREATE FUNCTION app_org() RETURNS uuid LANGUAGE sql STABLE AS
  $$ SELECT nullif(current_setting('app.org_id', true), '')::uuid $$;
CREATE FUNCTION app_user() RETURNS uuid LANGUAGE sql STABLE AS
  $$ SELECT nullif(current_setting('app.user_id', true), '')::uuid $$;

CREATE TABLE organizations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('company', 'consultancy')),
  name text NOT NULL,
  slug text NOT NULL UNIQUE,
  country text NOT NULL DEFAULT 'MX',
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL,
  name text NOT NULL,
  password_hash text,
  locale text NOT NULL DEFAULT 'es-MX',
  is_platform_admin boolean NOT NULL DEFAULT false,
  failed_logins int NOT NULL DEFAULT 0,
  locked_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE memberships (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('owner', 'admin', 'analyst', 'viewer', 'auditor')),
  expires_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, user_id),
  CHECK (role <> 'auditor' OR expires_at IS NOT NULL)
);
CREATE INDEX memberships_user_idx ON memberships (user_id);

-- A client company (organization_id) grants a consultancy a role inside it.
CREATE TABLE engagements (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  consultancy_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('admin', 'analyst', 'viewer')),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked')),
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, consultancy_id)
);
CREATE INDEX engagements_consultancy_idx ON engagements (consultancy_id);

CREATE TABLE invitations (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  email text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'analyst', 'viewer', 'auditor')),
  expires_at timestamptz NOT NULL,
  access_expires_at timestamptz,
  token_hash text NOT NULL UNIQUE,
  accepted_at timestamptz,
  revoked_at timestamptz,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, id)
);

CREATE TABLE password_resets (
  token_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);

CREATE TABLE api_keys (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  name text NOT NULL,
  prefix text NOT NULL UNIQUE,
  key_hash text NOT NULL,
  role text NOT NULL CHECK (role IN ('analyst', 'viewer')),
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  PRIMARY KEY (organization_id, id)
);

CREATE TABLE sessions (
  sid text PRIMARY KEY,
  sess jsonb NOT NULL,
  expire timestamptz NOT NULL
);
CREATE INDEX sessions_expire_idx ON sessions (expire);

-- Append-only; each row carries the hash of the previous row of the same organisation
-- (NULL organisation = platform events such as logins), so edits or deletions show.
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  organization_id uuid REFERENCES organizations(id) ON DELETE RESTRICT,
  actor_user_id uuid,
  actor_label text,
  action text NOT NULL,
  target_type text,
  target_id text,
  details jsonb NOT NULL DEFAULT '{}',
  ip text,
  created_at timestamptz NOT NULL DEFAULT now(),
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE INDEX audit_log_org_idx ON audit_log (organization_id, id);

-- The one definition of an entry's hash, used by the insert trigger and by verification.
CREATE FUNCTION audit_row_hash(prev text, org uuid, actor uuid, action text, ttype text, tid text, details jsonb, at timestamptz)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(
    prev || '|' || coalesce(org::text, '') || '|' || coalesce(actor::text, '') || '|' || action || '|' ||
    coalesce(ttype, '') || '|' || coalesce(tid, '') || '|' || details::text || '|' ||
    to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), 'UTF8')), 'hex')
$$;

CREATE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE prev text;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('audit:' || coalesce(NEW.organization_id::text, 'platform')));
  SELECT hash INTO prev FROM audit_log
   WHERE organization_id IS NOT DISTINCT FROM NEW.organization_id
   ORDER BY id DESC LIMIT 1;
  NEW.prev_hash := coalesce(prev, repeat('0', 64));
  NEW.created_at := coalesce(NEW.created_at, now());
  NEW.hash := audit_row_hash(NEW.prev_hash, NEW.organization_id, NEW.actor_user_id, NEW.action,
                             NEW.target_type, NEW.target_id, NEW.details, NEW.created_at);
  RETURN NEW;
END $$;
CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_chain();

-- Organisations a user may see: the one in context, their own memberships, and
-- the other side of the context organisation's engagements. SECURITY DEFINER so the
-- policy does not recurse into the RLS of memberships/engagements.
CREATE FUNCTION app_visible_orgs() RETURNS SETOF uuid LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT app_org() WHERE app_org() IS NOT NULL
  UNION SELECT organization_id FROM memberships WHERE user_id = app_user()
  UNION SELECT consultancy_id FROM engagements WHERE organization_id = app_org()
  UNION SELECT e.organization_id FROM engagements e
         JOIN memberships m ON m.organization_id = e.consultancy_id AND m.user_id = app_user()
        WHERE e.status = 'active'
$$;

ALTER TABLE organizations ENABLE ROW LEVEL SECURITY;
CREATE POLICY organizations_visible ON organizations USING (id IN (SELECT app_visible_orgs()));
-- Consultancies are found by their public code when a company engages one.
CREATE POLICY organizations_consultancy_directory ON organizations FOR SELECT USING (kind = 'consultancy' AND app_user() IS NOT NULL);

ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
CREATE POLICY memberships_tenant ON memberships
  USING (organization_id = app_org() OR user_id = app_user())
  WITH CHECK (organization_id = app_org());

ALTER TABLE engagements ENABLE ROW LEVEL SECURITY;
CREATE POLICY engagements_tenant ON engagements
  USING (organization_id = app_org() OR consultancy_id = app_org()
         OR consultancy_id IN (SELECT organization_id FROM memberships WHERE user_id = app_user()))
  WITH CHECK (organization_id = app_org());

ALTER TABLE invitations ENABLE ROW LEVEL SECURITY;
CREATE POLICY invitations_tenant ON invitations USING (organization_id = app_org()) WITH CHECK (organization_id = app_org());

ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;
CREATE POLICY api_keys_tenant ON api_keys USING (organization_id = app_org()) WITH CHECK (organization_id = app_org());

ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
CREATE POLICY audit_log_read ON audit_log FOR SELECT
  USING (organization_id = app_org() OR (organization_id IS NULL AND actor_user_id = app_user()));
CREATE POLICY audit_log_append ON audit_log FOR INSERT
  WITH CHECK (organization_id IS NULL OR organization_id = app_org());

GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO vigia_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO vigia_app;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM vigia_app;
REVOKE INSERT, UPDATE, DELETE ON organizations FROM vigia_app;
GRANT INSERT ON organizations TO vigia_app;
REVOKE ALL ON schema_migrations FROM vigia_app;
