-- Consent (report section 6.5; issue 7 point 5).
--
-- An append-only record of each decision a guest makes, per purpose, with the
-- time and the version of the text they were shown. The current state of a
-- purpose is the guest's latest decision; with none, the answer is no. Opt-in
-- only: nothing optional is sent or shared on a default.

CREATE TYPE consent_purpose AS ENUM ('marketing_email', 'photo_sharing', 'vendor_data_sharing');

CREATE TABLE consent (
  consent_id   SERIAL PRIMARY KEY,
  wedding_id   INTEGER NOT NULL,
  guest_id     INTEGER NOT NULL,
  purpose      consent_purpose NOT NULL,
  granted      BOOLEAN NOT NULL,
  -- Which wording the guest agreed to or refused (lib/consent/texts.ts).
  text_version TEXT NOT NULL CHECK (text_version ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  decided_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
  source       TEXT NOT NULL CHECK (source IN ('rsvp')),
  -- The guest's erasure removes their consent records with them.
  CONSTRAINT consent_guest_id_wedding_id_fkey FOREIGN KEY (guest_id, wedding_id)
    REFERENCES guest (guest_id, wedding_id) ON DELETE CASCADE
);
-- The latest decision per guest and purpose; also the guest foreign key's index.
CREATE INDEX consent_guest_id_wedding_id_purpose_idx ON consent (guest_id, wedding_id, purpose, decided_at DESC, consent_id DESC);
CREATE INDEX consent_wedding_id_idx ON consent (wedding_id);

ALTER TABLE consent ENABLE ROW LEVEL SECURITY;
ALTER TABLE consent FORCE ROW LEVEL SECURITY;
CREATE POLICY admin_all ON consent USING ((SELECT app_is_admin())) WITH CHECK ((SELECT app_is_admin()));
-- The couple's planner sees who agreed to what, and records nothing on a guest's behalf.
CREATE POLICY planner_read ON consent FOR SELECT USING (wedding_id IN (SELECT app_planner_wedding_ids()));
-- A guest reads and records their own decisions only.
CREATE POLICY guest_own ON consent FOR SELECT USING (guest_id = (SELECT g.guest_id FROM app_guest() g));
CREATE POLICY guest_insert ON consent FOR INSERT
  WITH CHECK (guest_id = (SELECT g.guest_id FROM app_guest() g) AND wedding_id = (SELECT g.wedding_id FROM app_guest() g));
GRANT SELECT, INSERT ON consent TO wedding_app;
GRANT USAGE ON SEQUENCE consent_consent_id_seq TO wedding_app;

CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON consent
  FOR EACH ROW EXECUTE FUNCTION audit_capture('consent_id', 'consent');

-- The guest's current answer for a purpose: their latest decision, or no.
-- Security definer (owned by wedding_rls, like the policy lookups): the outbox
-- sender and the planner ask about a guest whose consent rows they may not read.
CREATE FUNCTION app_has_consent(p_guest_id INTEGER, p_purpose consent_purpose) RETURNS BOOLEAN
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
  SELECT coalesce((SELECT c.granted FROM public.consent c
                   WHERE c.guest_id = p_guest_id AND c.purpose = p_purpose
                   ORDER BY c.decided_at DESC, c.consent_id DESC LIMIT 1), false)
$$;
GRANT SELECT ON consent TO wedding_rls;
CREATE POLICY rls_lookup ON consent FOR SELECT TO wedding_rls USING (true);
ALTER FUNCTION app_has_consent(INTEGER, consent_purpose) OWNER TO wedding_rls;

-- Optional mail carries the purpose it needs consent for; NULL is service mail
-- (an RSVP reminder is about the invitation the guest received). An optional
-- message cannot even be queued without consent, and the sender checks again
-- at sending time, so a withdrawal in between stops it.
ALTER TABLE outbox ADD COLUMN purpose consent_purpose;
ALTER TABLE outbox DROP CONSTRAINT outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check CHECK (kind IN ('rsvp_reminder', 'photo_gallery', 'vendor_offer'));
ALTER TABLE outbox ADD CONSTRAINT outbox_optional_has_purpose
  CHECK ((kind = 'rsvp_reminder') = (purpose IS NULL));
ALTER TABLE outbox ADD CONSTRAINT outbox_optional_has_guest CHECK (purpose IS NULL OR guest_id IS NOT NULL);

CREATE FUNCTION outbox_require_consent() RETURNS trigger LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
  IF NEW.purpose IS NOT NULL AND NOT public.app_has_consent(NEW.guest_id, NEW.purpose) THEN
    RAISE EXCEPTION 'This guest has not agreed to %, so this message cannot be sent.', replace(NEW.purpose::text, '_', ' ')
      USING ERRCODE = '23514';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER a_require_consent BEFORE INSERT ON outbox
  FOR EACH ROW EXECUTE FUNCTION outbox_require_consent();
