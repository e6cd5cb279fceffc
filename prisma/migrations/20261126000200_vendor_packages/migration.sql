-- Vendor packages and the vendor catalogue (issue 5, point 1; report §1.1-b,
-- §2.3.3 and §3.1). A vendor sells packages (name, description, price); the
-- full-text search covers the vendor's name, description and active packages.
-- See docs/seed-conformance.md (2.3.3-a and D26) for why packages reach the
-- search through a denormalised column.

-- Packages ---------------------------------------------------------------------------
CREATE TABLE vendor_package (
  package_id  SERIAL PRIMARY KEY,
  vendor_id   INTEGER NOT NULL REFERENCES vendor (vendor_id) ON DELETE CASCADE,
  name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description TEXT CHECK (length(description) <= 2000),
  -- In EUR, like the catalogue's price bands.
  price       NUMERIC(12, 2) NOT NULL CHECK (price >= 0),
  active      BOOLEAN NOT NULL DEFAULT true,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- Serves the foreign key, the row-level security policies (which filter on
-- vendor_id) and the catalogue's "active packages of this vendor".
CREATE INDEX vendor_package_vendor_id_active_idx ON vendor_package (vendor_id, active);

-- The searchable text of a vendor's active packages -------------------------------------
-- A generated column can only read its own row, so vendor.description_tsv cannot
-- look at vendor_package. packages_text holds the active packages' names and
-- descriptions; the triggers below keep it current, and the tsvector is
-- regenerated to include it at weight C (name A, description B).
ALTER TABLE vendor ADD COLUMN packages_text TEXT NOT NULL DEFAULT '';
ALTER TABLE vendor DROP COLUMN description_tsv; -- drops idx_vendor_description_gin with it
ALTER TABLE vendor ADD COLUMN description_tsv TSVECTOR GENERATED ALWAYS AS (
  setweight(to_tsvector('english', coalesce(name, '')), 'A') ||
  setweight(to_tsvector('english', coalesce(description, '')), 'B') ||
  setweight(to_tsvector('english', packages_text), 'C')
) STORED;
CREATE INDEX idx_vendor_description_gin ON vendor USING GIN (description_tsv);

-- Runs as the person who changed the package (a vendor on their own row, or an
-- admin), so row-level security applies to this write as to any other.
CREATE FUNCTION vendor_refresh_packages_text(p_vendor_id INTEGER) RETURNS void
LANGUAGE sql SET search_path = '' AS $$
  UPDATE public.vendor v
  SET packages_text = coalesce((
    SELECT string_agg(p.name || coalesce(' ' || p.description, ''), E'\n' ORDER BY lower(p.name), p.package_id)
    FROM public.vendor_package p WHERE p.vendor_id = p_vendor_id AND p.active), '')
  WHERE v.vendor_id = p_vendor_id
$$;

CREATE FUNCTION vendor_package_sync() RETURNS TRIGGER
LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM public.vendor_refresh_packages_text(OLD.vendor_id);
  END IF;
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.vendor_id <> OLD.vendor_id) THEN
    PERFORM public.vendor_refresh_packages_text(NEW.vendor_id);
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER sync_packages_text AFTER INSERT OR UPDATE OR DELETE ON vendor_package
  FOR EACH ROW EXECUTE FUNCTION vendor_package_sync();

-- Guards on vendor rows ----------------------------------------------------------------
-- - packages_text is written only by the trigger above (one trigger level down);
-- - a vendor may edit their profile, never their status (an admin suspends
--   them) nor whose account the row belongs to. The policy vendor_update lets a
--   vendor update their own row; this decides which columns.
CREATE FUNCTION vendor_guard_update() RETURNS TRIGGER
LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
  IF NEW.packages_text IS DISTINCT FROM OLD.packages_text AND pg_trigger_depth() < 2 THEN
    RAISE EXCEPTION 'vendor.packages_text is maintained from vendor_package' USING ERRCODE = '42501';
  END IF;
  IF public.app_role() = 'vendor'
     AND (NEW.status IS DISTINCT FROM OLD.status OR NEW.user_id IS DISTINCT FROM OLD.user_id
          OR NEW.vendor_id IS DISTINCT FROM OLD.vendor_id) THEN
    RAISE EXCEPTION 'a vendor may not change their status or account' USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER guard_update BEFORE UPDATE ON vendor FOR EACH ROW EXECUTE FUNCTION vendor_guard_update();

-- A vendor's version (updated_at, for optimistic concurrency) is their profile's:
-- refreshing packages_text after a package change does not move it, so an open
-- profile form stays valid while the vendor edits packages.
DROP TRIGGER touch_updated_at ON vendor;
CREATE TRIGGER touch_updated_at BEFORE UPDATE ON vendor
  FOR EACH ROW WHEN (OLD.packages_text IS NOT DISTINCT FROM NEW.packages_text)
  EXECUTE FUNCTION touch_updated_at();

-- Row-level security, written like the security migration's ----------------------------
ALTER TABLE vendor_package ENABLE ROW LEVEL SECURITY;
ALTER TABLE vendor_package FORCE ROW LEVEL SECURITY;
CREATE POLICY admin_all ON vendor_package USING ((SELECT app_is_admin())) WITH CHECK ((SELECT app_is_admin()));
-- A vendor manages their own packages, all of them.
CREATE POLICY vendor_own ON vendor_package
  USING (vendor_id = (SELECT app_vendor_id())) WITH CHECK (vendor_id = (SELECT app_vendor_id()));
-- A planner reads the active packages of active vendors.
CREATE POLICY catalogue_read ON vendor_package FOR SELECT
  USING ((SELECT app_role()) = 'planner' AND (SELECT app_user_id()) IS NOT NULL AND active
         AND vendor_id IN (SELECT v.vendor_id FROM vendor v WHERE v.status = 'Active'));

GRANT SELECT, INSERT, UPDATE, DELETE ON vendor_package TO wedding_app;
GRANT USAGE ON SEQUENCE vendor_package_package_id_seq TO wedding_app;

CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON vendor_package
  FOR EACH ROW EXECUTE FUNCTION audit_capture('package_id', 'vendor_package');
CREATE TRIGGER touch_updated_at BEFORE UPDATE ON vendor_package
  FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- Search -------------------------------------------------------------------------------
-- One statement for the vendor search (report §2.3.3, D15):
--   - websearch_to_tsquery accepts anything a person types;
--   - typo tolerance through pg_trgm: the text is word-similar (<%, served by
--     idx_vendor_name_trgm) to the vendor's name, or to a service category, so
--     "florst" finds florists;
--   - full-text hits come first, by ts_rank; typo-only hits follow, by similarity;
--   - ts_headline marks matches with U+E000 … U+E001 (private-use characters,
--     removed from the text first), which the page turns into <mark> elements.
-- SECURITY INVOKER: row-level security decides which vendors exist.
CREATE FUNCTION vendor_search(
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
LANGUAGE sql STABLE SET search_path = '' SET pg_trgm.word_similarity_threshold = 0.5 AS $$
  WITH input AS (
    SELECT nullif(btrim(translate(left(coalesce(p_query, ''), 200), E'\uE000\uE001', '')), '') AS q
  ),
  query AS (
    SELECT q, CASE WHEN q IS NOT NULL THEN websearch_to_tsquery('english', q) END AS tsq FROM input
  ),
  typo_categories AS (
    SELECT c FROM query, unnest(enum_range(NULL::public.service_category)) AS c
    WHERE query.q IS NOT NULL AND query.q OPERATOR(public.<%) c::text
  ),
  hits AS (
    SELECT v.vendor_id,
           coalesce(query.tsq IS NOT NULL AND v.description_tsv @@ query.tsq, false) AS fts_hit,
           CASE WHEN query.tsq IS NOT NULL AND v.description_tsv @@ query.tsq
                THEN ts_rank(v.description_tsv, query.tsq) ELSE 0 END AS fts_rank,
           CASE WHEN query.q IS NULL THEN 0
                ELSE greatest(public.word_similarity(query.q, v.name),
                              public.word_similarity(query.q, v.service_category::text)) END AS similarity,
           count(*) OVER () AS total_count
    FROM public.vendor v CROSS JOIN query
    WHERE v.status::text = p_status
      AND (p_category IS NULL OR v.service_category::text = p_category)
      AND (p_region IS NULL OR v.region = p_region)
      AND (p_price_band IS NULL OR v.price_band = p_price_band)
      AND (query.q IS NULL
           OR v.description_tsv @@ query.tsq
           OR query.q OPERATOR(public.<%) v.name
           OR v.service_category IN (SELECT c FROM typo_categories))
    ORDER BY fts_hit DESC, fts_rank DESC, similarity DESC, lower(v.name), v.vendor_id
    LIMIT greatest(least(p_limit, 100), 0) OFFSET greatest(p_offset, 0)
  )
  SELECT v.vendor_id, v.name, v.service_category::text, v.region, v.status::text, v.price_band::integer,
         CASE WHEN query.tsq IS NULL THEN v.name
              ELSE ts_headline('english', translate(v.name, E'\uE000\uE001', ''), query.tsq,
                               'HighlightAll=true, StartSel=' || E'\uE000' || ', StopSel=' || E'\uE001') END,
         CASE WHEN query.tsq IS NULL OR NOT h.fts_hit
              THEN left(coalesce(v.description, ''), 240)
              ELSE ts_headline('english',
                               translate(coalesce(v.description, '') || E'\n' || v.packages_text, E'\uE000\uE001', ''),
                               query.tsq,
                               'StartSel=' || E'\uE000' || ', StopSel=' || E'\uE001' ||
                               ', MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "') END,
         h.fts_rank::real, h.similarity::real,
         coalesce(p.package_count, 0)::integer, p.from_price::text, h.total_count::integer
  FROM hits h
  JOIN public.vendor v ON v.vendor_id = h.vendor_id
  CROSS JOIN query
  LEFT JOIN LATERAL (
    SELECT count(*) AS package_count, min(vp.price) AS from_price
    FROM public.vendor_package vp WHERE vp.vendor_id = v.vendor_id AND vp.active
  ) p ON true
  ORDER BY h.fts_hit DESC, h.fts_rank DESC, h.similarity DESC, lower(v.name), v.vendor_id
$$;
REVOKE ALL ON FUNCTION vendor_search(TEXT, TEXT, TEXT, INTEGER, TEXT, INTEGER, INTEGER) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION vendor_search(TEXT, TEXT, TEXT, INTEGER, TEXT, INTEGER, INTEGER) TO wedding_app, wedding_rls;

-- The public catalogue --------------------------------------------------------------------
-- What every planner sees alike, so the app may cache it once for all of them
-- (Next.js cache tags): active vendors' public columns and their active
-- packages, never an account, a booking or an inactive row. These functions run
-- as the lookup role, whose rls_lookup policies let it read vendors and
-- packages; they are the only way around row-level security, and only for this.
CREATE FUNCTION vendor_catalog_search(
  p_query TEXT, p_category TEXT, p_region TEXT, p_price_band INTEGER, p_limit INTEGER, p_offset INTEGER)
RETURNS TABLE (
  vendor_id INTEGER, name TEXT, service_category TEXT, region TEXT, status TEXT, price_band INTEGER,
  name_headline TEXT, headline TEXT, fts_rank REAL, similarity REAL, package_count INTEGER, from_price TEXT,
  total_count INTEGER)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
  SELECT * FROM public.vendor_search(p_query, p_category, p_region, p_price_band, 'Active', p_limit, p_offset)
$$;

CREATE FUNCTION vendor_catalog_vendor(p_vendor_id INTEGER)
RETURNS TABLE (vendor_id INTEGER, name TEXT, service_category TEXT, region TEXT, price_band INTEGER, description TEXT)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
  SELECT v.vendor_id, v.name, v.service_category::text, v.region, v.price_band::integer, v.description
  FROM public.vendor v WHERE v.vendor_id = p_vendor_id AND v.status = 'Active'
$$;

CREATE FUNCTION vendor_catalog_packages(p_vendor_id INTEGER)
RETURNS TABLE (package_id INTEGER, name TEXT, description TEXT, price TEXT)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
  SELECT p.package_id, p.name, p.description, p.price::text
  FROM public.vendor_package p JOIN public.vendor v ON v.vendor_id = p.vendor_id
  WHERE p.vendor_id = p_vendor_id AND p.active AND v.status = 'Active'
  ORDER BY p.price, lower(p.name), p.package_id
$$;

CREATE FUNCTION vendor_catalog_regions() RETURNS TABLE (region TEXT)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
  SELECT DISTINCT v.region FROM public.vendor v WHERE v.status = 'Active' ORDER BY v.region
$$;

ALTER FUNCTION vendor_catalog_search(TEXT, TEXT, TEXT, INTEGER, INTEGER, INTEGER) OWNER TO wedding_rls;
ALTER FUNCTION vendor_catalog_vendor(INTEGER) OWNER TO wedding_rls;
ALTER FUNCTION vendor_catalog_packages(INTEGER) OWNER TO wedding_rls;
ALTER FUNCTION vendor_catalog_regions() OWNER TO wedding_rls;
GRANT SELECT ON vendor_package TO wedding_rls;
CREATE POLICY rls_lookup ON vendor_package FOR SELECT TO wedding_rls USING (true);
REVOKE ALL ON FUNCTION vendor_catalog_search(TEXT, TEXT, TEXT, INTEGER, INTEGER, INTEGER),
  vendor_catalog_vendor(INTEGER), vendor_catalog_packages(INTEGER), vendor_catalog_regions() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION vendor_catalog_search(TEXT, TEXT, TEXT, INTEGER, INTEGER, INTEGER),
  vendor_catalog_vendor(INTEGER), vendor_catalog_packages(INTEGER), vendor_catalog_regions() TO wedding_app;
