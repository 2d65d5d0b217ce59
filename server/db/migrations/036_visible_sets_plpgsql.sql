-- The two set functions row-level security calls on organizations and users (001, 016) were SQL
-- functions with SET search_path: such a function is never inlined and is planned again on
-- every call, about 4 ms each time here, paid by every request query that reads an organisation
-- or a user (the dashboard's organisation details: 4.5 ms for a one-row read). The same
-- queries in PL/pgSQL, whose plans a connection keeps; what they return does not change.
CREATE OR REPLACE FUNCTION app_visible_orgs() RETURNS SETOF uuid LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS $$
BEGIN
  RETURN QUERY
    SELECT app_org() WHERE app_org() IS NOT NULL
    UNION SELECT organization_id FROM memberships WHERE user_id = app_user()
    UNION SELECT consultancy_id FROM engagements WHERE organization_id = app_org()
    UNION SELECT e.organization_id FROM engagements e
           JOIN memberships m ON m.organization_id = e.consultancy_id AND m.user_id = app_user()
          WHERE e.status = 'active';
END
$$;

CREATE OR REPLACE FUNCTION app_visible_users() RETURNS SETOF uuid LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS $$
BEGIN
  RETURN QUERY
    SELECT app_user() WHERE app_user() IS NOT NULL
    UNION SELECT user_id FROM memberships WHERE organization_id = app_org()
    UNION SELECT m.user_id FROM memberships m JOIN engagements e ON e.consultancy_id = m.organization_id
           WHERE e.organization_id = app_org();
END
$$;
