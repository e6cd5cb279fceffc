-- Right of access and right of erasure (report section 6.5; issue 7 points 3 and 4).
--
-- gdpr_request records each export and erasure, with a summary of counts and
-- never personal data. The app writes it under row-level security: a planner
-- may open a request only for their own clients and their weddings' guests.
--
-- What the app may not do itself (read the audit trail, scrub it, destroy a
-- data key, touch immutable contracts and messages) goes through the security
-- definer functions below, owned by the role wedding_gdpr. Each one works only
-- for a request opened by the same person in the same transaction, so it can
-- never be called on its own.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'wedding_gdpr') THEN
    CREATE ROLE wedding_gdpr NOLOGIN NOSUPERUSER NOBYPASSRLS;
  END IF;
  IF NOT pg_has_role(current_user, 'wedding_gdpr', 'MEMBER') THEN
    EXECUTE format('GRANT wedding_gdpr TO %I', current_user);
  END IF;
END $$;

CREATE TABLE gdpr_request (
  request_id   BIGSERIAL PRIMARY KEY,
  kind         TEXT NOT NULL CHECK (kind IN ('export', 'erasure')),
  subject_kind TEXT NOT NULL CHECK (subject_kind IN ('client', 'guest')),
  subject_id   INTEGER NOT NULL,
  -- The subject's planner, kept after the subject is erased, for the planner's policy.
  planner_id   INTEGER NOT NULL REFERENCES planner (planner_id) ON DELETE RESTRICT,
  requested_by INTEGER REFERENCES users (user_id) ON DELETE SET NULL,
  requested_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  completed_at TIMESTAMPTZ,
  summary      JSONB NOT NULL DEFAULT '{}'::jsonb,
  updated_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX gdpr_request_planner_id_idx ON gdpr_request (planner_id);
CREATE INDEX gdpr_request_requested_by_idx ON gdpr_request (requested_by);
CREATE INDEX gdpr_request_subject_idx ON gdpr_request (subject_kind, subject_id);

ALTER TABLE gdpr_request ENABLE ROW LEVEL SECURITY;
ALTER TABLE gdpr_request FORCE ROW LEVEL SECURITY;
CREATE POLICY admin_all ON gdpr_request USING ((SELECT app_is_admin())) WITH CHECK ((SELECT app_is_admin()));
CREATE POLICY planner_read ON gdpr_request FOR SELECT USING (planner_id = (SELECT app_planner_id()));
-- The subject must be the planner's (client's and guest's own policies decide which).
CREATE POLICY planner_insert ON gdpr_request FOR INSERT WITH CHECK (
  planner_id = (SELECT app_planner_id()) AND requested_by = (SELECT app_user_id())
  AND CASE subject_kind
        WHEN 'client' THEN subject_id IN (SELECT c.client_id FROM client c)
        WHEN 'guest' THEN subject_id IN (SELECT g.guest_id FROM guest g)
      END);
-- Completing it: the subject may be gone by then.
CREATE POLICY planner_update ON gdpr_request FOR UPDATE
  USING (planner_id = (SELECT app_planner_id())) WITH CHECK (planner_id = (SELECT app_planner_id()));
GRANT SELECT, INSERT ON gdpr_request TO wedding_app;
GRANT UPDATE (completed_at, summary) ON gdpr_request TO wedding_app;
GRANT USAGE ON SEQUENCE gdpr_request_request_id_seq TO wedding_app;

CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON gdpr_request
  FOR EACH ROW EXECUTE FUNCTION audit_capture('request_id', 'gdpr_request');
CREATE TRIGGER touch_updated_at BEFORE UPDATE ON gdpr_request
  FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- What wedding_gdpr may do, and only that --------------------------------------------------
GRANT SELECT ON gdpr_request, wedding, guest, contract, proposal, message_thread, outbox, data_key, audit_log
  TO wedding_gdpr;
GRANT UPDATE (wedding_name) ON contract TO wedding_gdpr;
GRANT UPDATE (message) ON proposal TO wedding_gdpr;
GRANT DELETE ON message_thread, outbox, data_key TO wedding_gdpr;
-- Scrubbing keeps row_hash, chain_hash and the row's identity: only the values go.
GRANT UPDATE (old_values, new_values, scrubbed_at) ON audit_log TO wedding_gdpr;
DO $$
DECLARE t TEXT;
BEGIN
  FOREACH t IN ARRAY ARRAY['gdpr_request', 'wedding', 'guest', 'contract', 'proposal', 'message_thread', 'outbox',
                           'data_key', 'audit_log'] LOOP
    EXECUTE format('CREATE POLICY gdpr ON public.%I TO wedding_gdpr USING (true) WITH CHECK (true)', t);
  END LOOP;
END $$;

-- Contracts and proposals are immutable, except for an erasure's pseudonymisation.
CREATE OR REPLACE FUNCTION contract_guard_update() RETURNS TRIGGER
LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
  IF current_user = 'wedding_gdpr' THEN RETURN NEW; END IF;
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

CREATE OR REPLACE FUNCTION proposal_guard_update() RETURNS TRIGGER
LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
  IF current_user = 'wedding_gdpr' THEN RETURN NEW; END IF;
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

-- The request this transaction opened, by this person, still open.
CREATE FUNCTION gdpr_open_request(p_request_id BIGINT, p_kind TEXT) RETURNS public.gdpr_request
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = '' AS $$
DECLARE r public.gdpr_request;
BEGIN
  SELECT * INTO r FROM public.gdpr_request g
  WHERE g.request_id = p_request_id AND g.kind = p_kind AND g.completed_at IS NULL
    AND g.requested_at = now() AND g.requested_by = public.app_user_id();
  IF NOT FOUND THEN
    RAISE EXCEPTION 'gdpr_request_not_open' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN r;
END;
$$;

-- The records an audit row is about, through the ids it carries. A row's own
-- INSERT or DELETE entry holds the whole row, so it names every link (guest_id,
-- wedding_id, …) even for tables added later; an UPDATE entry holds only the
-- changed columns, so it is found through its record instead. Tables in
-- p_keep (financial records) are left out.
CREATE FUNCTION gdpr_linked_records(p_links JSONB, p_keep TEXT[])
RETURNS TABLE (table_name TEXT, record_id BIGINT)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
  SELECT DISTINCT a.table_name::text, a.record_id
  FROM public.audit_log a, jsonb_each(p_links) l(k, ids)
  WHERE a.operation IN ('INSERT', 'DELETE') AND a.scrubbed_at IS NULL
    AND NOT a.table_name = ANY (p_keep)
    AND l.ids @> jsonb_build_array(coalesce(a.new_values, a.old_values) -> l.k)
$$;

-- Rebuilds every materialized view, so none keeps an erased value.
CREATE FUNCTION gdpr_refresh_materialized_views() RETURNS INTEGER
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE v RECORD; n INTEGER := 0;
BEGIN
  FOR v IN SELECT schemaname, matviewname FROM pg_catalog.pg_matviews WHERE schemaname = 'public' LOOP
    EXECUTE format('REFRESH MATERIALIZED VIEW %I.%I', v.schemaname, v.matviewname);
    n := n + 1;
  END LOOP;
  RETURN n;
END;
$$;

-- The audit entries about an export's subject, for the export itself.
CREATE FUNCTION gdpr_export_audit(p_request_id BIGINT)
RETURNS TABLE (log_id BIGINT, table_name TEXT, operation TEXT, record_id BIGINT, changed_by TEXT,
               changed_at TIMESTAMPTZ, old_values JSONB, new_values JSONB, scrubbed_at TIMESTAMPTZ)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = '' AS $$
DECLARE
  r public.gdpr_request := public.gdpr_open_request(p_request_id, 'export');
  links JSONB;
BEGIN
  IF r.subject_kind = 'guest' THEN
    -- Every guest row of the same person (by email) that the requester may see.
    SELECT jsonb_build_object('guest_id', coalesce(jsonb_agg(g.guest_id), '[]'::jsonb)) INTO links
    FROM public.guest g, public.guest s
    WHERE s.guest_id = r.subject_id
      AND (g.guest_id = s.guest_id OR lower(g.email) = lower(s.email))
      AND (public.app_is_admin() OR g.wedding_id IN (SELECT public.app_planner_wedding_ids()));
  ELSE
    SELECT jsonb_build_object('client_id', jsonb_build_array(r.subject_id),
                              'wedding_id', coalesce(jsonb_agg(w.wedding_id), '[]'::jsonb)) INTO links
    FROM public.wedding w WHERE w.client_id = r.subject_id;
  END IF;
  RETURN QUERY
    SELECT a.log_id, a.table_name::text, a.operation::text, a.record_id, a.changed_by::text, a.changed_at,
           a.old_values, a.new_values, a.scrubbed_at
    FROM public.audit_log a
    JOIN public.gdpr_linked_records(links, ARRAY[]::text[]) l
      ON l.table_name = a.table_name AND l.record_id = a.record_id
    ORDER BY a.log_id;
END;
$$;

-- The privileged half of an erasure, after the app deleted and pseudonymised
-- what it may under row-level security (lib/gdpr/erase.ts): for a couple,
-- pseudonymise contracts and proposals, delete the vendor threads and the
-- remaining outbox, destroy the data key; for both, scrub the audit entries
-- linked to p_links (except tables in p_keep) and every entry whose values
-- contain one of p_terms; then rebuild the materialized views.
CREATE FUNCTION gdpr_finish_erasure(p_request_id BIGINT, p_links JSONB, p_terms TEXT[], p_keep TEXT[])
RETURNS JSONB
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE
  r public.gdpr_request := public.gdpr_open_request(p_request_id, 'erasure');
  weddings INTEGER[];
  threads JSONB;
  terms TEXT[];
  n_contracts INTEGER := 0;
  n_proposals INTEGER := 0;
  n_threads INTEGER := 0;
  n_outbox INTEGER := 0;
  n_keys INTEGER := 0;
  n_linked INTEGER;
  n_terms INTEGER;
  n_views INTEGER;
BEGIN
  IF r.subject_kind = 'client' THEN
    SELECT coalesce(array_agg(w.wedding_id), '{}') INTO weddings FROM public.wedding w WHERE w.client_id = r.subject_id;
    UPDATE public.contract c SET wedding_name = 'Wedding #' || c.wedding_id WHERE c.wedding_id = ANY (weddings);
    GET DIAGNOSTICS n_contracts = ROW_COUNT;
    UPDATE public.proposal p SET message = NULL WHERE p.wedding_id = ANY (weddings) AND p.message IS NOT NULL;
    GET DIAGNOSTICS n_proposals = ROW_COUNT;
    SELECT coalesce(jsonb_agg(t.thread_id), '[]'::jsonb) INTO threads
    FROM public.message_thread t WHERE t.wedding_id = ANY (weddings);
    p_links := p_links || jsonb_build_object('thread_id', threads);
    DELETE FROM public.message_thread t WHERE t.wedding_id = ANY (weddings);
    GET DIAGNOSTICS n_threads = ROW_COUNT;
    DELETE FROM public.outbox o WHERE o.wedding_id = ANY (weddings);
    GET DIAGNOSTICS n_outbox = ROW_COUNT;
    DELETE FROM public.data_key k WHERE k.client_id = r.subject_id;
    GET DIAGNOSTICS n_keys = ROW_COUNT;
  END IF;

  UPDATE public.audit_log a SET scrubbed_at = now(), old_values = NULL, new_values = NULL
  FROM public.gdpr_linked_records(p_links, p_keep) l
  WHERE a.table_name = l.table_name AND a.record_id = l.record_id AND a.scrubbed_at IS NULL;
  GET DIAGNOSTICS n_linked = ROW_COUNT;

  -- Short terms would match nearly everything.
  SELECT coalesce(array_agg(DISTINCT lower(t)), '{}') INTO terms FROM unnest(p_terms) t WHERE length(btrim(t)) >= 3;
  UPDATE public.audit_log a SET scrubbed_at = now(), old_values = NULL, new_values = NULL
  WHERE a.scrubbed_at IS NULL AND EXISTS (
    SELECT 1 FROM unnest(terms) t
    WHERE strpos(lower(coalesce(a.old_values::text, '') || ' ' || coalesce(a.new_values::text, '')), t) > 0);
  GET DIAGNOSTICS n_terms = ROW_COUNT;

  n_views := public.gdpr_refresh_materialized_views();
  RETURN jsonb_build_object('contracts', n_contracts, 'proposals', n_proposals, 'threads', n_threads,
    'outbox', n_outbox, 'dataKeys', n_keys, 'auditLinked', n_linked, 'auditMatched', n_terms,
    'materializedViews', n_views);
END;
$$;

ALTER FUNCTION gdpr_open_request(BIGINT, TEXT) OWNER TO wedding_gdpr;
ALTER FUNCTION gdpr_linked_records(JSONB, TEXT[]) OWNER TO wedding_gdpr;
ALTER FUNCTION gdpr_export_audit(BIGINT) OWNER TO wedding_gdpr;
ALTER FUNCTION gdpr_finish_erasure(BIGINT, JSONB, TEXT[], TEXT[]) OWNER TO wedding_gdpr;
-- gdpr_refresh_materialized_views stays with the owner of the views.
REVOKE ALL ON FUNCTION gdpr_open_request(BIGINT, TEXT), gdpr_linked_records(JSONB, TEXT[]),
  gdpr_refresh_materialized_views(), gdpr_export_audit(BIGINT), gdpr_finish_erasure(BIGINT, JSONB, TEXT[], TEXT[])
  FROM PUBLIC;
GRANT EXECUTE ON FUNCTION gdpr_open_request(BIGINT, TEXT), gdpr_linked_records(JSONB, TEXT[]),
  gdpr_refresh_materialized_views() TO wedding_gdpr;
GRANT EXECUTE ON FUNCTION gdpr_export_audit(BIGINT), gdpr_finish_erasure(BIGINT, JSONB, TEXT[], TEXT[]) TO wedding_app;
