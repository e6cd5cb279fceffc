-- RSVP aggregation reads a per-guest state that triggers keep (docs/seed-conformance.md, D32).
--
-- The cockpit, the wedding overview and the RSVP aggregation count, per
-- wedding, the guests invited to at least one event that is not cancelled,
-- those who accepted at least one, and those who have answered none (all
-- Pending). Computed from event_rsvp that is every invitation of the wedding,
-- grouped by guest: about 12 ms per wedding at full scale (30M invitations),
-- and most of the cockpit's time for a planner's 50 weddings. The per-guest
-- result changes only when an invitation is added, answered, moved or removed,
-- or an event is cancelled or restored, so it is kept in guest_rsvp_state at
-- that moment and the counts read one narrow row per guest.
--
-- A row exists exactly for the guests invited to at least one event that is not
-- cancelled; accepted and pending are over those events' invitations. The
-- refresh function recomputes the given guests from event_rsvp and event, so
-- the table can always be rebuilt from them (it is derived data: not audited,
-- no personal data).

CREATE TABLE guest_rsvp_state (
  guest_id   INTEGER NOT NULL,
  wedding_id INTEGER NOT NULL,
  accepted   BOOLEAN NOT NULL,
  pending    BOOLEAN NOT NULL,
  updated_at TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
  CONSTRAINT guest_rsvp_state_pkey PRIMARY KEY (guest_id),
  CONSTRAINT guest_rsvp_state_guest_id_wedding_id_fkey FOREIGN KEY (guest_id, wedding_id)
    REFERENCES guest (guest_id, wedding_id) ON DELETE CASCADE ON UPDATE NO ACTION
);
-- The counts per wedding, from the index alone.
CREATE INDEX idx_guest_rsvp_state_wedding ON guest_rsvp_state (wedding_id) INCLUDE (accepted, pending);

ALTER TABLE guest_rsvp_state ENABLE ROW LEVEL SECURITY;
ALTER TABLE guest_rsvp_state FORCE ROW LEVEL SECURITY;
GRANT SELECT ON guest_rsvp_state TO wedding_app;
CREATE POLICY planner_own ON guest_rsvp_state FOR SELECT
  USING (wedding_id IN (SELECT app_planner_wedding_ids()));
CREATE POLICY admin_all ON guest_rsvp_state FOR SELECT USING ((SELECT app_is_admin()));

-- Only the refresh below writes the table, as wedding_rls, whoever changed the
-- invitations (a planner, a guest answering, an admin, a job).
GRANT SELECT ON event_rsvp TO wedding_rls;
CREATE POLICY rls_lookup ON event_rsvp FOR SELECT TO wedding_rls USING (true);
GRANT SELECT, INSERT, UPDATE, DELETE ON guest_rsvp_state TO wedding_rls;
CREATE POLICY rls_refresh ON guest_rsvp_state TO wedding_rls USING (true) WITH CHECK (true);

-- Refreshes of one wedding's guests take turns (a transaction-scoped advisory
-- lock per wedding, taken in wedding order): each then reads the invitations
-- with a snapshot taken after the lock, so two guests' answers saved at the
-- same moment cannot leave a state computed without the other's. Per wedding,
-- not per guest, so that a transaction touching thousands of guests (the demo
-- seed, a CSV import) holds a few locks, not thousands. Writes to invitations
-- happen in READ COMMITTED transactions, where each statement here sees what
-- committed before it. (Today the audit trigger's hash chain already makes
-- audited writes take turns; this lock does not rely on it.)
CREATE FUNCTION guest_rsvp_state_refresh(p_guest_ids INTEGER[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
BEGIN
  IF coalesce(cardinality(p_guest_ids), 0) = 0 THEN
    RETURN;
  END IF;
  PERFORM pg_catalog.pg_advisory_xact_lock(7411, w.wedding_id)
  FROM (SELECT g.wedding_id FROM public.guest g WHERE g.guest_id = ANY (p_guest_ids)
        UNION
        SELECT s.wedding_id FROM public.guest_rsvp_state s WHERE s.guest_id = ANY (p_guest_ids)
        ORDER BY 1) w;

  WITH fresh AS (
    SELECT r.guest_id, r.wedding_id,
           bool_or(r.status = 'Accepted') AS accepted,
           bool_and(r.status = 'Pending') AS pending
    FROM public.event_rsvp r
    JOIN public.event e ON e.event_id = r.event_id AND e.wedding_id = r.wedding_id
    WHERE r.guest_id = ANY (p_guest_ids) AND e.status <> 'Cancelled'
    GROUP BY r.guest_id, r.wedding_id
  ),
  gone AS (
    DELETE FROM public.guest_rsvp_state s
    WHERE s.guest_id = ANY (p_guest_ids) AND s.guest_id NOT IN (SELECT f.guest_id FROM fresh f)
  )
  INSERT INTO public.guest_rsvp_state AS s (guest_id, wedding_id, accepted, pending)
  SELECT f.guest_id, f.wedding_id, f.accepted, f.pending FROM fresh f
  ON CONFLICT (guest_id) DO UPDATE
    SET wedding_id = excluded.wedding_id, accepted = excluded.accepted, pending = excluded.pending, updated_at = now()
    WHERE (s.wedding_id, s.accepted, s.pending) IS DISTINCT FROM (excluded.wedding_id, excluded.accepted, excluded.pending);
END;
$$;
ALTER FUNCTION guest_rsvp_state_refresh(INTEGER[]) OWNER TO wedding_rls;
REVOKE ALL ON FUNCTION guest_rsvp_state_refresh(INTEGER[]) FROM PUBLIC;

-- The guests invited to the given events, for a change of an event's status.
CREATE FUNCTION guest_rsvp_state_refresh_events(p_event_ids INTEGER[]) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = '' AS $$
  SELECT public.guest_rsvp_state_refresh(ARRAY(
    SELECT DISTINCT r.guest_id FROM public.event_rsvp r WHERE r.event_id = ANY (p_event_ids)))
$$;
ALTER FUNCTION guest_rsvp_state_refresh_events(INTEGER[]) OWNER TO wedding_rls;
REVOKE ALL ON FUNCTION guest_rsvp_state_refresh_events(INTEGER[]) FROM PUBLIC;

-- Statement triggers with transition tables: one refresh per statement, for
-- the guests it touched (a CSV import of 500 invitations refreshes once).
-- The trigger functions run as the person and hand the ids to the definer
-- functions above, which are executable by no one else.
CREATE FUNCTION event_rsvp_state_inserted() RETURNS TRIGGER
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
BEGIN
  PERFORM public.guest_rsvp_state_refresh(ARRAY(SELECT DISTINCT n.guest_id FROM new_rows n));
  RETURN NULL;
END;
$$;
CREATE FUNCTION event_rsvp_state_updated() RETURNS TRIGGER
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
BEGIN
  -- Only a changed answer, guest or event matters; a meal choice does not.
  PERFORM public.guest_rsvp_state_refresh(ARRAY(
    SELECT n.guest_id FROM new_rows n JOIN old_rows o ON o.rsvp_id = n.rsvp_id
    WHERE (n.status, n.guest_id, n.event_id, n.wedding_id) IS DISTINCT FROM (o.status, o.guest_id, o.event_id, o.wedding_id)
    UNION
    SELECT o.guest_id FROM new_rows n JOIN old_rows o ON o.rsvp_id = n.rsvp_id
    WHERE (n.guest_id, n.wedding_id) IS DISTINCT FROM (o.guest_id, o.wedding_id)));
  RETURN NULL;
END;
$$;
CREATE FUNCTION event_rsvp_state_deleted() RETURNS TRIGGER
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
BEGIN
  PERFORM public.guest_rsvp_state_refresh(ARRAY(SELECT DISTINCT o.guest_id FROM old_rows o));
  RETURN NULL;
END;
$$;
CREATE FUNCTION event_state_updated() RETURNS TRIGGER
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
BEGIN
  PERFORM public.guest_rsvp_state_refresh_events(ARRAY(
    SELECT n.event_id FROM new_rows n JOIN old_rows o ON o.event_id = n.event_id
    WHERE (n.status = 'Cancelled') IS DISTINCT FROM (o.status = 'Cancelled')));
  RETURN NULL;
END;
$$;
ALTER FUNCTION event_rsvp_state_inserted() OWNER TO wedding_rls;
ALTER FUNCTION event_rsvp_state_updated() OWNER TO wedding_rls;
ALTER FUNCTION event_rsvp_state_deleted() OWNER TO wedding_rls;
ALTER FUNCTION event_state_updated() OWNER TO wedding_rls;
REVOKE ALL ON FUNCTION event_rsvp_state_inserted(), event_rsvp_state_updated(), event_rsvp_state_deleted(),
  event_state_updated() FROM PUBLIC;

CREATE TRIGGER guest_rsvp_state_insert AFTER INSERT ON event_rsvp
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION event_rsvp_state_inserted();
CREATE TRIGGER guest_rsvp_state_update AFTER UPDATE ON event_rsvp
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION event_rsvp_state_updated();
CREATE TRIGGER guest_rsvp_state_delete AFTER DELETE ON event_rsvp
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION event_rsvp_state_deleted();
CREATE TRIGGER guest_rsvp_state_event AFTER UPDATE ON event
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION event_state_updated();

-- The state of every guest there is now.
INSERT INTO guest_rsvp_state (guest_id, wedding_id, accepted, pending)
SELECT r.guest_id, r.wedding_id, bool_or(r.status = 'Accepted'), bool_and(r.status = 'Pending')
FROM event_rsvp r
JOIN event e ON e.event_id = r.event_id AND e.wedding_id = r.wedding_id
WHERE e.status <> 'Cancelled'
GROUP BY r.guest_id, r.wedding_id;
ANALYZE guest_rsvp_state;
