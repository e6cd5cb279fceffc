-- The wedding table's two vendor policies cost every other person a scan of
-- every booking partition (issue 6, point 5).
--
-- Policies OR together, so PostgreSQL evaluates vendor_own and vendor_contact
-- for planners, guests and admins too: app_vendor_wedding_ids() plans and runs
-- `booking WHERE vendor_id = app_vendor_id()` over all ~40 quarter partitions
-- (about 10-25 ms on 2 cores, even with app_vendor_id() NULL), and
-- app_vendor_contact_wedding_ids() scans message_thread and proposal, on every
-- query that reads wedding. Checking the role first lets the executor skip the
-- hashed subplan ("never executed") for anyone who is not a vendor. COALESCE
-- because app_role() is NULL without an identity, and NULL AND x still
-- evaluates x. Who sees what does not change: both functions already return
-- nothing unless app_role() = 'vendor'.

ALTER POLICY vendor_own ON wedding
  USING (COALESCE((SELECT app_role()) = 'vendor', false) AND wedding_id IN (SELECT app_vendor_wedding_ids()));

ALTER POLICY vendor_contact ON wedding
  USING (COALESCE((SELECT app_role()) = 'vendor', false) AND wedding_id IN (SELECT app_vendor_contact_wedding_ids()));
