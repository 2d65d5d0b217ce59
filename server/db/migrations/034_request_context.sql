-- Everything a signed-in request needs before its page runs — the user, their second-factor
-- state and every organisation they may act in (with suspension) — in one statement, read
-- together with the session row. It replaced five transactions per page (session, user,
-- two-factor gate, organisation access, suspension), the largest share of a page's cost.
-- SECURITY DEFINER and owner-only: it answers for any user id, so only the session store
-- (owner connection, after the session's secret id matched) may call it; it mirrors
-- findSessionUser, gateState/app_two_factor_required and listOrgAccess (a test compares them).
-- PL/pgSQL, not SQL: a SQL function with SET is planned again on every call (about 7 ms here),
-- a PL/pgSQL one keeps its plan for the connection.
CREATE FUNCTION app_request_context(uid uuid) RETURNS jsonb LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS $$
BEGIN
  RETURN (SELECT jsonb_build_object(
    'user', jsonb_build_object('id', u.id, 'email', u.email, 'name', u.name, 'locale', u.locale, 'isPlatformAdmin', u.is_platform_admin),
    'twoFactorEnabled', EXISTS (SELECT 1 FROM user_two_factor t WHERE t.user_id = uid AND t.confirmed_at IS NOT NULL),
    'twoFactorRequired', u.is_platform_admin
      OR EXISTS (
        SELECT 1 FROM memberships m JOIN organization_sign_in s ON s.organization_id = m.organization_id
         WHERE m.user_id = uid AND s.require_two_factor AND (m.expires_at IS NULL OR m.expires_at > now()))
      OR EXISTS (
        SELECT 1 FROM memberships m
          JOIN engagements e ON e.consultancy_id = m.organization_id AND e.status = 'active'
          JOIN organization_sign_in s ON s.organization_id = e.organization_id
         WHERE m.user_id = uid AND s.require_two_factor AND m.role IN ('owner', 'admin', 'analyst', 'viewer')),
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
REVOKE ALL ON FUNCTION app_request_context(uuid) FROM PUBLIC;
