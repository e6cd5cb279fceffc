-- The vendor portal's shared records (issue 5, point 2): proposals a planner
-- sends to a vendor, the contract an accepted proposal becomes, and one message
-- thread per (wedding, vendor). Each row is seen by the wedding's planner and
-- the vendor involved, nobody else (and admins).
--
-- Who may change what is decided in three layers:
-- 1. column privileges: the app role may only INSERT the columns a person
--    fills in, and UPDATE only proposal.status, contract.status and the two
--    read markers of a thread. Lines, totals, dates and message bodies have no
--    UPDATE privilege at all, so no policy could ever let anyone rewrite them;
-- 2. row-level security: which rows each identity may read, insert or update
--    (a vendor: only proposals addressed to them that are still Sent);
-- 3. triggers that hold for every role, the owner included: the allowed status
--    moves, expiry judged by the database's clock, immutability, totals equal
--    to the sum of the lines, and who a message is from.
-- The contract itself is written by a SECURITY DEFINER trigger when a proposal
-- is accepted, so the app role has no INSERT privilege on contract.

CREATE TYPE proposal_status AS ENUM ('Sent', 'Accepted', 'Declined');
CREATE TYPE contract_status AS ENUM ('Active', 'Completed', 'Cancelled');

-- Tables -------------------------------------------------------------------------------
CREATE TABLE proposal (
  proposal_id  SERIAL PRIMARY KEY,
  wedding_id   INTEGER NOT NULL REFERENCES wedding (wedding_id) ON DELETE CASCADE,
  vendor_id    INTEGER NOT NULL REFERENCES vendor (vendor_id) ON DELETE RESTRICT,
  status       proposal_status NOT NULL DEFAULT 'Sent',
  -- The wedding's currency, copied by the insert trigger.
  currency     CHAR(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  -- The sum of the lines' totals, checked when the transaction commits.
  total_amount NUMERIC(12, 2) NOT NULL CHECK (total_amount >= 0),
  -- Acceptable through this day, by the database's calendar.
  valid_until  DATE NOT NULL,
  message      TEXT CHECK (length(message) <= 2000),
  created_by   INTEGER REFERENCES users (user_id) ON DELETE SET NULL,
  responded_at TIMESTAMPTZ,
  created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
  CONSTRAINT proposal_answer_has_time CHECK ((status = 'Sent') = (responded_at IS NULL)),
  -- Lets a contract reference its proposal together with wedding and vendor.
  CONSTRAINT proposal_proposal_id_wedding_id_vendor_id_key UNIQUE (proposal_id, wedding_id, vendor_id)
);
CREATE INDEX proposal_wedding_id_created_at_idx ON proposal (wedding_id, created_at DESC);
CREATE INDEX proposal_vendor_id_status_idx ON proposal (vendor_id, status);
CREATE INDEX proposal_created_by_idx ON proposal (created_by);

CREATE TABLE proposal_line (
  line_id     SERIAL PRIMARY KEY,
  proposal_id INTEGER NOT NULL REFERENCES proposal (proposal_id) ON DELETE CASCADE,
  position    SMALLINT NOT NULL CHECK (position BETWEEN 1 AND 50),
  description TEXT NOT NULL CHECK (length(description) BETWEEN 1 AND 300),
  quantity    INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 100000),
  unit_price  NUMERIC(12, 2) NOT NULL CHECK (unit_price >= 0),
  -- Exact: an integer times a numeric with two decimals. Too large a product
  -- fails (numeric overflow) rather than being rounded.
  line_total  NUMERIC(12, 2) GENERATED ALWAYS AS (quantity * unit_price) STORED NOT NULL,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  CONSTRAINT proposal_line_proposal_id_position_key UNIQUE (proposal_id, position)
);

CREATE TABLE contract (
  contract_id           SERIAL PRIMARY KEY,
  proposal_id           INTEGER NOT NULL UNIQUE,
  wedding_id            INTEGER NOT NULL REFERENCES wedding (wedding_id) ON DELETE CASCADE,
  vendor_id             INTEGER NOT NULL REFERENCES vendor (vendor_id) ON DELETE RESTRICT,
  status                contract_status NOT NULL DEFAULT 'Active',
  -- The names as they were at acceptance: the document does not change when a wedding is renamed.
  wedding_name          TEXT NOT NULL CHECK (length(wedding_name) BETWEEN 1 AND 200),
  vendor_name           TEXT NOT NULL CHECK (length(vendor_name) BETWEEN 1 AND 200),
  currency              CHAR(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  total_amount          NUMERIC(12, 2) NOT NULL CHECK (total_amount >= 0),
  accepted_at           TIMESTAMPTZ NOT NULL,
  -- The contract document: generated from the accepted proposal (see
  -- contract_document_text), so only its metadata is stored.
  document_file_name    TEXT NOT NULL CHECK (length(document_file_name) BETWEEN 1 AND 255),
  document_content_type TEXT NOT NULL CHECK (length(document_content_type) BETWEEN 1 AND 100),
  document_size_bytes   INTEGER NOT NULL CHECK (document_size_bytes >= 0),
  document_sha256       TEXT NOT NULL CHECK (document_sha256 ~ '^[0-9a-f]{64}$'),
  document_storage_ref  TEXT NOT NULL CHECK (length(document_storage_ref) BETWEEN 1 AND 500),
  created_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
  CONSTRAINT contract_proposal_fkey FOREIGN KEY (proposal_id, wedding_id, vendor_id)
    REFERENCES proposal (proposal_id, wedding_id, vendor_id) ON DELETE CASCADE
);
CREATE INDEX contract_proposal_id_wedding_id_vendor_id_idx ON contract (proposal_id, wedding_id, vendor_id);
CREATE INDEX contract_wedding_id_idx ON contract (wedding_id);
CREATE INDEX contract_vendor_id_idx ON contract (vendor_id);

-- One conversation per wedding and vendor. message_count numbers the messages
-- (1, 2, 3 ... in commit order, because posting locks the thread row); each
-- side's read marker is the number of the last message it has seen, so its
-- unread count is the other side's messages above that number.
CREATE TABLE message_thread (
  thread_id        SERIAL PRIMARY KEY,
  wedding_id       INTEGER NOT NULL REFERENCES wedding (wedding_id) ON DELETE CASCADE,
  vendor_id        INTEGER NOT NULL REFERENCES vendor (vendor_id) ON DELETE RESTRICT,
  message_count    INTEGER NOT NULL DEFAULT 0 CHECK (message_count >= 0),
  planner_read_seq INTEGER NOT NULL DEFAULT 0,
  vendor_read_seq  INTEGER NOT NULL DEFAULT 0,
  last_message_at  TIMESTAMPTZ,
  created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
  CONSTRAINT message_thread_read_in_range
    CHECK (planner_read_seq BETWEEN 0 AND message_count AND vendor_read_seq BETWEEN 0 AND message_count),
  CONSTRAINT message_thread_wedding_id_vendor_id_key UNIQUE (wedding_id, vendor_id)
);
CREATE INDEX message_thread_vendor_id_last_message_at_idx ON message_thread (vendor_id, last_message_at DESC);

CREATE TABLE message (
  message_id     SERIAL PRIMARY KEY,
  thread_id      INTEGER NOT NULL REFERENCES message_thread (thread_id) ON DELETE CASCADE,
  seq            INTEGER NOT NULL CHECK (seq >= 1),
  sender_side    TEXT NOT NULL CHECK (sender_side IN ('planner', 'vendor')),
  sender_user_id INTEGER REFERENCES users (user_id) ON DELETE SET NULL,
  -- Plain text, shown as text (never as HTML).
  body           TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 2000 AND body ~ '\S'),
  created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
  CONSTRAINT message_thread_id_seq_key UNIQUE (thread_id, seq)
);
CREATE INDEX message_sender_user_id_idx ON message (sender_user_id);

-- Lookups for policies (security definer, owned by wedding_rls) -------------------------
-- A vendor sees the weddings that sent them a proposal or talk to them, as
-- they see the weddings that booked them: the row, never its guests or budget.
CREATE FUNCTION app_vendor_contact_wedding_ids() RETURNS SETOF INTEGER
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
  SELECT t.wedding_id FROM public.message_thread t WHERE t.vendor_id = public.app_vendor_id()
  UNION
  SELECT p.wedding_id FROM public.proposal p WHERE p.vendor_id = public.app_vendor_id()
$$;

-- Where the weddings that booked the vendor take place: the live venue
-- bookings of those weddings, nothing else of them.
CREATE FUNCTION vendor_booking_venues()
RETURNS TABLE (wedding_id INTEGER, event_date DATE, venue_name TEXT, venue_region TEXT)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
  SELECT b.wedding_id, b.event_date, v.name, v.region
  FROM public.booking b JOIN public.venue v ON v.venue_id = b.venue_id
  WHERE b.status <> 'Cancelled'
    AND b.wedding_id IN (SELECT mine.wedding_id FROM public.booking mine WHERE mine.vendor_id = public.app_vendor_id())
  ORDER BY b.wedding_id, b.event_date, b.booking_id
$$;

ALTER FUNCTION app_vendor_contact_wedding_ids() OWNER TO wedding_rls;
ALTER FUNCTION vendor_booking_venues() OWNER TO wedding_rls;
REVOKE ALL ON FUNCTION vendor_booking_venues() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION vendor_booking_venues() TO wedding_app;
GRANT SELECT ON proposal, proposal_line, message_thread, venue TO wedding_rls;
CREATE POLICY rls_lookup ON proposal FOR SELECT TO wedding_rls USING (true);
CREATE POLICY rls_lookup ON proposal_line FOR SELECT TO wedding_rls USING (true);
CREATE POLICY rls_lookup ON message_thread FOR SELECT TO wedding_rls USING (true);
-- Named apart from other migrations' policies on venue, which may add their own lookup.
CREATE POLICY rls_lookup_vendor_portal ON venue FOR SELECT TO wedding_rls USING (true);

CREATE POLICY vendor_contact ON wedding FOR SELECT USING (wedding_id IN (SELECT app_vendor_contact_wedding_ids()));

-- Row-level security -----------------------------------------------------------------------
DO $$
DECLARE t TEXT;
BEGIN
  FOREACH t IN ARRAY ARRAY['proposal', 'proposal_line', 'contract', 'message_thread', 'message'] LOOP
    EXECUTE format('ALTER TABLE public.%I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE public.%I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY admin_all ON public.%I USING ((SELECT public.app_is_admin())) '
                   'WITH CHECK ((SELECT public.app_is_admin()))', t);
  END LOOP;
END $$;

-- proposal: the planner reads and sends (to an Active vendor); the vendor reads
-- theirs and may answer one that is still Sent.
CREATE POLICY planner_read ON proposal FOR SELECT USING (wedding_id IN (SELECT app_planner_wedding_ids()));
CREATE POLICY planner_send ON proposal FOR INSERT
  WITH CHECK (wedding_id IN (SELECT app_planner_wedding_ids())
              AND vendor_id IN (SELECT v.vendor_id FROM vendor v WHERE v.status = 'Active'));
CREATE POLICY vendor_read ON proposal FOR SELECT USING (vendor_id = (SELECT app_vendor_id()));
CREATE POLICY vendor_answer ON proposal FOR UPDATE
  USING (vendor_id = (SELECT app_vendor_id()) AND status = 'Sent')
  WITH CHECK (vendor_id = (SELECT app_vendor_id()));

-- proposal_line: visible exactly when its proposal is (the subquery applies the
-- proposal's policies); written by the planner with the proposal.
CREATE POLICY with_proposal ON proposal_line FOR SELECT
  USING (EXISTS (SELECT 1 FROM proposal p WHERE p.proposal_id = proposal_line.proposal_id));
CREATE POLICY planner_send ON proposal_line FOR INSERT
  WITH CHECK (EXISTS (SELECT 1 FROM proposal p
                      WHERE p.proposal_id = proposal_line.proposal_id
                        AND p.wedding_id IN (SELECT app_planner_wedding_ids())));

-- contract: both sides read it; the planner may move its status on. The
-- acceptance trigger (as wedding_rls) is the only writer of new contracts.
CREATE POLICY planner_read ON contract FOR SELECT USING (wedding_id IN (SELECT app_planner_wedding_ids()));
CREATE POLICY planner_status ON contract FOR UPDATE
  USING (wedding_id IN (SELECT app_planner_wedding_ids()))
  WITH CHECK (wedding_id IN (SELECT app_planner_wedding_ids()));
CREATE POLICY vendor_read ON contract FOR SELECT USING (vendor_id = (SELECT app_vendor_id()));
CREATE POLICY rls_accept ON contract FOR INSERT TO wedding_rls WITH CHECK (true);

-- message_thread: the planner starts one (with an Active vendor); each side
-- reads its own and moves its own read marker (the guard trigger keeps each
-- side to its own marker).
CREATE POLICY planner_read ON message_thread FOR SELECT USING (wedding_id IN (SELECT app_planner_wedding_ids()));
CREATE POLICY planner_start ON message_thread FOR INSERT
  WITH CHECK (wedding_id IN (SELECT app_planner_wedding_ids())
              AND vendor_id IN (SELECT v.vendor_id FROM vendor v WHERE v.status = 'Active'));
CREATE POLICY planner_mark ON message_thread FOR UPDATE
  USING (wedding_id IN (SELECT app_planner_wedding_ids()))
  WITH CHECK (wedding_id IN (SELECT app_planner_wedding_ids()));
CREATE POLICY vendor_read ON message_thread FOR SELECT USING (vendor_id = (SELECT app_vendor_id()));
CREATE POLICY vendor_mark ON message_thread FOR UPDATE
  USING (vendor_id = (SELECT app_vendor_id())) WITH CHECK (vendor_id = (SELECT app_vendor_id()));
CREATE POLICY rls_count ON message_thread FOR UPDATE TO wedding_rls USING (true) WITH CHECK (true);

-- message: visible with its thread; written by either side of the thread, as
-- themselves (the insert trigger fills in the sender from the identity).
CREATE POLICY with_thread ON message FOR SELECT
  USING (EXISTS (SELECT 1 FROM message_thread t WHERE t.thread_id = message.thread_id));
CREATE POLICY participant_post ON message FOR INSERT
  WITH CHECK (EXISTS (SELECT 1 FROM message_thread t WHERE t.thread_id = message.thread_id)
              AND sender_user_id = (SELECT app_user_id())
              AND sender_side = (SELECT app_role()));

-- Privileges ---------------------------------------------------------------------------------
GRANT SELECT ON proposal, proposal_line, contract, message_thread, message TO wedding_app;
GRANT INSERT (wedding_id, vendor_id, total_amount, valid_until, message) ON proposal TO wedding_app;
GRANT UPDATE (status) ON proposal TO wedding_app;
GRANT INSERT (proposal_id, position, description, quantity, unit_price) ON proposal_line TO wedding_app;
GRANT UPDATE (status) ON contract TO wedding_app;
GRANT INSERT (wedding_id, vendor_id) ON message_thread TO wedding_app;
GRANT UPDATE (planner_read_seq, vendor_read_seq) ON message_thread TO wedding_app;
GRANT INSERT (thread_id, body) ON message TO wedding_app;
GRANT USAGE ON SEQUENCE proposal_proposal_id_seq, proposal_line_line_id_seq, message_thread_thread_id_seq,
  message_message_id_seq TO wedding_app;
GRANT INSERT ON contract TO wedding_rls;
GRANT USAGE ON SEQUENCE contract_contract_id_seq TO wedding_rls;
GRANT UPDATE (message_count, last_message_at) ON message_thread TO wedding_rls;

-- Proposals: sending -------------------------------------------------------------------------
CREATE FUNCTION proposal_before_insert() RETURNS TRIGGER
LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
  NEW.status := 'Sent';
  NEW.responded_at := NULL;
  NEW.currency := (SELECT w.currency FROM public.wedding w WHERE w.wedding_id = NEW.wedding_id);
  IF public.app_role() = 'planner' THEN
    NEW.created_by := public.app_user_id();
  END IF;
  IF NEW.valid_until < current_date THEN
    RAISE EXCEPTION 'proposal_valid_until_past' USING ERRCODE = 'check_violation',
      DETAIL = 'A proposal must be valid through today or later.';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER proposal_before_insert BEFORE INSERT ON proposal
  FOR EACH ROW EXECUTE FUNCTION proposal_before_insert();

-- Lines belong to the transaction that sends their proposal: afterwards a
-- proposal's lines can be neither added nor changed.
CREATE FUNCTION proposal_line_guard() RETURNS TRIGGER
LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    RAISE EXCEPTION 'proposal_line_immutable' USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM public.proposal p
                 WHERE p.proposal_id = NEW.proposal_id AND p.status = 'Sent' AND p.created_at = now()) THEN
    RAISE EXCEPTION 'proposal_line_after_send' USING ERRCODE = 'integrity_constraint_violation',
      DETAIL = 'Lines are written in the transaction that sends their proposal.';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER proposal_line_guard BEFORE INSERT OR UPDATE ON proposal_line
  FOR EACH ROW EXECUTE FUNCTION proposal_line_guard();

-- At commit: a proposal has lines, and its total is exactly their sum.
CREATE FUNCTION proposal_check_total() RETURNS TRIGGER
LANGUAGE plpgsql SET search_path = '' AS $$
DECLARE
  expected NUMERIC;
  lines    INTEGER;
  summed   NUMERIC;
BEGIN
  SELECT p.total_amount INTO expected FROM public.proposal p WHERE p.proposal_id = NEW.proposal_id;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  SELECT count(*), coalesce(sum(l.line_total), 0) INTO lines, summed
  FROM public.proposal_line l WHERE l.proposal_id = NEW.proposal_id;
  IF lines = 0 THEN
    RAISE EXCEPTION 'proposal_without_lines' USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF summed <> expected THEN
    RAISE EXCEPTION 'proposal_total_mismatch' USING ERRCODE = 'integrity_constraint_violation',
      DETAIL = format('The lines add up to %s, the proposal says %s.', summed, expected);
  END IF;
  RETURN NULL;
END;
$$;
CREATE CONSTRAINT TRIGGER proposal_total AFTER INSERT ON proposal
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION proposal_check_total();
CREATE CONSTRAINT TRIGGER proposal_line_total AFTER INSERT ON proposal_line
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION proposal_check_total();

-- Proposals: answering -----------------------------------------------------------------------
-- Only the status moves, once, from Sent to Accepted or Declined, and only
-- while the proposal is valid by the database's clock. Everything else stays as
-- sent (created_by may only be cleared, when its account is deleted).
CREATE FUNCTION proposal_guard_update() RETURNS TRIGGER
LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
  IF (NEW.proposal_id, NEW.wedding_id, NEW.vendor_id, NEW.currency, NEW.total_amount, NEW.valid_until,
      NEW.message, NEW.created_at)
     IS DISTINCT FROM
     (OLD.proposal_id, OLD.wedding_id, OLD.vendor_id, OLD.currency, OLD.total_amount, OLD.valid_until,
      OLD.message, OLD.created_at)
     OR (NEW.created_by IS DISTINCT FROM OLD.created_by AND NEW.created_by IS NOT NULL) THEN
    RAISE EXCEPTION 'proposal_immutable' USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF NEW.status IS DISTINCT FROM OLD.status THEN
    IF OLD.status <> 'Sent' THEN
      RAISE EXCEPTION 'proposal_already_answered' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF OLD.valid_until < current_date THEN
      RAISE EXCEPTION 'proposal_expired' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    NEW.responded_at := now();
  ELSIF NEW.responded_at IS DISTINCT FROM OLD.responded_at THEN
    RAISE EXCEPTION 'proposal_immutable' USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER proposal_guard_update BEFORE UPDATE ON proposal
  FOR EACH ROW EXECUTE FUNCTION proposal_guard_update();

-- The contract document: plain text built from the accepted proposal, its lines
-- (which never change) and the names kept on the contract. The same inputs
-- always give the same bytes, so the stored SHA-256 and size describe it.
CREATE FUNCTION contract_document_text(
  p_proposal_id INTEGER, p_wedding_name TEXT, p_vendor_name TEXT, p_currency TEXT, p_total NUMERIC,
  p_valid_until DATE, p_accepted_at TIMESTAMPTZ
) RETURNS TEXT
LANGUAGE sql STABLE SET search_path = '' AS $$
  SELECT concat_ws(E'\n',
    'Contract for proposal ' || p_proposal_id,
    'Wedding: ' || p_wedding_name,
    'Vendor: ' || p_vendor_name,
    'Valid until: ' || to_char(p_valid_until, 'YYYY-MM-DD'),
    'Accepted at: ' || to_char(p_accepted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    '',
    (SELECT string_agg(format('%s. %s: %s x %s = %s %s', l.position, l.description, l.quantity, l.unit_price,
                              l.line_total, p_currency), E'\n' ORDER BY l.position)
     FROM public.proposal_line l WHERE l.proposal_id = p_proposal_id),
    '',
    'Total: ' || p_total || ' ' || p_currency) || E'\n'
$$;

-- An accepted proposal becomes its contract, in the same transaction.
CREATE FUNCTION proposal_create_contract() RETURNS TRIGGER
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE
  wedding_name TEXT := (SELECT w.wedding_name FROM public.wedding w WHERE w.wedding_id = NEW.wedding_id);
  vendor_name  TEXT := (SELECT v.name FROM public.vendor v WHERE v.vendor_id = NEW.vendor_id);
  body         BYTEA;
BEGIN
  body := convert_to(public.contract_document_text(NEW.proposal_id, wedding_name, vendor_name, NEW.currency,
                                                   NEW.total_amount, NEW.valid_until, NEW.responded_at), 'UTF8');
  INSERT INTO public.contract (proposal_id, wedding_id, vendor_id, wedding_name, vendor_name, currency, total_amount,
                               accepted_at, document_file_name, document_content_type, document_size_bytes,
                               document_sha256, document_storage_ref)
  VALUES (NEW.proposal_id, NEW.wedding_id, NEW.vendor_id, wedding_name, vendor_name, NEW.currency, NEW.total_amount,
          NEW.responded_at, format('contract-%s.txt', NEW.proposal_id), 'text/plain; charset=utf-8',
          octet_length(body), encode(sha256(body), 'hex'),
          format('generated:contract_document_text/proposal/%s', NEW.proposal_id));
  RETURN NULL;
END;
$$;
ALTER FUNCTION proposal_create_contract() OWNER TO wedding_rls;
GRANT SELECT ON wedding, vendor TO wedding_rls;
CREATE TRIGGER proposal_create_contract AFTER UPDATE OF status ON proposal
  FOR EACH ROW WHEN (OLD.status = 'Sent' AND NEW.status = 'Accepted')
  EXECUTE FUNCTION proposal_create_contract();

-- A contract never changes after acceptance, except its status: Active, then
-- Completed or Cancelled.
CREATE FUNCTION contract_guard_update() RETURNS TRIGGER
LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
  IF (NEW.contract_id, NEW.proposal_id, NEW.wedding_id, NEW.vendor_id, NEW.wedding_name, NEW.vendor_name,
      NEW.currency, NEW.total_amount, NEW.accepted_at, NEW.document_file_name, NEW.document_content_type,
      NEW.document_size_bytes, NEW.document_sha256, NEW.document_storage_ref, NEW.created_at)
     IS DISTINCT FROM
     (OLD.contract_id, OLD.proposal_id, OLD.wedding_id, OLD.vendor_id, OLD.wedding_name, OLD.vendor_name,
      OLD.currency, OLD.total_amount, OLD.accepted_at, OLD.document_file_name, OLD.document_content_type,
      OLD.document_size_bytes, OLD.document_sha256, OLD.document_storage_ref, OLD.created_at) THEN
    RAISE EXCEPTION 'contract_immutable' USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF NEW.status IS DISTINCT FROM OLD.status AND OLD.status <> 'Active' THEN
    RAISE EXCEPTION 'contract_status_final' USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER contract_guard_update BEFORE UPDATE ON contract
  FOR EACH ROW EXECUTE FUNCTION contract_guard_update();

-- Messages -------------------------------------------------------------------------------------
-- Each side moves only its own read marker, never backwards nor past the last
-- message; the thread's wedding and vendor never change.
CREATE FUNCTION message_thread_guard_update() RETURNS TRIGGER
LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
  IF (NEW.thread_id, NEW.wedding_id, NEW.vendor_id, NEW.created_at)
     IS DISTINCT FROM (OLD.thread_id, OLD.wedding_id, OLD.vendor_id, OLD.created_at)
     OR NEW.message_count < OLD.message_count THEN
    RAISE EXCEPTION 'message_thread_immutable' USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF (public.app_role() = 'vendor' AND NEW.planner_read_seq IS DISTINCT FROM OLD.planner_read_seq)
     OR (public.app_role() = 'planner' AND NEW.vendor_read_seq IS DISTINCT FROM OLD.vendor_read_seq) THEN
    RAISE EXCEPTION 'message_thread_other_side' USING ERRCODE = 'insufficient_privilege';
  END IF;
  NEW.planner_read_seq := least(greatest(OLD.planner_read_seq, NEW.planner_read_seq), NEW.message_count);
  NEW.vendor_read_seq := least(greatest(OLD.vendor_read_seq, NEW.vendor_read_seq), NEW.message_count);
  RETURN NEW;
END;
$$;
CREATE TRIGGER message_thread_guard_update BEFORE UPDATE ON message_thread
  FOR EACH ROW EXECUTE FUNCTION message_thread_guard_update();

-- A message is from whoever is signed in, and takes the thread's next number
-- under the thread's row lock, so numbers follow commit order.
CREATE FUNCTION message_before_insert() RETURNS TRIGGER
LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
  IF public.app_role() IN ('planner', 'vendor') THEN
    NEW.sender_side := public.app_role();
    NEW.sender_user_id := public.app_user_id();
  END IF;
  NEW.created_at := now();
  SELECT t.message_count + 1 INTO NEW.seq FROM public.message_thread t WHERE t.thread_id = NEW.thread_id FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'message_thread_not_found' USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER message_before_insert BEFORE INSERT ON message
  FOR EACH ROW EXECUTE FUNCTION message_before_insert();

CREATE FUNCTION message_after_insert() RETURNS TRIGGER
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
BEGIN
  UPDATE public.message_thread SET message_count = NEW.seq, last_message_at = NEW.created_at
  WHERE thread_id = NEW.thread_id;
  RETURN NULL;
END;
$$;
ALTER FUNCTION message_after_insert() OWNER TO wedding_rls;
CREATE TRIGGER message_after_insert AFTER INSERT ON message
  FOR EACH ROW EXECUTE FUNCTION message_after_insert();

-- Messages are never edited (the sender may only be cleared, when the account is deleted).
CREATE FUNCTION message_guard_update() RETURNS TRIGGER
LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
  IF (NEW.message_id, NEW.thread_id, NEW.seq, NEW.sender_side, NEW.body, NEW.created_at)
     IS DISTINCT FROM (OLD.message_id, OLD.thread_id, OLD.seq, OLD.sender_side, OLD.body, OLD.created_at)
     OR NEW.sender_user_id IS NOT NULL AND NEW.sender_user_id IS DISTINCT FROM OLD.sender_user_id THEN
    RAISE EXCEPTION 'message_immutable' USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER message_guard_update BEFORE UPDATE ON message
  FOR EACH ROW EXECUTE FUNCTION message_guard_update();

-- Audit and versions ---------------------------------------------------------------------------
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON proposal
  FOR EACH ROW EXECUTE FUNCTION audit_capture('proposal_id', 'proposal');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON proposal_line
  FOR EACH ROW EXECUTE FUNCTION audit_capture('line_id', 'proposal_line');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON contract
  FOR EACH ROW EXECUTE FUNCTION audit_capture('contract_id', 'contract');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON message_thread
  FOR EACH ROW EXECUTE FUNCTION audit_capture('thread_id', 'message_thread');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON message
  FOR EACH ROW EXECUTE FUNCTION audit_capture('message_id', 'message');
CREATE TRIGGER touch_updated_at BEFORE UPDATE ON proposal
  FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER touch_updated_at BEFORE UPDATE ON contract
  FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER touch_updated_at BEFORE UPDATE ON message_thread
  FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
