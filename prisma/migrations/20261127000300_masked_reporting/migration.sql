-- Masked reporting (report section 6.3; issue 7 point 2).
--
-- v_client_reporting shows each couple with name, email and phone masked and
-- dates truncated to the month. Only reporting_readonly may read it, and that
-- role has no privilege on any base table. The view is owned by
-- wedding_reporting, a role that owns nothing else and may read client and
-- wedding through its own policies (row-level security is forced, so even a
-- table owner reading through a view would see nothing without one).
--
-- The report's email mask, CONCAT(REPEAT('*', 6), RIGHT(email, POSITION('@' IN email))),
-- keeps as many trailing characters as the local part is long plus one: for
-- "ivan@example.com" it shows "******e.com", and for a long local part it shows
-- the whole address's tail, local part included. Ours masks the local part and
-- the domain separately and never shows their lengths.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'wedding_reporting') THEN
    CREATE ROLE wedding_reporting NOLOGIN NOSUPERUSER NOBYPASSRLS;
  END IF;
  IF NOT pg_has_role(current_user, 'wedding_reporting', 'MEMBER') THEN
    EXECUTE format('GRANT wedding_reporting TO %I', current_user);
  END IF;
END $$;

-- "Ivan Petrov" → "I*** P***": each word's first character, never its length.
-- Words of punctuation only ("&") stay.
CREATE FUNCTION app_mask_name(p_name TEXT) RETURNS TEXT
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = '' AS $$
  SELECT CASE WHEN p_name IS NULL THEN NULL
              WHEN btrim(p_name) = '' THEN '***'
              ELSE (SELECT string_agg(CASE WHEN w ~ '^[[:punct:]]+$' THEN w ELSE left(w, 1) || '***' END, ' ' ORDER BY n)
                    FROM regexp_split_to_table(btrim(p_name), '\s+') WITH ORDINALITY AS t (w, n))
         END
$$;

-- "ivan.petrov@example.co.uk" → "i***@e***.uk". The local part and the first
-- domain label keep their first character only when they have three or more
-- characters (a one- or two-character part would be given away); the top-level
-- domain stays, for reporting by country. The split is at the last "@" (a quoted
-- local part may contain one). Characters, not bytes: unicode is safe.
CREATE FUNCTION app_mask_email(p_email TEXT) RETURNS TEXT
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = '' AS $$
DECLARE
  at_pos  INTEGER;
  local   TEXT;
  domain  TEXT;
  labels  TEXT[];
  first   TEXT;
BEGIN
  IF p_email IS NULL THEN RETURN NULL; END IF;
  at_pos := char_length(p_email) - strpos(reverse(p_email), '@') + 1;
  IF strpos(p_email, '@') = 0 OR at_pos = 1 OR at_pos = char_length(p_email) THEN RETURN '***'; END IF;
  local := left(p_email, at_pos - 1);
  domain := substr(p_email, at_pos + 1);
  labels := string_to_array(domain, '.');
  first := labels[1];
  RETURN (CASE WHEN char_length(local) >= 3 THEN left(local, 1) ELSE '' END) || '***@'
      || (CASE WHEN char_length(first) >= 3 THEN left(first, 1) ELSE '' END) || '***'
      || (CASE WHEN cardinality(labels) > 1 AND labels[cardinality(labels)] <> '' THEN '.' || labels[cardinality(labels)] ELSE '' END);
END;
$$;

CREATE VIEW v_client_reporting AS
SELECT c.client_id,
       c.planner_id,
       app_mask_name(c.name)                                        AS masked_name,
       app_mask_email(c.email)                                      AS masked_email,
       -- Encrypted at rest (pgcrypto): the view has no key and shows only that a number exists.
       CASE WHEN c.phone_encrypted IS NULL THEN NULL ELSE '*** *** ***' END AS masked_phone,
       date_trunc('month', c.created_at)::date                      AS registration_month,
       (SELECT count(*)::int FROM wedding w WHERE w.client_id = c.client_id) AS wedding_count,
       (SELECT date_trunc('month', min(w.wedding_date))::date FROM wedding w WHERE w.client_id = c.client_id)
                                                                     AS first_wedding_month
FROM client c;

ALTER VIEW v_client_reporting OWNER TO wedding_reporting;
GRANT SELECT ON client, wedding TO wedding_reporting;
CREATE POLICY reporting_view ON client FOR SELECT TO wedding_reporting USING (true);
CREATE POLICY reporting_view ON wedding FOR SELECT TO wedding_reporting USING (true);

REVOKE ALL ON v_client_reporting FROM PUBLIC;
GRANT SELECT ON v_client_reporting TO reporting_readonly;
