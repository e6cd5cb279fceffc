-- Background jobs and the revenue view (issue 5, points 4, 6 and 7; report
-- sections 3.1, 3.2 and 4.3). The job queue itself (pg-boss) creates its own
-- schema, pgboss, when the worker starts; this migration holds what the jobs
-- and the admin pages share: the jobs' database role, the run history, the
-- partition upkeep functions and mv_monthly_revenue.

-- The jobs' role ----------------------------------------------------------------
-- Jobs that see every tenant's rows run as this role (SET LOCAL ROLE from the
-- owner's connection), never with a setting that switches row-level security
-- off. It has read policies of its own on exactly what the jobs read. The
-- owner itself keeps what only an owner can do: DDL on partitions and indexes.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'wedding_jobs') THEN
    CREATE ROLE wedding_jobs NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
  END IF;
  IF NOT pg_has_role(current_user, 'wedding_jobs', 'MEMBER') THEN
    EXECUTE format('GRANT wedding_jobs TO %I', current_user);
  END IF;
END $$;

-- Only the columns mv_monthly_revenue reads.
GRANT SELECT (booking_id, booking_event_date, wedding_id, amount, payment_status, payment_date) ON payment TO wedding_jobs;
GRANT SELECT (booking_id, event_date, vendor_id) ON booking TO wedding_jobs;
GRANT SELECT (wedding_id, currency) ON wedding TO wedding_jobs;
GRANT SELECT (vendor_id, service_category) ON vendor TO wedding_jobs;
CREATE POLICY jobs_read ON payment FOR SELECT TO wedding_jobs USING (true);
CREATE POLICY jobs_read ON booking FOR SELECT TO wedding_jobs USING (true);
CREATE POLICY jobs_read ON wedding FOR SELECT TO wedding_jobs USING (true);
CREATE POLICY jobs_read ON vendor FOR SELECT TO wedding_jobs USING (true);

-- Job history ------------------------------------------------------------------------
-- One row per run of a job, written by the wrapper every job runs in
-- (lib/jobs/run-job.ts), so the admin page does not depend on the queue's
-- internal tables. 'skipped' means another run of the same job held its lock.
CREATE TABLE job_run (
  job_run_id  BIGSERIAL PRIMARY KEY,
  job_name    TEXT NOT NULL CHECK (job_name ~ '^[a-z][a-z0-9-]{0,62}$'),
  -- 'queue': the scheduled worker; 'once': npm run jobs:once.
  source      TEXT NOT NULL CHECK (source IN ('queue', 'once')),
  attempt     INTEGER NOT NULL DEFAULT 1 CHECK (attempt BETWEEN 1 AND 100),
  status      TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'failed', 'skipped')),
  started_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  finished_at TIMESTAMPTZ,
  duration_ms INTEGER CHECK (duration_ms >= 0),
  -- Truncated and stripped of connection strings before it is written.
  error       TEXT CHECK (length(error) <= 1000),
  result      JSONB,
  updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  CONSTRAINT job_run_finished CHECK ((status = 'running') = (finished_at IS NULL)),
  CONSTRAINT job_run_error_on_failure CHECK (status = 'failed' OR error IS NULL)
);
-- The admin page: each job's latest runs, and the newest runs overall.
CREATE INDEX job_run_job_name_started_at_idx ON job_run (job_name, started_at DESC, job_run_id DESC);
CREATE INDEX job_run_started_at_idx ON job_run (started_at DESC, job_run_id DESC);

-- When each materialized view was last refreshed: the dashboards' "data as of".
CREATE TABLE matview_refresh (
  matview_refresh_id SERIAL PRIMARY KEY,
  view_name          TEXT NOT NULL UNIQUE CHECK (view_name IN ('mv_monthly_revenue')),
  -- The refreshing transaction's start: the view holds the data as of then.
  refreshed_at       TIMESTAMPTZ NOT NULL,
  duration_ms        INTEGER NOT NULL CHECK (duration_ms >= 0),
  row_count          INTEGER NOT NULL CHECK (row_count >= 0),
  updated_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Admins read the history; only the jobs' role writes it.
ALTER TABLE job_run ENABLE ROW LEVEL SECURITY;
ALTER TABLE job_run FORCE ROW LEVEL SECURITY;
ALTER TABLE matview_refresh ENABLE ROW LEVEL SECURITY;
ALTER TABLE matview_refresh FORCE ROW LEVEL SECURITY;
CREATE POLICY admin_read ON job_run FOR SELECT USING ((SELECT app_is_admin()));
CREATE POLICY jobs_write ON job_run TO wedding_jobs USING (true) WITH CHECK (true);
CREATE POLICY admin_read ON matview_refresh FOR SELECT USING ((SELECT app_is_admin()));
CREATE POLICY jobs_write ON matview_refresh TO wedding_jobs USING (true) WITH CHECK (true);

GRANT SELECT ON job_run, matview_refresh TO wedding_app;
GRANT SELECT, INSERT, UPDATE ON job_run, matview_refresh TO wedding_jobs;
GRANT USAGE ON SEQUENCE job_run_job_run_id_seq, matview_refresh_matview_refresh_id_seq TO wedding_jobs;

CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON job_run
  FOR EACH ROW EXECUTE FUNCTION audit_capture('job_run_id', 'job_run');
CREATE TRIGGER touch_updated_at BEFORE UPDATE ON job_run
  FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON matview_refresh
  FOR EACH ROW EXECUTE FUNCTION audit_capture('matview_refresh_id', 'matview_refresh');
CREATE TRIGGER touch_updated_at BEFORE UPDATE ON matview_refresh
  FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- Partition upkeep (section 3.2) ---------------------------------------------------------
-- Run by the partition maintenance job as the owner: creating partitions and
-- indexes is DDL. Partitions have no row-level security of their own, so the
-- rows these functions move or count are never handed to the app role.

-- Creates partition p_part of p_parent for [p_from, p_to). PostgreSQL refuses
-- to create a partition while the DEFAULT partition holds rows of its range,
-- so those rows move into the new partition in the same transaction: copied
-- aside, deleted from the default, inserted into the new partition (the audit
-- trail records the move as a DELETE and an INSERT). Deleting a booking would
-- cascade to its payments, so the foreign keys that reference the parent are
-- dropped first and added back, validated, at the end. Returns the rows moved.
CREATE FUNCTION partition_create_moving_default(
  p_parent regclass, p_default regclass, p_key TEXT, p_part TEXT, p_from DATE, p_to DATE
) RETURNS BIGINT LANGUAGE plpgsql SET search_path = '' AS $$
DECLARE
  moving BIGINT;
  fk     RECORD;
  tables TEXT[] := '{}';
  names  TEXT[] := '{}';
  defs   TEXT[] := '{}';
BEGIN
  EXECUTE format('SELECT count(*) FROM %s WHERE %I >= $1 AND %I < $2', p_default, p_key, p_key)
    INTO moving USING p_from, p_to;
  IF moving > 0 THEN
    FOR fk IN
      SELECT c.conrelid::regclass::text AS tbl, c.conname::text AS name, pg_catalog.pg_get_constraintdef(c.oid) AS def
      FROM pg_catalog.pg_constraint c
      WHERE c.confrelid = p_parent AND c.contype = 'f' AND c.conparentid = 0
      ORDER BY c.conname
    LOOP
      tables := tables || fk.tbl;
      names := names || fk.name;
      defs := defs || fk.def;
      EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', fk.tbl, fk.name);
    END LOOP;
    EXECUTE format('CREATE TEMPORARY TABLE partition_move AS SELECT * FROM %s WHERE %I >= $1 AND %I < $2',
                   p_default, p_key, p_key) USING p_from, p_to;
    EXECUTE format('DELETE FROM %s WHERE %I >= $1 AND %I < $2', p_default, p_key, p_key) USING p_from, p_to;
  END IF;
  EXECUTE format('CREATE TABLE public.%I PARTITION OF %s FOR VALUES FROM (%L) TO (%L)', p_part, p_parent, p_from, p_to);
  IF moving > 0 THEN
    EXECUTE format('INSERT INTO public.%I SELECT * FROM pg_temp.partition_move', p_part);
    DROP TABLE pg_temp.partition_move;
    FOR i IN 1 .. coalesce(array_length(tables, 1), 0) LOOP
      EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s', tables[i], names[i], defs[i]);
    END LOOP;
  END IF;
  RETURN moving;
END;
$$;

-- Keeps booking partitions for the quarter of p_today and p_quarters after it,
-- and payment partitions for its month and p_months after it, with the names
-- create_booking_partitions() and create_payment_partitions() use. Idempotent:
-- returns only the partitions it created, and how many rows each took over
-- from the default partition.
CREATE FUNCTION maintain_partitions(p_today DATE, p_quarters INTEGER, p_months INTEGER)
RETURNS TABLE (partition_name TEXT, range_from DATE, range_to DATE, moved_rows BIGINT)
LANGUAGE plpgsql SET search_path = '' AS $$
DECLARE
  s DATE;
  e DATE;
BEGIN
  IF p_today IS NULL OR p_quarters NOT BETWEEN 0 AND 400 OR p_months NOT BETWEEN 0 AND 1200 THEN
    RAISE EXCEPTION 'maintain_partitions: bad arguments (%, %, %)', p_today, p_quarters, p_months;
  END IF;
  s := date_trunc('quarter', p_today)::date;
  FOR i IN 0 .. p_quarters LOOP
    e := (s + INTERVAL '3 months')::date;
    partition_name := format('booking_%s_q%s', to_char(s, 'YYYY'), extract(quarter FROM s));
    IF to_regclass(format('public.%I', partition_name)) IS NULL THEN
      range_from := s;
      range_to := e;
      moved_rows := public.partition_create_moving_default(
        'public.booking', 'public.booking_default', 'event_date', partition_name, s, e);
      RETURN NEXT;
    END IF;
    s := e;
  END LOOP;
  s := date_trunc('month', p_today)::date;
  FOR i IN 0 .. p_months LOOP
    e := (s + INTERVAL '1 month')::date;
    partition_name := format('payment_%s', to_char(s, 'YYYY_MM'));
    IF to_regclass(format('public.%I', partition_name)) IS NULL THEN
      range_from := s;
      range_to := e;
      moved_rows := public.partition_create_moving_default(
        'public.payment', 'public.payment_default', 'payment_date', partition_name, s, e);
      RETURN NEXT;
    END IF;
    s := e;
  END LOOP;
END;
$$;

-- Section 3.2's validation, for the default partitions only: rows there fall
-- outside every range partition (before 2021, or further ahead than the job
-- keeps partitions), and the job reports them.
CREATE FUNCTION partition_default_rows()
RETURNS TABLE (parent TEXT, row_count BIGINT, min_key DATE, max_key DATE)
LANGUAGE sql STABLE SET search_path = '' AS $$
  SELECT 'booking', count(*), min(event_date), max(event_date) FROM public.booking_default
  UNION ALL
  SELECT 'payment', count(*), min(payment_date), max(payment_date) FROM public.payment_default
$$;

-- The current-year partial index (section 2.3.2, D3) ---------------------------------------
-- Its predicate must be a constant, so the job rebuilds it each January.
-- PostgreSQL 15 cannot CREATE INDEX CONCURRENTLY on a partitioned table: the
-- job creates the new parent index ON ONLY booking (invalid until complete),
-- builds each partition's index CONCURRENTLY, attaches them, then drops the
-- old index and gives the new one its name.

-- The first day the current index covers, or NULL when there is no such index.
CREATE FUNCTION booking_current_year_index_start() RETURNS DATE
LANGUAGE plpgsql STABLE SET search_path = '' AS $$
DECLARE
  predicate TEXT;
BEGIN
  SELECT pg_catalog.pg_get_expr(i.indpred, i.indrelid) INTO predicate
  FROM pg_catalog.pg_index i WHERE i.indexrelid = to_regclass('public.idx_booking_current_year');
  RETURN substring(predicate FROM '''(\d{4}-\d{2}-\d{2})''')::date;
END;
$$;

-- Starts a rebuild from p_start: drops the leftovers of an interrupted one,
-- creates the parent index, and returns each partition's CREATE INDEX
-- CONCURRENTLY statement. They are written here with format() (%I, %L)
-- because CONCURRENTLY cannot run inside a function; the job runs them one
-- by one, outside any transaction.
CREATE FUNCTION booking_current_year_index_prepare(p_start DATE)
RETURNS TABLE (partition_name TEXT, index_name TEXT, ddl TEXT)
LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
  IF p_start IS NULL OR p_start <> date_trunc('year', p_start)::date THEN
    RAISE EXCEPTION 'booking_current_year_index_prepare: % is not the first of January', p_start;
  END IF;
  IF to_regclass('public.idx_booking_current_year_next') IS NOT NULL THEN
    DROP INDEX public.idx_booking_current_year_next;
  END IF;
  EXECUTE format('CREATE INDEX idx_booking_current_year_next ON ONLY public.booking (client_id, event_date) '
                 'WHERE event_date >= %L::date', p_start);
  FOR partition_name IN
    SELECT c.relname::text FROM pg_catalog.pg_inherits h JOIN pg_catalog.pg_class c ON c.oid = h.inhrelid
    WHERE h.inhparent = 'public.booking'::regclass ORDER BY c.relname
  LOOP
    index_name := format('%s_cy%s_idx', partition_name, to_char(p_start, 'YYYY'));
    -- A CONCURRENTLY build that failed leaves an INVALID index behind.
    IF to_regclass(format('public.%I', index_name)) IS NOT NULL THEN
      EXECUTE format('DROP INDEX public.%I', index_name);
    END IF;
    ddl := format('CREATE INDEX CONCURRENTLY %I ON public.%I (client_id, event_date) WHERE event_date >= %L::date',
                  index_name, partition_name, p_start);
    RETURN NEXT;
  END LOOP;
END;
$$;

-- Attaches every partition's new index, then swaps the new index in for the
-- old one. Returns the number of partitions attached.
CREATE FUNCTION booking_current_year_index_finish(p_start DATE) RETURNS INTEGER
LANGUAGE plpgsql SET search_path = '' AS $$
DECLARE
  part     TEXT;
  attached INTEGER := 0;
BEGIN
  FOR part IN
    SELECT c.relname::text FROM pg_catalog.pg_inherits h JOIN pg_catalog.pg_class c ON c.oid = h.inhrelid
    WHERE h.inhparent = 'public.booking'::regclass ORDER BY c.relname
  LOOP
    EXECUTE format('ALTER INDEX public.idx_booking_current_year_next ATTACH PARTITION public.%I',
                   format('%s_cy%s_idx', part, to_char(p_start, 'YYYY')));
    attached := attached + 1;
  END LOOP;
  IF NOT (SELECT i.indisvalid FROM pg_catalog.pg_index i
          WHERE i.indexrelid = 'public.idx_booking_current_year_next'::regclass) THEN
    RAISE EXCEPTION 'idx_booking_current_year_next is not valid after attaching % partition indexes', attached;
  END IF;
  IF to_regclass('public.idx_booking_current_year') IS NOT NULL THEN
    DROP INDEX public.idx_booking_current_year;
  END IF;
  ALTER INDEX public.idx_booking_current_year_next RENAME TO idx_booking_current_year;
  RETURN attached;
END;
$$;

REVOKE ALL ON FUNCTION partition_create_moving_default(regclass, regclass, TEXT, TEXT, DATE, DATE),
  maintain_partitions(DATE, INTEGER, INTEGER), partition_default_rows(), booking_current_year_index_start(),
  booking_current_year_index_prepare(DATE), booking_current_year_index_finish(DATE) FROM PUBLIC;

-- Monthly revenue (section 3.1, D14) -------------------------------------------------------
-- Completed payments per month of payment, service category and currency.
-- Venue bookings have no vendor and count as 'Venue' (the report's inner join
-- to vendor dropped them). Each wedding has its own currency, and a sum of
-- euros and dollars means nothing, so currency is part of the key. Refunded
-- payments are not revenue: they are counted apart, by the month of their
-- payment_date, and not subtracted, because a refund is recorded by moving a
-- payment to Refunded. No ORDER BY: readers sort.
CREATE MATERIALIZED VIEW mv_monthly_revenue AS
SELECT
  date_trunc('month', p.payment_date)::date AS revenue_month,
  coalesce(v.service_category::text, 'Venue') AS service_category,
  w.currency::text AS currency,
  count(*) FILTER (WHERE p.payment_status = 'Completed') AS total_payments,
  coalesce(sum(p.amount) FILTER (WHERE p.payment_status = 'Completed'), 0)::numeric(14, 2) AS total_revenue,
  round(avg(p.amount) FILTER (WHERE p.payment_status = 'Completed'), 2)::numeric(12, 2) AS average_payment,
  count(*) FILTER (WHERE p.payment_status = 'Refunded') AS refunded_payments,
  coalesce(sum(p.amount) FILTER (WHERE p.payment_status = 'Refunded'), 0)::numeric(14, 2) AS refunded_total
FROM payment p
JOIN booking b ON b.booking_id = p.booking_id AND b.event_date = p.booking_event_date
JOIN wedding w ON w.wedding_id = p.wedding_id
LEFT JOIN vendor v ON v.vendor_id = b.vendor_id
WHERE p.payment_status IN ('Completed', 'Refunded')
GROUP BY 1, 2, 3
WITH NO DATA;
-- REFRESH ... CONCURRENTLY needs a unique index.
CREATE UNIQUE INDEX idx_mv_revenue_month ON mv_monthly_revenue (revenue_month, service_category, currency);

-- A view cannot have row-level security, so nobody but its owner and the
-- reader function below may read it: the app role has no grant on it. It is
-- owned by the jobs' role, which refreshes it and whose policies let the
-- view's query see every tenant's payments. A role that does not own the
-- schema needs CREATE on it to receive an object, only for that moment.
GRANT CREATE ON SCHEMA public TO wedding_jobs;
ALTER MATERIALIZED VIEW mv_monthly_revenue OWNER TO wedding_jobs;
REVOKE CREATE ON SCHEMA public FROM wedding_jobs;
REVOKE ALL ON mv_monthly_revenue FROM PUBLIC;
SET LOCAL ROLE wedding_jobs;
REFRESH MATERIALIZED VIEW mv_monthly_revenue;
RESET ROLE;

-- Admins read the view through this function; for anyone else it returns no
-- rows, as row-level security would. Owned by wedding_rls like the other lookups.
CREATE FUNCTION admin_monthly_revenue()
RETURNS TABLE (
  revenue_month DATE, service_category TEXT, currency TEXT, total_payments BIGINT, total_revenue NUMERIC,
  average_payment NUMERIC, refunded_payments BIGINT, refunded_total NUMERIC
)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = '' AS $$
BEGIN
  IF NOT public.app_is_admin() THEN
    RETURN;
  END IF;
  -- Reading a view that was never refreshed is an error; it simply has no data yet.
  IF NOT (SELECT m.ispopulated FROM pg_catalog.pg_matviews m
          WHERE m.schemaname = 'public' AND m.matviewname = 'mv_monthly_revenue') THEN
    RETURN;
  END IF;
  RETURN QUERY
    SELECT m.revenue_month, m.service_category, m.currency, m.total_payments, m.total_revenue::numeric,
           m.average_payment::numeric, m.refunded_payments, m.refunded_total::numeric
    FROM public.mv_monthly_revenue m;
END;
$$;
GRANT SELECT ON mv_monthly_revenue TO wedding_rls;
ALTER FUNCTION admin_monthly_revenue() OWNER TO wedding_rls;
REVOKE ALL ON FUNCTION admin_monthly_revenue() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION admin_monthly_revenue() TO wedding_app;
