-- Sign-in, MFA, database roles, row-level security and the audit trail
-- (report section 6.1 and 6.7). See docs/seed-conformance.md for where this
-- differs from the report's samples and why.

-- Accounts ---------------------------------------------------------------------
ALTER TABLE users
  ADD COLUMN session_version INTEGER NOT NULL DEFAULT 1,
  ADD COLUMN mfa_secret      TEXT,
  ADD COLUMN mfa_enabled_at  TIMESTAMPTZ,
  -- The last TOTP time step accepted at sign-in: a code is good once.
  ADD COLUMN mfa_last_time_step BIGINT,
  ADD COLUMN last_sign_in_at TIMESTAMPTZ;

CREATE TABLE mfa_recovery_code (
  recovery_code_id SERIAL PRIMARY KEY,
  user_id          INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
  code_hash        TEXT NOT NULL,
  used_at          TIMESTAMPTZ,
  created_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX mfa_recovery_code_user_id_idx ON mfa_recovery_code (user_id);

-- Failed sign-ins per account and per address, for rate limiting with back-off.
-- Read and written only through the security-definer functions below.
CREATE TABLE auth_throttle (
  key          TEXT PRIMARY KEY,
  failures     INTEGER NOT NULL DEFAULT 0,
  last_failure TIMESTAMPTZ NOT NULL DEFAULT now(),
  locked_until TIMESTAMPTZ
);

-- Roles --------------------------------------------------------------------------
-- Roles are cluster-wide, so creating them is idempotent: several databases on
-- one server (tests, benchmarks) share them.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'wedding_app') THEN
    CREATE ROLE wedding_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOINHERIT;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'reporting_readonly') THEN
    CREATE ROLE reporting_readonly NOLOGIN NOSUPERUSER NOBYPASSRLS;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'planner_role') THEN
    CREATE ROLE planner_role NOLOGIN NOSUPERUSER NOBYPASSRLS;
  END IF;
  -- Owns the lookup functions that policies call. Its own policies let it read
  -- what a lookup needs, so a policy never recurses into itself.
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'wedding_rls') THEN
    CREATE ROLE wedding_rls NOLOGIN NOSUPERUSER NOBYPASSRLS;
  END IF;
  -- The migrating role hands wedding_rls the lookup functions below, which
  -- needs membership; a CREATEROLE owner on an external server can grant it.
  IF NOT pg_has_role(current_user, 'wedding_rls', 'MEMBER') THEN
    EXECUTE format('GRANT wedding_rls TO %I', current_user);
  END IF;
END $$;

-- Sets the runtime role's password without the password ever appearing in SQL text.
CREATE FUNCTION app_set_runtime_password(password TEXT) RETURNS void
LANGUAGE plpgsql SECURITY INVOKER SET search_path = '' AS $$
BEGIN
  EXECUTE format('ALTER ROLE wedding_app WITH LOGIN PASSWORD %L', password);
END;
$$;
REVOKE ALL ON FUNCTION app_set_runtime_password(TEXT) FROM PUBLIC;

-- The per-transaction identity ------------------------------------------------------
-- A pooled connection returns '' for a setting a previous transaction set
-- locally, so '' means "not set", exactly like NULL.
CREATE FUNCTION app_user_id() RETURNS INTEGER LANGUAGE sql STABLE AS
$$ SELECT nullif(current_setting('app.user_id', true), '')::integer $$;
CREATE FUNCTION app_role() RETURNS TEXT LANGUAGE sql STABLE AS
$$ SELECT nullif(current_setting('app.role', true), '') $$;
CREATE FUNCTION app_guest_token() RETURNS TEXT LANGUAGE sql STABLE AS
$$ SELECT nullif(current_setting('app.guest_token', true), '') $$;
CREATE FUNCTION app_is_admin() RETURNS BOOLEAN LANGUAGE sql STABLE AS
$$ SELECT coalesce(public.app_role() = 'admin' AND public.app_user_id() IS NOT NULL, false) $$;

-- Lookups for policies (security definer, owned by wedding_rls) ---------------------
CREATE FUNCTION app_planner_id() RETURNS INTEGER
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
  SELECT p.planner_id FROM public.planner p
  WHERE public.app_role() = 'planner' AND p.user_id = public.app_user_id()
$$;

CREATE FUNCTION app_vendor_id() RETURNS INTEGER
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
  SELECT v.vendor_id FROM public.vendor v
  WHERE public.app_role() = 'vendor' AND v.user_id = public.app_user_id()
$$;

CREATE FUNCTION app_planner_wedding_ids() RETURNS SETOF INTEGER
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
  SELECT w.wedding_id FROM public.wedding w WHERE w.planner_id = public.app_planner_id()
$$;

-- The guest behind the token: one row, or none for an unknown token.
CREATE FUNCTION app_guest() RETURNS TABLE (guest_id INTEGER, household_id INTEGER, wedding_id INTEGER)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
  SELECT g.guest_id, g.household_id, g.wedding_id FROM public.guest g
  WHERE public.app_role() = 'guest' AND g.qr_code = public.app_guest_token()
$$;

CREATE FUNCTION app_guest_household_id() RETURNS INTEGER
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$ SELECT household_id FROM public.app_guest() $$;
CREATE FUNCTION app_guest_wedding_id() RETURNS INTEGER
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$ SELECT wedding_id FROM public.app_guest() $$;

CREATE FUNCTION app_vendor_wedding_ids() RETURNS SETOF INTEGER
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
  SELECT DISTINCT b.wedding_id FROM public.booking b WHERE b.vendor_id = public.app_vendor_id()
$$;

ALTER FUNCTION app_planner_id() OWNER TO wedding_rls;
ALTER FUNCTION app_vendor_id() OWNER TO wedding_rls;
ALTER FUNCTION app_planner_wedding_ids() OWNER TO wedding_rls;
ALTER FUNCTION app_guest() OWNER TO wedding_rls;
ALTER FUNCTION app_guest_household_id() OWNER TO wedding_rls;
ALTER FUNCTION app_guest_wedding_id() OWNER TO wedding_rls;
ALTER FUNCTION app_vendor_wedding_ids() OWNER TO wedding_rls;
GRANT SELECT ON planner, vendor, wedding, guest, booking TO wedding_rls;

-- Row-level security ---------------------------------------------------------------
-- ENABLE and FORCE on every table that holds tenant data: even the owner sees
-- nothing without an identity. Policies are permissive and OR together; with no
-- settings none of them holds, so every table shows zero rows.
DO $$
DECLARE t TEXT;
BEGIN
  FOREACH t IN ARRAY ARRAY['users', 'planner', 'client', 'wedding', 'household', 'guest', 'event', 'event_rsvp',
                           'budget', 'expense', 'venue', 'vendor', 'booking', 'payment', 'audit_log',
                           'mfa_recovery_code'] LOOP
    EXECUTE format('ALTER TABLE public.%I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE public.%I FORCE ROW LEVEL SECURITY', t);
    IF t NOT IN ('audit_log') THEN
      EXECUTE format('CREATE POLICY admin_all ON public.%I USING ((SELECT public.app_is_admin())) WITH CHECK ((SELECT public.app_is_admin()))', t);
    END IF;
  END LOOP;
END $$;

-- The lookup role reads only what the lookups read.
CREATE POLICY rls_lookup ON planner FOR SELECT TO wedding_rls USING (true);
CREATE POLICY rls_lookup ON vendor FOR SELECT TO wedding_rls USING (true);
CREATE POLICY rls_lookup ON wedding FOR SELECT TO wedding_rls USING (true);
CREATE POLICY rls_lookup ON guest FOR SELECT TO wedding_rls USING (true);
CREATE POLICY rls_lookup ON booking FOR SELECT TO wedding_rls USING (true);

-- users: everyone reads and updates their own account.
CREATE POLICY self ON users USING (user_id = (SELECT app_user_id())) WITH CHECK (user_id = (SELECT app_user_id()));
CREATE POLICY self ON mfa_recovery_code USING (user_id = (SELECT app_user_id())) WITH CHECK (user_id = (SELECT app_user_id()));
CREATE POLICY self ON planner FOR SELECT USING (user_id = (SELECT app_user_id()));

-- A planner: the rows of their own weddings.
CREATE POLICY planner_own ON client
  USING (planner_id = (SELECT app_planner_id())) WITH CHECK (planner_id = (SELECT app_planner_id()));
CREATE POLICY planner_own ON wedding FOR SELECT USING (planner_id = (SELECT app_planner_id()));
-- The couple must be one of the planner's clients too: foreign-key checks do
-- not apply row-level security, so the policy does.
CREATE POLICY planner_insert ON wedding FOR INSERT
  WITH CHECK (planner_id = (SELECT app_planner_id()) AND client_id IN (SELECT c.client_id FROM client c));
CREATE POLICY planner_update ON wedding FOR UPDATE
  USING (planner_id = (SELECT app_planner_id()))
  WITH CHECK (planner_id = (SELECT app_planner_id()) AND client_id IN (SELECT c.client_id FROM client c));
-- (No DELETE policy for planners on wedding: the report's planner_role cannot delete weddings.)
DO $$
DECLARE t TEXT;
BEGIN
  FOREACH t IN ARRAY ARRAY['household', 'guest', 'event', 'event_rsvp', 'budget', 'expense', 'booking', 'payment'] LOOP
    EXECUTE format(
      'CREATE POLICY planner_own ON public.%I USING (wedding_id IN (SELECT public.app_planner_wedding_ids())) '
      'WITH CHECK (wedding_id IN (SELECT public.app_planner_wedding_ids()))', t);
  END LOOP;
END $$;

-- A guest (by token): their wedding and its events, their household, its
-- guests and their RSVPs. They may update RSVPs and their party's guest rows.
CREATE POLICY guest_own ON wedding FOR SELECT USING (wedding_id = (SELECT app_guest_wedding_id()));
CREATE POLICY guest_own ON event FOR SELECT USING (wedding_id = (SELECT app_guest_wedding_id()));
CREATE POLICY guest_own ON household FOR SELECT USING (household_id = (SELECT app_guest_household_id()));
CREATE POLICY guest_read ON guest FOR SELECT USING (household_id = (SELECT app_guest_household_id()));
CREATE POLICY guest_update ON guest FOR UPDATE
  USING (household_id = (SELECT app_guest_household_id())) WITH CHECK (household_id = (SELECT app_guest_household_id()));
CREATE POLICY guest_read ON event_rsvp FOR SELECT
  USING (guest_id IN (SELECT g.guest_id FROM guest g WHERE g.household_id = (SELECT app_guest_household_id())));
CREATE POLICY guest_update ON event_rsvp FOR UPDATE
  USING (guest_id IN (SELECT g.guest_id FROM guest g WHERE g.household_id = (SELECT app_guest_household_id())))
  WITH CHECK (guest_id IN (SELECT g.guest_id FROM guest g WHERE g.household_id = (SELECT app_guest_household_id())));

-- A vendor: their own vendor row, their bookings and the weddings' names and
-- dates. Never guests, households, budgets, expenses or payments.
CREATE POLICY vendor_own ON vendor FOR SELECT USING (vendor_id = (SELECT app_vendor_id()));
CREATE POLICY vendor_update ON vendor FOR UPDATE
  USING (vendor_id = (SELECT app_vendor_id())) WITH CHECK (vendor_id = (SELECT app_vendor_id()));
CREATE POLICY vendor_own ON booking FOR SELECT USING (vendor_id = (SELECT app_vendor_id()));
CREATE POLICY vendor_own ON wedding FOR SELECT USING (wedding_id IN (SELECT app_vendor_wedding_ids()));

-- Catalogues: planners search vendors and venues; vendors see venues.
CREATE POLICY catalogue_read ON vendor FOR SELECT USING ((SELECT app_role()) = 'planner' AND (SELECT app_user_id()) IS NOT NULL);
CREATE POLICY catalogue_read ON venue FOR SELECT
  USING ((SELECT app_role()) IN ('planner', 'vendor') AND (SELECT app_user_id()) IS NOT NULL);

-- Privileges ------------------------------------------------------------------------
-- The runtime role owns nothing and gets only what the app does; the policies
-- decide which rows. No grant on any partition: a partition queried directly
-- would skip its parent's policies.
GRANT SELECT, INSERT, UPDATE, DELETE ON
  users, planner, client, wedding, household, guest, event, event_rsvp, budget, expense,
  venue, vendor, booking, payment, mfa_recovery_code
TO wedding_app;
GRANT SELECT ON audit_log TO wedding_app;
GRANT SELECT ON _prisma_migrations TO wedding_app;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO wedding_app;

-- The report's planner_role (section 6.1): read, insert and update, never delete weddings.
GRANT SELECT, INSERT, UPDATE ON wedding, guest, event, event_rsvp TO planner_role;

-- Sign-in before there is an identity ---------------------------------------------------
-- The app role cannot read users without an identity, so sign-in goes through
-- these functions, which reveal only what sign-in needs.
CREATE FUNCTION auth_find_user(p_email TEXT)
RETURNS TABLE (user_id INTEGER, role user_role, password_hash TEXT, disabled BOOLEAN, mfa_enabled BOOLEAN, session_version INTEGER)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
  SELECT u.user_id, u.role, u.password_hash, u.disabled_at IS NOT NULL, u.mfa_enabled_at IS NOT NULL, u.session_version
  FROM public.users u WHERE lower(u.email) = lower(p_email)
$$;

-- Whether a session is still valid: its version matches and the account is enabled.
CREATE FUNCTION auth_session_state(p_user_id INTEGER)
RETURNS TABLE (role user_role, disabled BOOLEAN, mfa_enabled BOOLEAN, session_version INTEGER)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
  SELECT u.role, u.disabled_at IS NOT NULL, u.mfa_enabled_at IS NOT NULL, u.session_version
  FROM public.users u WHERE u.user_id = p_user_id
$$;

-- Seconds until `key` may try again (0 when it may).
CREATE FUNCTION auth_throttle_wait(p_key TEXT) RETURNS INTEGER
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
  SELECT coalesce(greatest(0, ceil(extract(epoch FROM t.locked_until - now())))::integer, 0)
  FROM public.auth_throttle t WHERE t.key = p_key
  UNION ALL SELECT 0 LIMIT 1
$$;

-- Records a failure. From the fifth failure on, the key waits 2^(n-5) seconds,
-- up to 15 minutes. A failure after an hour of quiet starts over.
CREATE FUNCTION auth_throttle_fail(p_key TEXT) RETURNS INTEGER
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE n INTEGER;
BEGIN
  INSERT INTO public.auth_throttle AS t (key, failures, last_failure) VALUES (p_key, 1, now())
  ON CONFLICT (key) DO UPDATE SET
    failures = CASE WHEN t.last_failure < now() - interval '1 hour' THEN 1 ELSE t.failures + 1 END,
    last_failure = now()
  RETURNING failures INTO n;
  IF n >= 5 THEN
    UPDATE public.auth_throttle SET locked_until = now() + least(900, power(2, n - 5)) * interval '1 second'
    WHERE key = p_key;
  END IF;
  RETURN n;
END;
$$;

CREATE FUNCTION auth_throttle_clear(p_key TEXT) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = '' AS $$ DELETE FROM public.auth_throttle WHERE key = p_key $$;

CREATE FUNCTION auth_record_sign_in(p_user_id INTEGER) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = '' AS $$
  UPDATE public.users SET last_sign_in_at = now() WHERE user_id = p_user_id
$$;

-- Owned by wedding_rls, whose own policies let it read accounts: with FORCE
-- row-level security even the table owner would see no account here.
ALTER FUNCTION auth_find_user(TEXT) OWNER TO wedding_rls;
ALTER FUNCTION auth_session_state(INTEGER) OWNER TO wedding_rls;
ALTER FUNCTION auth_throttle_wait(TEXT) OWNER TO wedding_rls;
ALTER FUNCTION auth_throttle_fail(TEXT) OWNER TO wedding_rls;
ALTER FUNCTION auth_throttle_clear(TEXT) OWNER TO wedding_rls;
ALTER FUNCTION auth_record_sign_in(INTEGER) OWNER TO wedding_rls;
GRANT SELECT, UPDATE (last_sign_in_at) ON users TO wedding_rls;
GRANT SELECT, INSERT, UPDATE, DELETE ON auth_throttle TO wedding_rls;
CREATE POLICY rls_lookup ON users FOR SELECT TO wedding_rls USING (true);
CREATE POLICY rls_sign_in ON users FOR UPDATE TO wedding_rls USING (true) WITH CHECK (true);

REVOKE ALL ON FUNCTION auth_find_user(TEXT), auth_session_state(INTEGER), auth_throttle_wait(TEXT),
  auth_throttle_fail(TEXT), auth_throttle_clear(TEXT), auth_record_sign_in(INTEGER) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auth_find_user(TEXT), auth_session_state(INTEGER), auth_throttle_wait(TEXT),
  auth_throttle_fail(TEXT), auth_throttle_clear(TEXT), auth_record_sign_in(INTEGER) TO wedding_app;

-- Audit trail (section 6.7) -------------------------------------------------------------
-- One generic trigger for every audited table. Each row carries the SHA-256 of
-- its content and a hash chained to the row before it, so any edit or deletion
-- of history breaks the chain. Erasure (GDPR) may scrub values later: it keeps
-- row_hash, so the chain still verifies.
ALTER TABLE audit_log
  ADD COLUMN row_hash   BYTEA,
  ADD COLUMN chain_hash BYTEA,
  ADD COLUMN scrubbed_at TIMESTAMPTZ;

-- The chain's head: one row, locked by each writer until it commits, which
-- orders log_id and the chain the same way.
CREATE TABLE audit_chain_head (
  singleton  BOOLEAN PRIMARY KEY DEFAULT true CHECK (singleton),
  log_id     BIGINT NOT NULL,
  chain_hash BYTEA NOT NULL
);
INSERT INTO audit_chain_head (log_id, chain_hash) VALUES (0, '\x'::bytea);

CREATE FUNCTION audit_row_content(a audit_log) RETURNS TEXT
LANGUAGE sql IMMUTABLE SET search_path = '' AS $$
  SELECT jsonb_build_object(
    'log_id', a.log_id, 'table_name', a.table_name, 'operation', a.operation, 'record_id', a.record_id,
    'changed_by', a.changed_by, 'changed_at_us', (extract(epoch FROM a.changed_at) * 1000000)::bigint,
    'old_values', a.old_values, 'new_values', a.new_values)::text
$$;

CREATE FUNCTION audit_actor() RETURNS TEXT
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
  SELECT coalesce(
    'user:' || public.app_user_id()::text,
    (SELECT 'guest:' || g.guest_id::text FROM public.guest g
     WHERE public.app_role() = 'guest' AND g.qr_code = public.app_guest_token()),
    current_user::text)
$$;
ALTER FUNCTION audit_actor() OWNER TO wedding_rls;

CREATE FUNCTION audit_capture() RETURNS TRIGGER
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE
  id_column TEXT := TG_ARGV[0];
  -- Secrets never enter the audit trail; the generated tsvector is noise.
  old_row   JSONB := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) - 'password_hash' - 'mfa_secret' - 'description_tsv' END;
  new_row   JSONB := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) - 'password_hash' - 'mfa_secret' - 'description_tsv' END;
  k         TEXT;
  head      public.audit_chain_head;
  entry     public.audit_log;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    -- Keep only the columns that changed.
    FOR k IN SELECT jsonb_object_keys(new_row) LOOP
      IF old_row -> k IS NOT DISTINCT FROM new_row -> k THEN
        old_row := old_row - k;
        new_row := new_row - k;
      END IF;
    END LOOP;
    IF new_row IS NULL OR new_row = '{}'::jsonb THEN
      RETURN NULL;
    END IF;
  END IF;
  SELECT * INTO head FROM public.audit_chain_head FOR UPDATE;
  entry.log_id     := nextval(pg_get_serial_sequence('public.audit_log', 'log_id'));
  -- The logical table: on a partitioned table TG_TABLE_NAME names the partition.
  entry.table_name := TG_ARGV[1];
  entry.operation  := TG_OP;
  entry.record_id  := (coalesce(to_jsonb(NEW), to_jsonb(OLD)) ->> id_column)::bigint;
  entry.changed_by := left(public.audit_actor(), 100);
  entry.changed_at := now();
  entry.old_values := old_row;
  entry.new_values := new_row;
  entry.row_hash   := sha256(convert_to(public.audit_row_content(entry), 'UTF8'));
  entry.chain_hash := sha256(head.chain_hash || entry.row_hash);
  INSERT INTO public.audit_log VALUES (entry.*);
  UPDATE public.audit_chain_head SET log_id = entry.log_id, chain_hash = entry.chain_hash;
  RETURN NULL;
END;
$$;

DO $$
DECLARE
  t RECORD;
BEGIN
  FOR t IN SELECT * FROM (VALUES
    ('users', 'user_id'), ('client', 'client_id'), ('wedding', 'wedding_id'), ('guest', 'guest_id'),
    ('household', 'household_id'), ('event', 'event_id'), ('event_rsvp', 'rsvp_id'), ('budget', 'budget_id'),
    ('expense', 'expense_id'), ('booking', 'booking_id'), ('payment', 'payment_id'), ('vendor', 'vendor_id'),
    ('venue', 'venue_id'), ('planner', 'planner_id')) AS x(name, id_column)
  LOOP
    EXECUTE format('CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON public.%I '
                   'FOR EACH ROW EXECUTE FUNCTION public.audit_capture(%L, %L)', t.name, t.id_column, t.name);
  END LOOP;
END $$;

-- The audit log is append-only for everyone but its owner's maintenance.
CREATE POLICY admin_read ON audit_log FOR SELECT USING ((SELECT app_is_admin()));
CREATE POLICY capture ON audit_log FOR INSERT WITH CHECK (true);
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON audit_log, audit_chain_head FROM wedding_app, PUBLIC;
CREATE INDEX audit_log_changed_by_idx ON audit_log (changed_by);

-- updated_at is the version that optimistic concurrency compares: PostgreSQL
-- sets it on every update, whichever client writes.
CREATE FUNCTION touch_updated_at() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := clock_timestamp();
  RETURN NEW;
END;
$$;

DO $$
DECLARE t TEXT;
BEGIN
  FOREACH t IN ARRAY ARRAY['users', 'client', 'wedding', 'household', 'guest', 'event', 'event_rsvp', 'budget',
                           'expense', 'venue', 'vendor', 'booking', 'payment'] LOOP
    EXECUTE format('CREATE TRIGGER touch_updated_at BEFORE UPDATE ON public.%I '
                   'FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at()', t);
  END LOOP;
END $$;

-- Fixed-window rate limits for pages anyone can reach (the RSVP page, sign-in).
CREATE TABLE rate_limit (
  key          TEXT PRIMARY KEY,
  window_start TIMESTAMPTZ NOT NULL,
  hits         INTEGER NOT NULL
);

-- Counts one hit for `key`; true while the key is within `max_hits` per window.
CREATE FUNCTION rate_limit_hit(p_key TEXT, p_max_hits INTEGER, p_window_seconds INTEGER) RETURNS BOOLEAN
LANGUAGE sql SECURITY DEFINER SET search_path = '' AS $$
  INSERT INTO public.rate_limit AS r (key, window_start, hits) VALUES (p_key, now(), 1)
  ON CONFLICT (key) DO UPDATE SET
    window_start = CASE WHEN r.window_start < now() - p_window_seconds * interval '1 second' THEN now() ELSE r.window_start END,
    hits = CASE WHEN r.window_start < now() - p_window_seconds * interval '1 second' THEN 1 ELSE r.hits + 1 END
  RETURNING hits <= p_max_hits
$$;
ALTER FUNCTION rate_limit_hit(TEXT, INTEGER, INTEGER) OWNER TO wedding_rls;
GRANT SELECT, INSERT, UPDATE ON rate_limit TO wedding_rls;
REVOKE ALL ON FUNCTION rate_limit_hit(TEXT, INTEGER, INTEGER) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rate_limit_hit(TEXT, INTEGER, INTEGER) TO wedding_app;
