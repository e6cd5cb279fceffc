-- Statements of issue #6's benchmark workload that need the database's help.

-- Venue availability for a date range (issue #6's benchmark workload, the
-- report's idx_venue_event_date "venue availability queries sorted by event
-- date"). Row-level security shows a planner only their own weddings'
-- bookings, so a planner's own query would call a venue free on a day another
-- planner has booked. Like booking_venue_day_taken(), this function looks at
-- every live booking and answers with the taken days only: no wedding, no
-- planner, no price. The range is pruned to its quarters' partitions at
-- executor start, and each partition is read through its copy of the unique
-- index booking_venue_day_key (venue_id, event_date) WHERE status <> 'Cancelled'.
CREATE FUNCTION venue_booked_days(p_venue_id INTEGER, p_from DATE, p_to DATE)
RETURNS TABLE (event_date DATE)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = '' AS $$
BEGIN
  -- PL/pgSQL keeps the plan for the session (a SQL function would plan its
  -- statement again on every call, which costs more than running it).
  RETURN QUERY
  SELECT b.event_date FROM public.booking b
  WHERE b.venue_id = p_venue_id AND b.event_date >= p_from AND b.event_date <= p_to AND b.status <> 'Cancelled'
    AND public.app_role() IN ('planner', 'admin') AND public.app_user_id() IS NOT NULL
  ORDER BY b.event_date;
END;
$$;
ALTER FUNCTION venue_booked_days(INTEGER, DATE, DATE) OWNER TO wedding_rls;
REVOKE ALL ON FUNCTION venue_booked_days(INTEGER, DATE, DATE) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION venue_booked_days(INTEGER, DATE, DATE) TO wedding_app;

-- The vendor search, made to read its indexes (issue #6's plan checks found it
-- scanning every vendor). vendor_search() was one SQL-language statement for
-- browsing and searching alike. A SQL function's statement is planned without
-- its arguments' values, and "query.q IS NULL OR description_tsv @@ … OR …"
-- is an OR with an arm no index can serve, so every search read the whole
-- vendor table (2M rows at the report's scale). Now PL/pgSQL chooses the
-- statement: browsing (no text) as before, and a text search whose condition
-- is an OR of indexable arms only, planned with the text's value:
--   - the full-text match: idx_vendor_description_gin;
--   - a name a typo away: idx_vendor_name_trgm ('q <% name' is 'name %> q');
--   - a typo of a category name: idx_vendor_active for active vendors (the
--     categories are worked out first, into an array); for other statuses,
--     which only admins list, that arm is a plain filter.
-- Same results, same order, same columns; vendor_catalog_search() calls it as before.
CREATE OR REPLACE FUNCTION vendor_search(
  p_query TEXT, p_category TEXT, p_region TEXT, p_price_band INTEGER, p_status TEXT,
  p_limit INTEGER, p_offset INTEGER)
RETURNS TABLE (
  vendor_id        INTEGER,
  name             TEXT,
  service_category TEXT,
  region           TEXT,
  status           TEXT,
  price_band       INTEGER,
  name_headline    TEXT,
  headline         TEXT,
  fts_rank         REAL,
  similarity       REAL,
  package_count    INTEGER,
  from_price       TEXT,
  total_count      INTEGER
)
LANGUAGE plpgsql STABLE SET search_path = '' SET pg_trgm.word_similarity_threshold = 0.5 AS $$
#variable_conflict use_column
DECLARE
  q TEXT := nullif(btrim(translate(left(coalesce(p_query, ''), 200), E'\uE000\uE001', '')), '');
  tsq tsquery;
  cats public.service_category[];
BEGIN
  IF q IS NULL THEN
    RETURN QUERY
    WITH hits AS (
      SELECT v.vendor_id, count(*) OVER () AS total_count
      FROM public.vendor v
      WHERE v.status::text = p_status
        AND (p_category IS NULL OR v.service_category::text = p_category)
        AND (p_region IS NULL OR v.region = p_region)
        AND (p_price_band IS NULL OR v.price_band = p_price_band)
      ORDER BY lower(v.name), v.vendor_id
      LIMIT greatest(least(p_limit, 100), 0) OFFSET greatest(p_offset, 0)
    )
    SELECT v.vendor_id, v.name, v.service_category::text, v.region, v.status::text, v.price_band::integer,
           v.name, left(coalesce(v.description, ''), 240), 0::real, 0::real,
           coalesce(p.package_count, 0)::integer, p.from_price::text, h.total_count::integer
    FROM hits h
    JOIN public.vendor v ON v.vendor_id = h.vendor_id
    LEFT JOIN LATERAL (
      SELECT count(*) AS package_count, min(vp.price) AS from_price
      FROM public.vendor_package vp WHERE vp.vendor_id = v.vendor_id AND vp.active
    ) p ON true
    ORDER BY lower(v.name), v.vendor_id;
    RETURN;
  END IF;

  tsq := websearch_to_tsquery('english', q);
  cats := ARRAY(SELECT c FROM unnest(enum_range(NULL::public.service_category)) AS c
                WHERE q OPERATOR(public.<%) c::text);
  RETURN QUERY
  WITH hits AS (
    SELECT v.vendor_id,
           v.description_tsv @@ tsq AS fts_hit,
           CASE WHEN v.description_tsv @@ tsq THEN ts_rank(v.description_tsv, tsq) ELSE 0 END AS fts_rank,
           greatest(public.word_similarity(q, v.name), public.word_similarity(q, v.service_category::text)) AS similarity,
           count(*) OVER () AS total_count
    FROM public.vendor v
    WHERE v.status::text = p_status
      AND (p_category IS NULL OR v.service_category::text = p_category)
      AND (p_region IS NULL OR v.region = p_region)
      AND (p_price_band IS NULL OR v.price_band = p_price_band)
      AND (v.description_tsv @@ tsq
           OR q OPERATOR(public.<%) v.name
           OR (v.status = 'Active' AND v.service_category = ANY (cats))
           OR (p_status <> 'Active' AND v.service_category = ANY (cats)))
    ORDER BY fts_hit DESC, fts_rank DESC, similarity DESC, lower(v.name), v.vendor_id
    LIMIT greatest(least(p_limit, 100), 0) OFFSET greatest(p_offset, 0)
  )
  SELECT v.vendor_id, v.name, v.service_category::text, v.region, v.status::text, v.price_band::integer,
         ts_headline('english', translate(v.name, E'\uE000\uE001', ''), tsq,
                     'HighlightAll=true, StartSel=' || E'\uE000' || ', StopSel=' || E'\uE001'),
         CASE WHEN NOT h.fts_hit
              THEN left(coalesce(v.description, ''), 240)
              ELSE ts_headline('english',
                               translate(coalesce(v.description, '') || E'\n' || v.packages_text, E'\uE000\uE001', ''),
                               tsq,
                               'StartSel=' || E'\uE000' || ', StopSel=' || E'\uE001' ||
                               ', MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "') END,
         h.fts_rank::real, h.similarity::real,
         coalesce(p.package_count, 0)::integer, p.from_price::text, h.total_count::integer
  FROM hits h
  JOIN public.vendor v ON v.vendor_id = h.vendor_id
  LEFT JOIN LATERAL (
    SELECT count(*) AS package_count, min(vp.price) AS from_price
    FROM public.vendor_package vp WHERE vp.vendor_id = v.vendor_id AND vp.active
  ) p ON true
  ORDER BY h.fts_hit DESC, h.fts_rank DESC, h.similarity DESC, lower(v.name), v.vendor_id;
END;
$$;

-- A wedding's open items (payment_open_item) with the payment's own day and
-- the supplier, for the wedding overview. In the overview's one statement the
-- view and its joins expand payment's 121 monthly partitions three times and
-- booking's 41 once, each partition with its row-level security quals: with
-- the planner's policies that took about 60 ms to PLAN on every page view,
-- five times longer than running it (issue #6's ORM comparison found it).
-- Inside PL/pgSQL the statement is planned once per session and the plan
-- kept; the overview's own statement then reads no partitioned table. Runs
-- as the caller (SECURITY INVOKER): row-level security applies unchanged.
CREATE FUNCTION wedding_open_items(p_wedding_id INTEGER)
RETURNS TABLE (source TEXT, item_id INTEGER, kind TEXT, payment_date DATE, due_date DATE, amount NUMERIC, supplier TEXT)
LANGUAGE plpgsql STABLE SET search_path = '' AS $$
BEGIN
  RETURN QUERY
  SELECT o.source, o.item_id, o.kind, pay.payment_date, o.due_date, o.amount, coalesce(v.name, ve.name)
  FROM public.payment_open_item o
  JOIN public.booking bk ON bk.booking_id = o.booking_id AND bk.event_date = o.booking_event_date
  LEFT JOIN public.payment pay ON o.source = 'payment' AND pay.payment_id = o.item_id AND pay.wedding_id = o.wedding_id
  LEFT JOIN public.vendor v ON v.vendor_id = bk.vendor_id
  LEFT JOIN public.venue ve ON ve.venue_id = bk.venue_id
  WHERE o.wedding_id = p_wedding_id;
END;
$$;
REVOKE ALL ON FUNCTION wedding_open_items(INTEGER) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION wedding_open_items(INTEGER) TO wedding_app;

-- Row-level security's set lookups, made cheap for the people they do not
-- concern. A policy's OR of permissive policies is evaluated arm by arm, and
-- on wedding the vendors' arms (vendor_contact, vendor_own) come before
-- planner_own: for every planner statement that reads wedding, PostgreSQL
-- built both vendor sets first, each a SQL function planning and running a
-- query over booking's 41 partitions or over proposals and threads (about
-- 5 ms a statement, measured on the reconciliation page). They return nothing
-- for anyone but a vendor (app_vendor_id() is NULL otherwise), so they now say
-- so before querying. PL/pgSQL also keeps each function's plan for the
-- session, which matters for app_planner_wedding_ids(): a partitioned table
-- evaluates the policy once per partition it reads. Same results for everyone.
CREATE OR REPLACE FUNCTION app_vendor_wedding_ids() RETURNS SETOF INTEGER
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = '' AS $$
BEGIN
  IF public.app_role() IS DISTINCT FROM 'vendor' THEN
    RETURN;
  END IF;
  RETURN QUERY SELECT DISTINCT b.wedding_id FROM public.booking b WHERE b.vendor_id = public.app_vendor_id();
END;
$$;

CREATE OR REPLACE FUNCTION app_vendor_contact_wedding_ids() RETURNS SETOF INTEGER
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = '' AS $$
BEGIN
  IF public.app_role() IS DISTINCT FROM 'vendor' THEN
    RETURN;
  END IF;
  RETURN QUERY
  SELECT t.wedding_id FROM public.message_thread t WHERE t.vendor_id = public.app_vendor_id()
  UNION
  SELECT p.wedding_id FROM public.proposal p WHERE p.vendor_id = public.app_vendor_id();
END;
$$;

CREATE OR REPLACE FUNCTION app_planner_wedding_ids() RETURNS SETOF INTEGER
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = '' AS $$
BEGIN
  IF public.app_role() IS DISTINCT FROM 'planner' THEN
    RETURN;
  END IF;
  RETURN QUERY SELECT w.wedding_id FROM public.wedding w WHERE w.planner_id = public.app_planner_id();
END;
$$;
