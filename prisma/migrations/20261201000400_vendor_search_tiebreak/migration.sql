-- Vendor search's tie-break without a second read of each tied vendor.
--
-- A rare word's matches usually share one text rank (at full scale "kintsugi"
-- matches 368 vendors, all ranked alike), so the trigram tie-break ran for all
-- of them, each looking its vendor up again by primary key for the name and
-- category: 3 to 4 ms of the search's 6. The matches now carry their name and
-- category from the read that found them, and a category's similarity to the
-- words is computed once per category (15) instead of once per vendor. Same
-- results, same order, same columns (docs/seed-conformance.md, D31).

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
LANGUAGE plpgsql STABLE SET search_path = '' SET pg_trgm.word_similarity_threshold = 0.5
  SET plan_cache_mode = force_custom_plan AS $$
#variable_conflict use_column
DECLARE
  q TEXT := nullif(btrim(translate(left(coalesce(p_query, ''), 200), E'\uE000\uE001', '')), '');
  tsq tsquery;
  cats public.service_category[];
  st public.vendor_status;
  expected double precision;
  vendors double precision;
  in_order boolean;
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

  -- An unknown status matches nothing (as the text comparison did), without a cast error.
  SELECT s INTO st FROM unnest(enum_range(NULL::public.vendor_status)) AS s WHERE s::text = p_status;
  IF st IS NULL THEN
    RETURN;
  END IF;
  tsq := websearch_to_tsquery('english', q);
  cats := ARRAY(SELECT c FROM unnest(enum_range(NULL::public.service_category)) AS c
                WHERE q OPERATOR(public.<%) c::text);
  -- The matches are collected up to the cap (one past it, to know whether there
  -- are more) and ranked among themselves. Below the cap that is the exact
  -- ranking of every match; above it (a common word, no filter) the page ranks
  -- the first 1,000 matches found and says so, instead of scoring hundreds of
  -- thousands of rows for every request (D31). The statement is planned for
  -- each call's own words (plan_cache_mode): a rare word reads the GIN indexes,
  -- a common one reads the table in order until 1,001 rows match, which is
  -- cheaper than building a bitmap of every match, and the status filter is
  -- compared as the enum so that the planner can estimate it.
  -- How many vendors the words are expected to match, from the planner's
  -- statistics (the statement is only planned, not run).
  expected := public.vendor_text_match_estimate(p_category, p_region, p_price_band, tsq);
  SELECT greatest(c.reltuples, 1) INTO vendors FROM pg_catalog.pg_class c WHERE c.oid = 'public.vendor'::pg_catalog.regclass;
  -- Reading the table in order finds 1,001 matches after about 1001 * vendors /
  -- expected rows; the GIN index hands over all `expected` matches before the
  -- first one can be read. A row read costs about five index entries.
  -- Only for active vendors: the few inactive ones (an admin's search) are read by index.
  in_order := st = 'Active' AND expected * expected > 5 * 1001 * vendors;

  RETURN QUERY
  WITH fts_in_order AS MATERIALIZED (
    SELECT v.vendor_id, ts_rank(v.description_tsv, tsq) AS fts_rank, v.name, v.service_category
    FROM (SELECT * FROM public.vendor OFFSET 0) v  -- OFFSET 0: read in order, stop at the LIMIT
    WHERE in_order
      AND v.status = st
      AND (p_category IS NULL OR v.service_category::text = p_category)
      AND (p_region IS NULL OR v.region = p_region)
      AND (p_price_band IS NULL OR v.price_band = p_price_band)
      AND v.description_tsv @@ tsq
    LIMIT 1001
  ),
  fts AS MATERIALIZED (
    -- The in-order read is kept only when it filled the cap; otherwise (a wrong
    -- estimate) the index reads the matches, as for every rarer word.
    SELECT f.vendor_id, true AS fts_hit, f.fts_rank, f.name, f.service_category
    FROM fts_in_order f
    WHERE (SELECT count(*) FROM fts_in_order) > 1000
    UNION ALL
    (SELECT v.vendor_id, true AS fts_hit, ts_rank(v.description_tsv, tsq) AS fts_rank, v.name, v.service_category
     FROM public.vendor v
     WHERE (NOT in_order OR (SELECT count(*) FROM fts_in_order) <= 1000)
       AND v.status::text = p_status  -- as text: the partial index on active vendors is no use here
       AND (p_category IS NULL OR v.service_category::text = p_category)
       AND (p_region IS NULL OR v.region = p_region)
       AND (p_price_band IS NULL OR v.price_band = p_price_band)
       AND v.description_tsv @@ tsq
     LIMIT 1001)
  ),
  -- Name and category matches rank below every text match, so they are read
  -- only when the text matches leave room under the cap.
  other AS MATERIALIZED (
    SELECT v.vendor_id, false AS fts_hit, 0::real AS fts_rank, v.name, v.service_category
    FROM public.vendor v
    WHERE (SELECT count(*) FROM fts) <= 1000
      AND v.status::text = p_status
      AND (p_category IS NULL OR v.service_category::text = p_category)
      AND (p_region IS NULL OR v.region = p_region)
      AND (p_price_band IS NULL OR v.price_band = p_price_band)
      AND NOT coalesce(v.description_tsv @@ tsq, false)
      AND (q OPERATOR(public.<%) v.name
           OR (v.status = 'Active' AND v.service_category = ANY (cats))
           OR (p_status <> 'Active' AND v.service_category = ANY (cats)))
    LIMIT 1001
  ),
  found AS (
    SELECT * FROM fts
    UNION ALL
    SELECT * FROM other
  ),
  -- The trigram similarity only breaks ties of the text rank, and costs more
  -- than the rank: it is computed for the rows that can still reach the page.
  near AS MATERIALIZED (
    SELECT f.vendor_id, f.fts_hit, f.fts_rank, f.name, f.service_category
    FROM found f
    ORDER BY f.fts_hit DESC, f.fts_rank DESC
    FETCH FIRST (greatest(least(p_limit, 100), 0) + greatest(p_offset, 0)) ROWS WITH TIES
  ),
  -- A category's similarity to the words, once per category rather than per vendor.
  category_similarity AS (
    SELECT c AS service_category, public.word_similarity(q, c::text) AS similarity
    FROM unnest(enum_range(NULL::public.service_category)) AS c
  ),
  hits AS (
    SELECT n.vendor_id, n.fts_hit, n.fts_rank,
           greatest(public.word_similarity(q, n.name), cs.similarity) AS similarity,
           (SELECT least(count(*), 1001) FROM found) AS total_count
    FROM near n
    JOIN category_similarity cs ON cs.service_category = n.service_category
    ORDER BY n.fts_hit DESC, n.fts_rank DESC, similarity DESC, lower(n.name), n.vendor_id
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
