-- Payment schedules, refunds and overpayment overrides (issue 5, point 5).
--
-- A booking's schedule is a list of installments: a deposit, installments and
-- a final payment, each with an amount and a due date that is either fixed or
-- a number of days before the booking's event day. Payments stay in the
-- payment table (partitioned by month); a payment may name the installment it
-- pays, a refund is its own payment row pointing at the payment it returns,
-- and a payment that takes the booking past its total carries the planner's
-- reason. How much of each installment is paid is computed on read
-- (payment_installment_balance below), never stored, so it cannot go stale.

CREATE TABLE payment_installment (
  installment_id     SERIAL PRIMARY KEY,
  booking_id         INTEGER NOT NULL,
  booking_event_date DATE NOT NULL,
  wedding_id         INTEGER NOT NULL REFERENCES wedding (wedding_id) ON DELETE CASCADE,
  client_id          INTEGER NOT NULL REFERENCES client (client_id) ON DELETE RESTRICT,
  kind               TEXT NOT NULL CHECK (kind IN ('deposit', 'installment', 'final')),
  amount             NUMERIC(12, 2) NOT NULL CHECK (amount > 0),
  due_rule           TEXT NOT NULL CHECK (due_rule IN ('fixed', 'relative')),
  -- For a relative rule, kept equal to booking_event_date - days_before_event
  -- by the trigger below (and checked), so every reader sees one due date.
  due_date           DATE NOT NULL,
  days_before_event  INTEGER CHECK (days_before_event BETWEEN 0 AND 3650),
  created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
  CONSTRAINT payment_installment_rule CHECK ((due_rule = 'relative') = (days_before_event IS NOT NULL)),
  CONSTRAINT payment_installment_relative_due
    CHECK (due_rule <> 'relative' OR due_date = booking_event_date - days_before_event),
  -- As payment does: the booking's key includes its partition key, and wedding
  -- and couple come along so an installment cannot disagree with its booking.
  -- ON UPDATE CASCADE carries a moved event day into booking_event_date, and
  -- the trigger then moves relative due dates with it.
  CONSTRAINT payment_installment_booking_fkey FOREIGN KEY (booking_id, booking_event_date, wedding_id, client_id)
    REFERENCES booking (booking_id, event_date, wedding_id, client_id) ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX payment_installment_booking_fkey_idx
  ON payment_installment (booking_id, booking_event_date, wedding_id, client_id);
-- The row-level security policy and "overdue installments of a wedding" filter on it.
CREATE INDEX payment_installment_wedding_id_due_date_idx ON payment_installment (wedding_id, due_date);
CREATE INDEX payment_installment_client_id_idx ON payment_installment (client_id);
-- One deposit and one final payment per booking.
CREATE UNIQUE INDEX payment_installment_one_deposit_final_key
  ON payment_installment (booking_id, kind) WHERE kind IN ('deposit', 'final');

-- Relative due dates follow the event day. A trigger rather than a generated
-- column: a generated column cannot mix a computed and a typed date in one
-- column, and the CHECK above still holds whichever client writes.
CREATE FUNCTION payment_installment_due_date() RETURNS TRIGGER LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
  IF NEW.due_rule = 'relative' AND NEW.days_before_event IS NOT NULL THEN
    NEW.due_date := NEW.booking_event_date - NEW.days_before_event;
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER due_date BEFORE INSERT OR UPDATE ON payment_installment
  FOR EACH ROW EXECUTE FUNCTION payment_installment_due_date();

-- A schedule never adds up to more than its booking's total. The app checks
-- this first (with a clear message) under the same lock; this is the backstop
-- for any other writer. It locks the booking row, so two schedules written at
-- once take turns and the second sees the first. BEFORE the row is written,
-- so the lock comes ahead of the foreign key's own (a KEY SHARE lock on the
-- booking that two writers could both hold, then deadlock upgrading). Lowering
-- a booking's total below its schedule is not blocked here: the payments page
-- shows the schedule against the total.
CREATE FUNCTION payment_installment_within_total() RETURNS TRIGGER LANGUAGE plpgsql SET search_path = '' AS $$
DECLARE
  total     NUMERIC;
  scheduled NUMERIC;
BEGIN
  SELECT b.total_cost INTO total FROM public.booking b
  WHERE b.booking_id = NEW.booking_id AND b.event_date = NEW.booking_event_date FOR UPDATE;
  SELECT coalesce(sum(i.amount), 0) + NEW.amount INTO scheduled FROM public.payment_installment i
  WHERE i.booking_id = NEW.booking_id AND i.booking_event_date = NEW.booking_event_date
    AND (TG_OP = 'INSERT' OR i.installment_id <> OLD.installment_id);
  IF scheduled > total THEN
    RAISE EXCEPTION 'payment schedule of booking % adds up to %, more than its total %', NEW.booking_id, scheduled, total
      USING ERRCODE = 'check_violation', CONSTRAINT = 'payment_installment_within_total';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER within_total BEFORE INSERT OR UPDATE OF amount ON payment_installment
  FOR EACH ROW EXECUTE FUNCTION payment_installment_within_total();

-- Payments: the installment paid, refunds, and the overpayment override -----------
ALTER TABLE payment
  -- Which installment this payment pays, when the planner said so. Deleting an
  -- installment keeps its payments, unlinked.
  ADD COLUMN installment_id         INTEGER REFERENCES payment_installment (installment_id) ON DELETE SET NULL,
  -- A refund is a payment row of its own, money going back to the couple on
  -- its own day (payment_date), pointing at the payment it returns. Its status
  -- is always Refunded. A Refunded row without this reference is a payment
  -- refunded in full the older way (the demo's cancelled deposits): it counts
  -- neither as paid nor as a refund.
  ADD COLUMN refund_of_payment_id   INTEGER,
  ADD COLUMN refund_of_payment_date DATE,
  -- Set when this payment took the booking past its total, with the planner's
  -- explicit override; the audit trigger records it with the row.
  ADD COLUMN overpayment_reason     TEXT,
  ADD CONSTRAINT payment_refund_of_both
    CHECK ((refund_of_payment_id IS NULL) = (refund_of_payment_date IS NULL)),
  ADD CONSTRAINT payment_refund_is_refunded CHECK (refund_of_payment_id IS NULL OR payment_status = 'Refunded'),
  ADD CONSTRAINT payment_refund_no_override CHECK (refund_of_payment_id IS NULL OR overpayment_reason IS NULL),
  ADD CONSTRAINT payment_overpayment_reason_length
    CHECK (overpayment_reason IS NULL OR length(btrim(overpayment_reason)) BETWEEN 1 AND 500),
  ADD CONSTRAINT payment_refund_of_fkey FOREIGN KEY (refund_of_payment_id, refund_of_payment_date)
    REFERENCES payment (payment_id, payment_date) ON DELETE CASCADE ON UPDATE CASCADE;
CREATE INDEX payment_installment_id_idx ON payment (installment_id);
CREATE INDEX payment_refund_of_idx ON payment (refund_of_payment_id, refund_of_payment_date);

-- What each installment has been paid -------------------------------------------
-- A payment row adds to what the couple paid when it is Completed, and takes
-- away when it is a refund; Pending, Failed and old-style Refunded rows count
-- nothing. Payments (and their refunds) that name an installment pay it first,
-- up to its amount; everything else the booking received is then applied to
-- the remaining installments in due order, oldest first, the way a planner
-- chases money. security_invoker: the reader's row-level security applies.
CREATE VIEW payment_installment_balance WITH (security_invoker = true) AS
WITH net AS (
  SELECT p.booking_id, p.booking_event_date, p.installment_id,
         CASE WHEN p.refund_of_payment_id IS NOT NULL THEN -p.amount
              WHEN p.payment_status = 'Completed' THEN p.amount
              ELSE 0 END AS net
  FROM public.payment p
),
booking_paid AS (
  SELECT booking_id, booking_event_date, sum(net) AS paid FROM net GROUP BY booking_id, booking_event_date
),
linked AS (
  SELECT installment_id, sum(net) AS paid FROM net WHERE installment_id IS NOT NULL GROUP BY installment_id
),
direct AS (
  SELECT i.*, least(i.amount, greatest(coalesce(l.paid, 0), 0)) AS direct
  FROM public.payment_installment i LEFT JOIN linked l USING (installment_id)
),
pooled AS (
  SELECT d.*,
         greatest(coalesce(bp.paid, 0) - sum(d.direct) OVER whole, 0) AS pool,
         sum(d.amount - d.direct) OVER running AS short_through
  FROM direct d LEFT JOIN booking_paid bp USING (booking_id, booking_event_date)
  WINDOW whole AS (PARTITION BY d.booking_id, d.booking_event_date),
         running AS (PARTITION BY d.booking_id, d.booking_event_date ORDER BY d.due_date, d.installment_id)
),
allocated AS (
  SELECT pooled.*,
         direct + least(amount - direct, greatest(pool - (short_through - (amount - direct)), 0)) AS covered
  FROM pooled
)
SELECT installment_id, booking_id, booking_event_date, wedding_id, client_id, kind, amount, due_rule, due_date,
       days_before_event, covered::numeric(12, 2) AS covered, (amount - covered)::numeric(12, 2) AS outstanding
FROM allocated;

-- Money a wedding is waiting for, one row per item, with its due day: open
-- installments of bookings that have a schedule, and Pending payments of
-- bookings that have none (a scheduled booking is judged by its schedule, so
-- nothing is counted twice). The cockpit and the overview read their overdue
-- figures from here.
CREATE VIEW payment_open_item WITH (security_invoker = true) AS
SELECT 'installment'::text AS source, i.installment_id AS item_id, i.wedding_id, i.booking_id, i.booking_event_date,
       i.kind, i.due_date, i.outstanding AS amount
FROM public.payment_installment_balance i
WHERE i.outstanding > 0
UNION ALL
SELECT 'payment'::text, p.payment_id, p.wedding_id, p.booking_id, p.booking_event_date,
       NULL::text, coalesce(p.due_date, p.payment_date), p.amount
FROM public.payment p
WHERE p.payment_status = 'Pending'
  AND NOT EXISTS (SELECT 1 FROM public.payment_installment s
                  WHERE s.booking_id = p.booking_id AND s.booking_event_date = p.booking_event_date);

-- Row-level security, written like the security migration's -----------------------
-- An admin sees every schedule, a planner the schedules of their own weddings,
-- and a vendor the schedules of its own bookings (read only: it is the payee,
-- and these are the terms it agreed to). Vendors still see no payments, and
-- guests see nothing.
CREATE FUNCTION app_vendor_booking_ids() RETURNS SETOF INTEGER
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
  SELECT b.booking_id FROM public.booking b WHERE b.vendor_id = public.app_vendor_id()
$$;
ALTER FUNCTION app_vendor_booking_ids() OWNER TO wedding_rls;

ALTER TABLE payment_installment ENABLE ROW LEVEL SECURITY;
ALTER TABLE payment_installment FORCE ROW LEVEL SECURITY;
CREATE POLICY admin_all ON payment_installment USING ((SELECT app_is_admin())) WITH CHECK ((SELECT app_is_admin()));
CREATE POLICY planner_own ON payment_installment
  USING (wedding_id IN (SELECT app_planner_wedding_ids()))
  WITH CHECK (wedding_id IN (SELECT app_planner_wedding_ids()));
CREATE POLICY vendor_own ON payment_installment FOR SELECT
  USING (booking_id IN (SELECT app_vendor_booking_ids()));

-- The app adds and removes installments; the event day moves them through the
-- foreign key, which needs no privilege of the app role.
GRANT SELECT, INSERT, DELETE ON payment_installment TO wedding_app;
GRANT USAGE ON SEQUENCE payment_installment_installment_id_seq TO wedding_app;
GRANT SELECT ON payment_installment_balance, payment_open_item TO wedding_app;

CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON payment_installment
  FOR EACH ROW EXECUTE FUNCTION audit_capture('installment_id', 'payment_installment');
CREATE TRIGGER touch_updated_at BEFORE UPDATE ON payment_installment
  FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
