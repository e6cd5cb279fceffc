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
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
  SELECT b.event_date FROM public.booking b
  WHERE b.venue_id = p_venue_id AND b.event_date >= p_from AND b.event_date <= p_to AND b.status <> 'Cancelled'
    AND public.app_role() IN ('planner', 'admin') AND public.app_user_id() IS NOT NULL
  ORDER BY b.event_date
$$;
ALTER FUNCTION venue_booked_days(INTEGER, DATE, DATE) OWNER TO wedding_rls;
REVOKE ALL ON FUNCTION venue_booked_days(INTEGER, DATE, DATE) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION venue_booked_days(INTEGER, DATE, DATE) TO wedding_app;
