-- One statement of the two-factor rule. Migration 034 copied the rule of
-- app_two_factor_required (018) into app_request_context; both now call it.
-- PL/pgSQL, so its plan is kept per connection: a SQL function with sub-selects is never
-- inlined and would be planned again on every call (4x the request context's time, measured).
-- It answers for any user id, so only the owner may call it (both callers are SECURITY
-- DEFINER); app_two_factor_required keeps its guard that a request asks only about its own user.
CREATE FUNCTION app_two_factor_policy(uid uuid) RETURNS boolean LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN EXISTS (SELECT 1 FROM public.users WHERE id = uid AND is_platform_admin)
    OR EXISTS (
      SELECT 1 FROM public.memberships m JOIN public.organization_sign_in s ON s.organization_id = m.organization_id
       WHERE m.user_id = uid AND s.require_two_factor AND (m.expires_at IS NULL OR m.expires_at > now()))
    OR EXISTS (
      SELECT 1 FROM public.memberships m
        JOIN public.engagements e ON e.consultancy_id = m.organization_id AND e.status = 'active'
        JOIN public.organization_sign_in s ON s.organization_id = e.organization_id
       WHERE m.user_id = uid AND s.require_two_factor AND m.role IN ('owner', 'admin', 'analyst', 'viewer'));
END
$$;
REVOKE ALL ON FUNCTION app_two_factor_policy(uuid) FROM PUBLIC;

CREATE OR REPLACE FUNCTION app_two_factor_required(uid uuid) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT uid = app_user() AND app_two_factor_policy(uid)
$$;

CREATE OR REPLACE FUNCTION app_request_context(uid uuid) RETURNS jsonb LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS $$
BEGIN
  RETURN (SELECT jsonb_build_object(
    'user', jsonb_build_object('id', u.id, 'email', u.email, 'name', u.name, 'locale', u.locale, 'isPlatformAdmin', u.is_platform_admin),
    'twoFactorEnabled', EXISTS (SELECT 1 FROM user_two_factor t WHERE t.user_id = uid AND t.confirmed_at IS NOT NULL),
    'twoFactorRequired', app_two_factor_policy(uid),
    'access', COALESCE((
      SELECT jsonb_agg(to_jsonb(a) ORDER BY a.via DESC, a."orgName")
        FROM (
          SELECT o.id AS "orgId", o.name AS "orgName", o.kind AS "orgKind", m.role, NULL::text AS "memberRole", 'membership' AS via,
                 NULL::uuid AS "consultancyId", NULL::text AS "consultancyName", m.expires_at AS "expiresAt", o.time_zone AS "timeZone",
                 o.suspended_at IS NOT NULL AS suspended
            FROM memberships m JOIN organizations o ON o.id = m.organization_id
           WHERE m.user_id = uid AND (m.expires_at IS NULL OR m.expires_at > now())
          UNION ALL
          SELECT o.id, o.name, o.kind, e.role, m.role, 'engagement', c.id, c.name, NULL, o.time_zone, o.suspended_at IS NOT NULL
            FROM memberships m
            JOIN organizations c ON c.id = m.organization_id AND c.kind = 'consultancy'
            JOIN engagements e ON e.consultancy_id = c.id AND e.status = 'active'
            JOIN organizations o ON o.id = e.organization_id
           WHERE m.user_id = uid AND m.role IN ('owner', 'admin', 'analyst', 'viewer')
        ) a), '[]'::jsonb))
  FROM users u WHERE u.id = uid);
END
$$;
