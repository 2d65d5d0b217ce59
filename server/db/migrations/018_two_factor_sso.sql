-- Two-factor sign-in (TOTP + recovery codes) and single sign-on (OpenID Connect per organisation).
-- Per-user tables are readable only by their user (app.user_id); the organisation's settings
-- only inside that organisation (app.org_id), like every tenant table.

-- One row per user who started enrolment; confirmed_at marks the factor as in force.
-- The TOTP secret is stored encrypted (AES-256-GCM, key from SECRETS_KEY or SESSION_SECRET).
CREATE TABLE user_two_factor (
  user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  secret_encrypted text NOT NULL,
  confirmed_at timestamptz,
  -- The last accepted 30-second step: a code is never accepted twice.
  last_step bigint NOT NULL DEFAULT 0,
  -- Code guesses (TOTP or recovery) since the last success; the row lock makes it atomic.
  attempts int NOT NULL DEFAULT 0,
  locked_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE user_two_factor ENABLE ROW LEVEL SECURITY;
CREATE POLICY user_two_factor_own ON user_two_factor USING (user_id = app_user()) WITH CHECK (user_id = app_user());

-- Single-use recovery codes, only their SHA-256 is kept (the codes are random, 50 bits each).
CREATE TABLE two_factor_recovery_codes (
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  code_hash text NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, code_hash)
);
ALTER TABLE two_factor_recovery_codes ENABLE ROW LEVEL SECURITY;
CREATE POLICY two_factor_recovery_codes_own ON two_factor_recovery_codes
  USING (user_id = app_user()) WITH CHECK (user_id = app_user());

-- Sign-in settings an owner or admin chooses for the organisation.
CREATE TABLE organization_sign_in (
  organization_id uuid PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
  require_two_factor boolean NOT NULL DEFAULT false,
  sso_enabled boolean NOT NULL DEFAULT false,
  sso_issuer text,
  sso_client_id text,
  sso_client_secret_encrypted text,
  sso_allowed_domains text[] NOT NULL DEFAULT '{}',
  sso_default_role text NOT NULL DEFAULT 'viewer' CHECK (sso_default_role IN ('admin', 'analyst', 'viewer')),
  updated_by uuid REFERENCES users(id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (NOT sso_enabled OR (sso_issuer IS NOT NULL AND sso_client_id IS NOT NULL))
);
ALTER TABLE organization_sign_in ENABLE ROW LEVEL SECURITY;
CREATE POLICY organization_sign_in_tenant ON organization_sign_in
  USING (organization_id = app_org()) WITH CHECK (organization_id = app_org());

-- Which identity at which provider is which Vigía user, per organisation: a later sign-in
-- finds the user by (issuer, subject), not by an e-mail the provider could reassign.
CREATE TABLE sso_identities (
  organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  issuer text NOT NULL,
  subject text NOT NULL,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_sign_in_at timestamptz,
  PRIMARY KEY (organization_id, issuer, subject)
);
CREATE INDEX sso_identities_user_idx ON sso_identities (organization_id, user_id);
ALTER TABLE sso_identities ENABLE ROW LEVEL SECURITY;
CREATE POLICY sso_identities_tenant ON sso_identities
  USING (organization_id = app_org()) WITH CHECK (organization_id = app_org());

-- Whether the user must have a second factor: platform administrators always; members of an
-- organisation that requires it (directly, or through a consultancy engaged by it).
-- SECURITY DEFINER: the answer crosses organisations, but reveals only a yes or no about oneself.
CREATE FUNCTION app_two_factor_required(uid uuid) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT uid = app_user() AND (
    EXISTS (SELECT 1 FROM users WHERE id = uid AND is_platform_admin)
    OR EXISTS (
      SELECT 1 FROM memberships m JOIN organization_sign_in s ON s.organization_id = m.organization_id
       WHERE m.user_id = uid AND s.require_two_factor AND (m.expires_at IS NULL OR m.expires_at > now()))
    OR EXISTS (
      SELECT 1 FROM memberships m
        JOIN engagements e ON e.consultancy_id = m.organization_id AND e.status = 'active'
        JOIN organization_sign_in s ON s.organization_id = e.organization_id
       WHERE m.user_id = uid AND s.require_two_factor AND m.role IN ('owner', 'admin', 'analyst', 'viewer')))
$$;

GRANT SELECT, INSERT, UPDATE, DELETE ON user_two_factor, two_factor_recovery_codes, organization_sign_in, sso_identities TO vigia_app;
