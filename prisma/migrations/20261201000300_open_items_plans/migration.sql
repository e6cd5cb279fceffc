-- Open payments read through PL/pgSQL functions that plan once per session.
--
-- payment_open_item is a view over every partition of payment and
-- payment_installment (five years of months) and booking. Planning a statement
-- that reads it costs about 35 ms at `medium` scale, several times what running
-- it costs: the cockpit's overdue figures paid that on every page view, and
-- wedding_open_items() (the overview) paid it for its first five calls on each
-- connection, while PL/pgSQL tried custom plans. Both now keep one generic plan
-- per session (plan_cache_mode = force_generic_plan): the wedding ids are a
-- parameter of an index condition in each partition, which a custom plan would
-- not prune either, since payment is partitioned by day.
-- SECURITY INVOKER: row-level security applies as to the caller's own query.

ALTER FUNCTION wedding_open_items(INTEGER) SET plan_cache_mode = force_generic_plan;

CREATE FUNCTION weddings_overdue_payments(p_wedding_ids INTEGER[], p_before DATE)
RETURNS TABLE (wedding_id INTEGER, overdue_count INTEGER, overdue_amount NUMERIC)
LANGUAGE plpgsql STABLE SET search_path = '' SET plan_cache_mode = force_generic_plan AS $$
BEGIN
  RETURN QUERY
  SELECT o.wedding_id, count(*)::integer, sum(o.amount)
  FROM public.payment_open_item o
  -- = ANY: an index condition in every partition (IN (SELECT …) made a hash join over every pending payment).
  WHERE o.due_date < p_before AND o.wedding_id = ANY (p_wedding_ids)
  GROUP BY o.wedding_id;
END;
$$;
REVOKE ALL ON FUNCTION weddings_overdue_payments(INTEGER[], DATE) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION weddings_overdue_payments(INTEGER[], DATE) TO wedding_app;
