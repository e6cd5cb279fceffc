-- Booking that cannot double-book (issue 5, report section 4.2).
-- The reservation flow locks the venue or vendor row (SELECT ... FOR UPDATE),
-- then inserts only where no live booking holds that day, in READ COMMITTED.
-- The unique indexes are the guarantee whatever path a write takes:
-- booking_venue_day_key (init migration) for venues, booking_vendor_day_key
-- below for vendors that take one event a day. See docs/seed-conformance.md
-- (4.1-b, 4.2-e, D13, D25).

-- Vendors that can take one event a day (a photographer); the others
-- (a caterer with several teams) are not limited.
ALTER TABLE vendor ADD COLUMN one_event_per_day BOOLEAN NOT NULL DEFAULT false;

-- A partial index predicate can only read the booking's own columns, so each
-- booking carries its vendor's rule. The trigger below sets it on every write;
-- nobody can clear it by hand.
ALTER TABLE booking ADD COLUMN exclusive_day BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE booking ADD CONSTRAINT booking_exclusive_day_is_vendor CHECK (NOT exclusive_day OR vendor_id IS NOT NULL);

-- One live booking per day for such a vendor. It includes the partition key,
-- so PostgreSQL accepts it on the partitioned table.
CREATE UNIQUE INDEX booking_vendor_day_key ON booking (vendor_id, event_date)
  WHERE exclusive_day AND status <> 'Cancelled';

-- Security definer, owned by wedding_rls: the person writing a booking (a
-- planner, an admin, the seed) cannot always read the vendor row.
CREATE FUNCTION booking_set_exclusive_day() RETURNS TRIGGER
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
BEGIN
  NEW.exclusive_day := NEW.vendor_id IS NOT NULL AND coalesce(
    (SELECT v.one_event_per_day FROM public.vendor v WHERE v.vendor_id = NEW.vendor_id), false);
  RETURN NEW;
END;
$$;
ALTER FUNCTION booking_set_exclusive_day() OWNER TO wedding_rls;
CREATE TRIGGER booking_exclusive_day BEFORE INSERT OR UPDATE ON booking
  FOR EACH ROW EXECUTE FUNCTION booking_set_exclusive_day();

-- A vendor that switches to one event a day carries the rule to the bookings
-- it already has; when two live ones share a day, the index refuses the switch.
CREATE FUNCTION vendor_sync_exclusive_day() RETURNS TRIGGER
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
BEGIN
  UPDATE public.booking SET exclusive_day = NEW.one_event_per_day
  WHERE vendor_id = NEW.vendor_id AND exclusive_day IS DISTINCT FROM NEW.one_event_per_day;
  RETURN NULL;
END;
$$;
ALTER FUNCTION vendor_sync_exclusive_day() OWNER TO wedding_rls;
CREATE TRIGGER vendor_sync_exclusive_day AFTER UPDATE OF one_event_per_day ON vendor
  FOR EACH ROW WHEN (OLD.one_event_per_day IS DISTINCT FROM NEW.one_event_per_day)
  EXECUTE FUNCTION vendor_sync_exclusive_day();
GRANT UPDATE (exclusive_day) ON booking TO wedding_rls;
CREATE POLICY rls_exclusive_day ON booking FOR UPDATE TO wedding_rls USING (true) WITH CHECK (true);

-- Whether a live booking already holds the day. Row-level security shows a
-- planner only their own weddings' bookings, so the report's NOT EXISTS
-- would miss another planner's booking; these look at every booking and
-- answer yes or no, nothing else.
CREATE FUNCTION booking_venue_day_taken(p_venue_id INTEGER, p_event_date DATE) RETURNS BOOLEAN
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
  SELECT EXISTS (
    SELECT 1 FROM public.booking b
    WHERE b.venue_id = p_venue_id AND b.event_date = p_event_date AND b.status <> 'Cancelled'
      AND public.app_role() IN ('planner', 'admin') AND public.app_user_id() IS NOT NULL)
$$;
CREATE FUNCTION booking_vendor_day_taken(p_vendor_id INTEGER, p_event_date DATE) RETURNS BOOLEAN
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
  SELECT EXISTS (
    SELECT 1 FROM public.booking b
    WHERE b.vendor_id = p_vendor_id AND b.event_date = p_event_date AND b.exclusive_day AND b.status <> 'Cancelled'
      AND public.app_role() IN ('planner', 'admin') AND public.app_user_id() IS NOT NULL)
$$;
ALTER FUNCTION booking_venue_day_taken(INTEGER, DATE) OWNER TO wedding_rls;
ALTER FUNCTION booking_vendor_day_taken(INTEGER, DATE) OWNER TO wedding_rls;
REVOKE ALL ON FUNCTION booking_venue_day_taken(INTEGER, DATE), booking_vendor_day_taken(INTEGER, DATE) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION booking_venue_day_taken(INTEGER, DATE), booking_vendor_day_taken(INTEGER, DATE) TO wedding_app;

-- SELECT ... FOR UPDATE needs an UPDATE policy that lets the row through.
-- Planners may lock a venue or vendor row, never change one: any UPDATE they
-- try fails the WITH CHECK.
CREATE POLICY planner_lock ON venue FOR UPDATE
  USING ((SELECT app_role()) = 'planner' AND (SELECT app_user_id()) IS NOT NULL) WITH CHECK (false);
CREATE POLICY planner_lock ON vendor FOR UPDATE
  USING ((SELECT app_role()) = 'planner' AND (SELECT app_user_id()) IS NOT NULL) WITH CHECK (false);
