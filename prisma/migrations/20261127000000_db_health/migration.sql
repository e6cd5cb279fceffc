-- The admin's database health page (issue 6, point 7; report sections 2.4, 5.4
-- and 7). The app role stays what it is (no superuser, no pg_monitor): it reads
-- the statistics views through security-definer functions owned by
-- wedding_monitor, a NOLOGIN role with pg_monitor. Each function answers only
-- an admin identity (app_is_admin()) and nothing for anyone else.

-- Extensions -------------------------------------------------------------------
-- Neither is a trusted extension: a superuser owner creates them here, and on an
-- external server where the owner is not one, a superuser creates them later
-- (README). The functions below look them up when called, so they work either way.
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
EXCEPTION WHEN insufficient_privilege OR undefined_file OR feature_not_supported THEN
  RAISE NOTICE 'pg_stat_statements not created (%): the health page shows no top queries until a superuser creates it.', SQLERRM;
END $$;
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS pgstattuple;
EXCEPTION WHEN insufficient_privilege OR undefined_file OR feature_not_supported THEN
  RAISE NOTICE 'pgstattuple not created (%): the health page cannot measure bloat until a superuser creates it.', SQLERRM;
END $$;

-- The monitoring role ---------------------------------------------------------------
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'wedding_monitor') THEN
    CREATE ROLE wedding_monitor NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
  END IF;
  -- The migrating role hands it the functions below, which needs membership.
  IF NOT pg_has_role(current_user, 'wedding_monitor', 'MEMBER') THEN
    EXECUTE format('GRANT wedding_monitor TO %I', current_user);
  END IF;
END $$;
-- pg_monitor = pg_read_all_stats (every session's query text, every database's
-- statements) + pg_read_all_settings + pg_stat_scan_tables (pgstattuple).
DO $$
BEGIN
  GRANT pg_monitor TO wedding_monitor;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE NOTICE 'Could not grant pg_monitor to wedding_monitor (%); a superuser must run GRANT pg_monitor TO wedding_monitor.', SQLERRM;
END $$;
-- The two resets are superuser-only by default; granting EXECUTE needs the
-- functions' owner (a superuser).
DO $$
BEGIN
  GRANT EXECUTE ON FUNCTION pg_stat_reset() TO wedding_monitor;
  IF to_regprocedure('public.pg_stat_statements_reset(oid, oid, bigint)') IS NOT NULL THEN
    GRANT EXECUTE ON FUNCTION public.pg_stat_statements_reset(oid, oid, bigint) TO wedding_monitor;
  END IF;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE NOTICE 'Could not grant the reset functions to wedding_monitor (%); see the README.', SQLERRM;
END $$;

-- Tables -----------------------------------------------------------------------------
-- One row per health page view: the figures whose trend the page charts (24 h)
-- and from which it derives the deadlock rate. Measurements, not records of
-- anyone's action, so no audit trigger (it would double every write and queue
-- each page view on the audit chain's lock); rows older than 7 days are pruned.
CREATE TABLE db_health_sample (
  sample_id         BIGSERIAL PRIMARY KEY,
  sampled_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
  cache_hit_pct     NUMERIC(5, 2) CHECK (cache_hit_pct BETWEEN 0 AND 100),
  connections       INTEGER NOT NULL CHECK (connections >= 0),
  max_connections   INTEGER NOT NULL CHECK (max_connections > 0),
  active_queries    INTEGER NOT NULL CHECK (active_queries >= 0),
  lock_waits        INTEGER NOT NULL CHECK (lock_waits >= 0),
  deadlocks         BIGINT NOT NULL CHECK (deadlocks >= 0),
  replication_lag_s NUMERIC(12, 3) CHECK (replication_lag_s >= 0),
  cpu_pct           NUMERIC(5, 2) CHECK (cpu_pct BETWEEN 0 AND 100),
  io_queue_depth    NUMERIC(10, 2) CHECK (io_queue_depth >= 0)
);
CREATE INDEX db_health_sample_sampled_at_idx ON db_health_sample (sampled_at);

-- Who reset which statistics, and when. Audited: the trigger writes the admin
-- into audit_log in the same transaction as the reset.
CREATE TABLE db_stats_reset (
  reset_id SERIAL PRIMARY KEY,
  target   TEXT NOT NULL CHECK (target IN ('statements', 'database')),
  reset_by INTEGER REFERENCES users (user_id) ON DELETE SET NULL,
  reset_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX db_stats_reset_reset_by_idx ON db_stats_reset (reset_by);
CREATE INDEX db_stats_reset_reset_at_idx ON db_stats_reset (reset_at);

ALTER TABLE db_health_sample ENABLE ROW LEVEL SECURITY;
ALTER TABLE db_health_sample FORCE ROW LEVEL SECURITY;
ALTER TABLE db_stats_reset ENABLE ROW LEVEL SECURITY;
ALTER TABLE db_stats_reset FORCE ROW LEVEL SECURITY;
CREATE POLICY admin_all ON db_health_sample USING ((SELECT app_is_admin())) WITH CHECK ((SELECT app_is_admin()));
CREATE POLICY admin_all ON db_stats_reset USING ((SELECT app_is_admin())) WITH CHECK ((SELECT app_is_admin()));

-- The app reads both (admins only, by the policies); it writes only through
-- the functions below. Both are append-only.
GRANT SELECT ON db_health_sample, db_stats_reset TO wedding_app;
GRANT SELECT, INSERT, DELETE ON db_health_sample TO wedding_monitor;
GRANT SELECT, INSERT ON db_stats_reset TO wedding_monitor;
GRANT USAGE ON SEQUENCE db_health_sample_sample_id_seq, db_stats_reset_reset_id_seq TO wedding_monitor;

CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON db_stats_reset
  FOR EACH ROW EXECUTE FUNCTION audit_capture('reset_id', 'db_stats_reset');

-- Helpers ------------------------------------------------------------------------------
-- Query texts can carry literals (a utility statement such as ALTER ROLE …
-- PASSWORD '…' is not normalised, and pg_stat_activity shows raw text): every
-- quoted literal is masked before a query leaves the database.
CREATE FUNCTION health_mask_literals(p_query TEXT) RETURNS TEXT
LANGUAGE sql IMMUTABLE SET search_path = '' AS $$
  SELECT left(regexp_replace(regexp_replace(p_query, '''(?:[^'']|'''')*''', '''…''', 'g'),
                             '\$([A-Za-z_]*)\$.*?\$\1\$', '$\1$…$\1$', 'gs'), 2000)
$$;

-- Whether pg_stat_statements can be read here: 'ok', 'missing' (no extension)
-- or 'not_loaded' (not in shared_preload_libraries).
CREATE FUNCTION health_statements_state() RETURNS TEXT
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = '' AS $$
BEGIN
  IF to_regclass('public.pg_stat_statements') IS NULL THEN
    RETURN 'missing';
  END IF;
  PERFORM 1 FROM public.pg_stat_statements LIMIT 1;
  RETURN 'ok';
EXCEPTION WHEN object_not_in_prerequisite_state THEN
  RETURN 'not_loaded';
END;
$$;

-- The readings -------------------------------------------------------------------------
-- One row of server-wide figures.
CREATE FUNCTION health_server()
RETURNS TABLE (
  statements_state TEXT, bloat_available BOOLEAN, server_version TEXT, database_bytes BIGINT,
  heap_hits NUMERIC, heap_reads NUMERIC, cache_hit_pct NUMERIC,
  db_blocks_hit BIGINT, db_blocks_read BIGINT,
  connections INTEGER, max_connections INTEGER, reserved_connections INTEGER,
  active_queries INTEGER, idle_in_transaction INTEGER, lock_waits INTEGER,
  deadlocks BIGINT, stats_reset TIMESTAMPTZ,
  is_standby BOOLEAN, replicas INTEGER, replication_lag_s NUMERIC, measured_at TIMESTAMPTZ
)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = '' AS $$
BEGIN
  IF NOT public.app_is_admin() THEN
    RETURN;
  END IF;
  RETURN QUERY
  WITH heap AS (
    -- The report's query (section 7.2): heap blocks of the user tables.
    SELECT sum(t.heap_blks_hit) AS hits, sum(t.heap_blks_read) AS reads FROM pg_catalog.pg_statio_user_tables t
  ), db AS (
    SELECT d.blks_hit, d.blks_read, d.deadlocks, d.stats_reset
    FROM pg_catalog.pg_stat_database d WHERE d.datname = pg_catalog.current_database()
  ), act AS (
    SELECT count(*)::int AS connections,
           count(*) FILTER (WHERE a.state = 'active' AND a.pid <> pg_catalog.pg_backend_pid())::int AS active,
           count(*) FILTER (WHERE a.state LIKE 'idle in transaction%')::int AS idle_tx,
           count(*) FILTER (WHERE a.wait_event_type = 'Lock')::int AS lock_waits
    FROM pg_catalog.pg_stat_activity a WHERE a.backend_type = 'client backend'
  ), rep AS (
    SELECT count(*)::int AS replicas,
           max(extract(epoch FROM coalesce(r.replay_lag, interval '0'))) AS lag
    FROM pg_catalog.pg_stat_replication r
  )
  SELECT public.health_statements_state(),
         to_regprocedure('public.pgstattuple_approx(regclass)') IS NOT NULL,
         pg_catalog.current_setting('server_version'),
         pg_catalog.pg_database_size(pg_catalog.current_database()),
         heap.hits, heap.reads,
         round(100.0 * heap.hits / nullif(heap.hits + heap.reads, 0), 2),
         db.blks_hit, db.blks_read,
         act.connections,
         pg_catalog.current_setting('max_connections')::int,
         pg_catalog.current_setting('superuser_reserved_connections')::int,
         act.active, act.idle_tx, act.lock_waits,
         db.deadlocks, db.stats_reset,
         pg_catalog.pg_is_in_recovery(),
         rep.replicas,
         CASE
           WHEN pg_catalog.pg_is_in_recovery()
             THEN extract(epoch FROM now() - pg_catalog.pg_last_xact_replay_timestamp())
           WHEN rep.replicas > 0 THEN rep.lag
         END,
         now()
  FROM heap, db, act, rep;
END;
$$;

-- The most expensive statements of this database, by total execution time.
CREATE FUNCTION health_top_queries(p_limit INTEGER)
RETURNS TABLE (
  query_id BIGINT, query TEXT, role_name TEXT, calls BIGINT, total_ms DOUBLE PRECISION,
  mean_ms DOUBLE PRECISION, stddev_ms DOUBLE PRECISION, min_ms DOUBLE PRECISION, max_ms DOUBLE PRECISION,
  rows_returned BIGINT, shared_hits BIGINT, shared_reads BIGINT
)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = '' AS $$
BEGIN
  IF NOT public.app_is_admin() OR public.health_statements_state() <> 'ok' THEN
    RETURN;
  END IF;
  RETURN QUERY
  SELECT s.queryid, public.health_mask_literals(s.query), pg_catalog.pg_get_userbyid(s.userid)::text,
         s.calls, s.total_exec_time, s.mean_exec_time, s.stddev_exec_time, s.min_exec_time, s.max_exec_time,
         s.rows, s.shared_blks_hit, s.shared_blks_read
  FROM public.pg_stat_statements s
  WHERE s.dbid = (SELECT d.oid FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database())
  ORDER BY s.total_exec_time DESC
  LIMIT greatest(1, least(coalesce(p_limit, 20), 100));
END;
$$;

-- Every index with its use, rolled up from partition copies to the index on
-- the partitioned table (pg_stat_user_indexes lists only the copies), with
-- what it enforces: primary keys, unique and exclusion indexes are never
-- "unused", whatever idx_scan says.
CREATE FUNCTION health_indexes()
RETURNS TABLE (
  table_name TEXT, index_name TEXT, access_method TEXT, scans BIGINT, tuples_read BIGINT, bytes BIGINT,
  partitions INTEGER, is_primary BOOLEAN, is_unique BOOLEAN, is_exclusion BOOLEAN, definition TEXT
)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = '' AS $$
BEGIN
  IF NOT public.app_is_admin() THEN
    RETURN;
  END IF;
  RETURN QUERY
  WITH RECURSIVE up (leaf, top) AS (
    SELECT s.indexrelid, s.indexrelid FROM pg_catalog.pg_stat_user_indexes s
    UNION ALL
    SELECT up.leaf, h.inhparent FROM up JOIN pg_catalog.pg_inherits h ON h.inhrelid = up.top
  ), root AS (
    -- The top-most ancestor: the one that has no parent itself.
    SELECT up.leaf, up.top FROM up
    WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_inherits h WHERE h.inhrelid = up.top)
  )
  SELECT tc.relname::text, ic.relname::text, am.amname::text,
         sum(s.idx_scan)::bigint, sum(s.idx_tup_read)::bigint,
         sum(pg_catalog.pg_relation_size(s.indexrelid))::bigint,
         count(*) FILTER (WHERE s.indexrelid <> root.top)::int,
         i.indisprimary, i.indisunique, i.indisexclusion,
         pg_catalog.pg_get_indexdef(ic.oid)
  FROM pg_catalog.pg_stat_user_indexes s
  JOIN root ON root.leaf = s.indexrelid
  JOIN pg_catalog.pg_class ic ON ic.oid = root.top
  JOIN pg_catalog.pg_index i ON i.indexrelid = ic.oid
  JOIN pg_catalog.pg_class tc ON tc.oid = i.indrelid
  JOIN pg_catalog.pg_am am ON am.oid = ic.relam
  WHERE s.schemaname = 'public'
  GROUP BY tc.relname, ic.relname, ic.oid, am.amname, i.indisprimary, i.indisunique, i.indisexclusion
  ORDER BY tc.relname, ic.relname;
END;
$$;

-- Every table (partitions folded into their parent) with sizes, live and dead
-- rows and the last (auto)vacuum and analyze.
CREATE FUNCTION health_tables()
RETURNS TABLE (
  -- partitions: how many partitions were folded in (0 for a plain table).
  table_name TEXT, partitions INTEGER, table_bytes BIGINT, index_bytes BIGINT, total_bytes BIGINT,
  live_rows BIGINT, dead_rows BIGINT, seq_scans BIGINT, index_scans BIGINT,
  last_vacuum TIMESTAMPTZ, last_analyze TIMESTAMPTZ
)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = '' AS $$
BEGIN
  IF NOT public.app_is_admin() THEN
    RETURN;
  END IF;
  RETURN QUERY
  WITH RECURSIVE up (leaf, top) AS (
    SELECT t.relid, t.relid FROM pg_catalog.pg_stat_user_tables t
    UNION ALL
    SELECT up.leaf, h.inhparent FROM up JOIN pg_catalog.pg_inherits h ON h.inhrelid = up.top
  ), root AS (
    SELECT up.leaf, up.top FROM up
    WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_inherits h WHERE h.inhrelid = up.top)
  )
  SELECT c.relname::text, count(*) FILTER (WHERE t.relid <> root.top)::int,
         sum(pg_catalog.pg_table_size(t.relid))::bigint,
         sum(pg_catalog.pg_indexes_size(t.relid))::bigint,
         sum(pg_catalog.pg_total_relation_size(t.relid))::bigint,
         sum(t.n_live_tup)::bigint, sum(t.n_dead_tup)::bigint,
         sum(t.seq_scan)::bigint, sum(coalesce(t.idx_scan, 0))::bigint,
         max(greatest(t.last_vacuum, t.last_autovacuum)), max(greatest(t.last_analyze, t.last_autoanalyze))
  FROM pg_catalog.pg_stat_user_tables t
  JOIN root ON root.leaf = t.relid
  JOIN pg_catalog.pg_class c ON c.oid = root.top
  WHERE t.schemaname = 'public'
  GROUP BY c.relname
  ORDER BY sum(pg_catalog.pg_total_relation_size(t.relid)) DESC, c.relname;
END;
$$;

-- Measured bloat, from pgstattuple: pgstattuple_approx for tables (it skips
-- pages the visibility map marks all-visible) and pgstatindex for B-tree
-- indexes (it reads the whole index). The page asks for it on demand, on the
-- report pool. Rolled up to the partitioned parent like the lists above.
-- free_bytes is space a VACUUM FULL / REINDEX would give back beyond the
-- fill factor's reserve (B-tree leaves are built 90 % full).
CREATE FUNCTION health_bloat()
RETURNS TABLE (kind TEXT, table_name TEXT, relation_name TEXT, bytes BIGINT, free_bytes BIGINT, dead_bytes BIGINT)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = '' AS $$
DECLARE
  r RECORD;
  top_name TEXT;
  t_len BIGINT; t_free BIGINT; t_dead BIGINT;
  i_size BIGINT; i_density DOUBLE PRECISION;
BEGIN
  IF NOT public.app_is_admin() OR to_regprocedure('public.pgstattuple_approx(regclass)') IS NULL THEN
    RETURN;
  END IF;
  FOR r IN
    SELECT c.oid, c.relkind, c.relname, coalesce(tab.relname, c.relname) AS tab_name
    FROM pg_catalog.pg_class c
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_catalog.pg_index i ON i.indexrelid = c.oid
    LEFT JOIN pg_catalog.pg_class tab ON tab.oid = i.indrelid
    LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam
    WHERE n.nspname = 'public'
      AND (c.relkind = 'r' OR (c.relkind = 'i' AND am.amname = 'btree'))
  LOOP
    -- The partitioned ancestor's name (the relation itself when it has none).
    WITH RECURSIVE up (rel, depth) AS (
      SELECT r.oid, 0
      UNION ALL
      SELECT h.inhparent, up.depth + 1 FROM up JOIN pg_catalog.pg_inherits h ON h.inhrelid = up.rel
    )
    SELECT c.relname INTO top_name FROM up JOIN pg_catalog.pg_class c ON c.oid = up.rel
    ORDER BY up.depth DESC LIMIT 1;
    IF r.relkind = 'r' THEN
      SELECT a.table_len, a.approx_free_space, a.dead_tuple_len INTO t_len, t_free, t_dead
      FROM public.pgstattuple_approx(r.oid::regclass) a;
      kind := 'table'; table_name := top_name; relation_name := top_name;
      bytes := t_len; free_bytes := t_free; dead_bytes := t_dead;
    ELSE
      SELECT s.index_size, s.avg_leaf_density INTO i_size, i_density FROM public.pgstatindex(r.oid::regclass) s;
      kind := 'index';
      -- The table of the top-most index is the top-most table.
      SELECT tc.relname INTO table_name
      FROM pg_catalog.pg_class ic JOIN pg_catalog.pg_index ii ON ii.indexrelid = ic.oid
      JOIN pg_catalog.pg_class tc ON tc.oid = ii.indrelid
      WHERE ic.relname = top_name AND ic.relnamespace = 'public'::regnamespace;
      relation_name := top_name;
      bytes := i_size;
      free_bytes := CASE WHEN i_density IS NULL OR i_density = 'NaN'::float8 THEN 0
                         ELSE greatest(0, round(i_size * (1 - i_density / 90.0)))::bigint END;
      dead_bytes := 0;
    END IF;
    RETURN NEXT;
  END LOOP;
END;
$$;

-- Statements running (or sitting idle inside a transaction) for longer than
-- p_min_seconds, the report's 5 s by default; this page's own query excluded.
CREATE FUNCTION health_long_queries(p_min_seconds NUMERIC)
RETURNS TABLE (
  pid INTEGER, role_name TEXT, application_name TEXT, state TEXT, wait_event_type TEXT, wait_event TEXT,
  duration_s NUMERIC, query TEXT
)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = '' AS $$
BEGIN
  IF NOT public.app_is_admin() THEN
    RETURN;
  END IF;
  RETURN QUERY
  SELECT a.pid, a.usename::text, a.application_name, a.state, a.wait_event_type, a.wait_event,
         round(extract(epoch FROM now() - coalesce(CASE WHEN a.state = 'active' THEN a.query_start END,
                                                 a.xact_start, a.query_start))::numeric, 1),
         public.health_mask_literals(a.query)
  FROM pg_catalog.pg_stat_activity a
  WHERE a.backend_type = 'client backend'
    AND a.pid <> pg_catalog.pg_backend_pid()
    AND (a.state = 'active' OR a.state LIKE 'idle in transaction%')
    AND now() - coalesce(CASE WHEN a.state = 'active' THEN a.query_start END, a.xact_start, a.query_start)
        > greatest(coalesce(p_min_seconds, 5), 0) * interval '1 second'
  ORDER BY 7 DESC;
END;
$$;

-- Sessions waiting for a lock, and the sessions they wait for (the page
-- builds the chains from blocked_by).
CREATE FUNCTION health_lock_waits()
RETURNS TABLE (
  pid INTEGER, blocked_by INTEGER[], role_name TEXT, application_name TEXT, state TEXT,
  wait_event_type TEXT, wait_event TEXT, waiting_s NUMERIC, query TEXT
)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = '' AS $$
BEGIN
  IF NOT public.app_is_admin() THEN
    RETURN;
  END IF;
  RETURN QUERY
  WITH waiting AS (
    SELECT a.pid, pg_catalog.pg_blocking_pids(a.pid) AS blockers
    FROM pg_catalog.pg_stat_activity a
    WHERE a.wait_event_type = 'Lock' AND a.pid <> pg_catalog.pg_backend_pid()
  ), involved AS (
    SELECT w.pid FROM waiting w WHERE cardinality(w.blockers) > 0
    UNION
    SELECT unnest(w.blockers) FROM waiting w
  )
  SELECT a.pid, coalesce(w.blockers, ARRAY[]::int[]), a.usename::text, a.application_name, a.state,
         a.wait_event_type, a.wait_event,
         round(extract(epoch FROM now() - (SELECT min(l.waitstart) FROM pg_catalog.pg_locks l
                                            WHERE l.pid = a.pid AND NOT l.granted))::numeric, 1),
         public.health_mask_literals(a.query)
  FROM involved
  JOIN pg_catalog.pg_stat_activity a ON a.pid = involved.pid
  LEFT JOIN waiting w ON w.pid = a.pid
  ORDER BY a.pid;
END;
$$;

-- Records one sample (the database's own figures, plus the host's CPU and I/O
-- queue depth, which only the app can measure) and prunes samples older than
-- 7 days. Returns the new sample's id, or NULL for anyone but an admin.
CREATE FUNCTION health_record_sample(p_cpu_pct NUMERIC, p_io_queue_depth NUMERIC) RETURNS BIGINT
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = '' AS $$
DECLARE
  s RECORD;
  new_id BIGINT;
BEGIN
  IF NOT public.app_is_admin() THEN
    RETURN NULL;
  END IF;
  SELECT * INTO s FROM public.health_server();
  INSERT INTO public.db_health_sample
    (cache_hit_pct, connections, max_connections, active_queries, lock_waits, deadlocks,
     replication_lag_s, cpu_pct, io_queue_depth)
  VALUES (s.cache_hit_pct, s.connections, s.max_connections, s.active_queries, s.lock_waits, s.deadlocks,
          round(s.replication_lag_s, 3), round(least(greatest(p_cpu_pct, 0), 100), 2),
          round(greatest(p_io_queue_depth, 0), 2))
  RETURNING sample_id INTO new_id;
  DELETE FROM public.db_health_sample WHERE sampled_at < now() - interval '7 days';
  RETURN new_id;
END;
$$;

-- Resets pg_stat_statements for this database ('statements') or this
-- database's statistics counters ('database'), and records who did it.
-- Anyone but an admin gets an error: a reset must never silently not happen.
CREATE FUNCTION health_reset(p_target TEXT) RETURNS TIMESTAMPTZ
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = '' AS $$
BEGIN
  IF NOT public.app_is_admin() THEN
    RAISE EXCEPTION 'only an admin may reset statistics' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF p_target = 'statements' THEN
    IF public.health_statements_state() <> 'ok' THEN
      RAISE EXCEPTION 'pg_stat_statements is not available' USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    PERFORM public.pg_stat_statements_reset(0, (SELECT d.oid FROM pg_catalog.pg_database d
                                                WHERE d.datname = pg_catalog.current_database()), 0);
  ELSIF p_target = 'database' THEN
    PERFORM pg_catalog.pg_stat_reset();
  ELSE
    RAISE EXCEPTION 'unknown statistics target %', p_target USING ERRCODE = 'invalid_parameter_value';
  END IF;
  INSERT INTO public.db_stats_reset (target, reset_by) VALUES (p_target, public.app_user_id());
  RETURN now();
END;
$$;

DO $$
DECLARE f TEXT;
BEGIN
  FOREACH f IN ARRAY ARRAY['health_statements_state()', 'health_server()', 'health_top_queries(integer)',
                           'health_indexes()', 'health_tables()', 'health_bloat()',
                           'health_long_queries(numeric)', 'health_lock_waits()',
                           'health_record_sample(numeric, numeric)', 'health_reset(text)'] LOOP
    EXECUTE format('ALTER FUNCTION public.%s OWNER TO wedding_monitor', f);
    EXECUTE format('REVOKE ALL ON FUNCTION public.%s FROM PUBLIC', f);
    EXECUTE format('GRANT EXECUTE ON FUNCTION public.%s TO wedding_app', f);
  END LOOP;
END $$;
