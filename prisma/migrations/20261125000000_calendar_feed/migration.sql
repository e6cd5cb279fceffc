-- An ICS calendar feed per wedding, behind an unguessable URL that can be
-- revoked (issue 4, point 8). Calendar apps fetch the feed with no session and
-- no identity, so they read it only through calendar_feed_events() below,
-- which reveals one wedding's schedule for a live token and nothing else.

-- One row per wedding. Revoking sets revoked_at and keeps the row, so the old
-- URL answers 404; a new link replaces the token in the same row. Every change
-- is in the audit trail (trigger below), which is the history of old links.
CREATE TABLE calendar_feed (
  feed_id    SERIAL PRIMARY KEY,
  wedding_id INTEGER NOT NULL UNIQUE REFERENCES wedding (wedding_id) ON DELETE CASCADE,
  -- 24 random bytes as base64url: 32 characters, 192 bits.
  token      TEXT NOT NULL UNIQUE DEFAULT translate(encode(gen_random_bytes(24), 'base64'), '+/', '-_')
             CHECK (token ~ '^[A-Za-z0-9_-]{32}$'),
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  revoked_at TIMESTAMPTZ
);

-- Row-level security, written like the security migration's: an admin sees
-- every feed, a planner the feeds of their own weddings, anyone else none.
ALTER TABLE calendar_feed ENABLE ROW LEVEL SECURITY;
ALTER TABLE calendar_feed FORCE ROW LEVEL SECURITY;
CREATE POLICY admin_all ON calendar_feed USING ((SELECT app_is_admin())) WITH CHECK ((SELECT app_is_admin()));
CREATE POLICY planner_own ON calendar_feed
  USING (wedding_id IN (SELECT app_planner_wedding_ids()))
  WITH CHECK (wedding_id IN (SELECT app_planner_wedding_ids()));

-- The app creates, rotates and revokes feeds; it never deletes one (a wedding's
-- deletion cascades).
GRANT SELECT, INSERT, UPDATE ON calendar_feed TO wedding_app;
GRANT USAGE ON SEQUENCE calendar_feed_feed_id_seq TO wedding_app;

CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON calendar_feed
  FOR EACH ROW EXECUTE FUNCTION audit_capture('feed_id', 'calendar_feed');

-- The feed itself ------------------------------------------------------------------
-- The wedding's name and its events that are not cancelled, for a live token:
-- one row per event, or one row with a NULL event_id when the wedding has no
-- events yet; no row at all for an unknown or revoked token. Guests, budgets,
-- run-of-show notes and everything else stay out.
CREATE FUNCTION calendar_feed_events(p_token TEXT)
RETURNS TABLE (
  wedding_name TEXT,
  event_id     INTEGER,
  event_name   TEXT,
  event_type   event_type,
  region       TEXT,
  event_date   DATE,
  start_time   TIME,
  end_time     TIME,
  location     TEXT,
  status       event_status,
  updated_at   TIMESTAMPTZ
)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
  SELECT w.wedding_name, e.event_id, e.name, e.event_type, e.region, e.event_date, e.start_time, e.end_time,
         e.location, e.status, e.updated_at
  FROM public.calendar_feed f
  JOIN public.wedding w ON w.wedding_id = f.wedding_id
  LEFT JOIN public.event e ON e.wedding_id = f.wedding_id AND e.status <> 'Cancelled'
  WHERE f.token = p_token AND f.revoked_at IS NULL
  ORDER BY e.event_date, e.start_time, e.event_id
$$;

-- Owned by the lookup role, whose own policies let it read exactly the three
-- tables the function reads (wedding already has one).
ALTER FUNCTION calendar_feed_events(TEXT) OWNER TO wedding_rls;
GRANT SELECT ON calendar_feed, event TO wedding_rls;
CREATE POLICY rls_lookup ON calendar_feed FOR SELECT TO wedding_rls USING (true);
CREATE POLICY rls_lookup ON event FOR SELECT TO wedding_rls USING (true);
REVOKE ALL ON FUNCTION calendar_feed_events(TEXT) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION calendar_feed_events(TEXT) TO wedding_app;
