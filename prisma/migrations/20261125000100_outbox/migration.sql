-- The outbox: email to guests, queued by a planner ("Remind non-responders",
-- issue 4, point 9) and sent by nodemailer when SMTP_URL is set. A message is
-- written once and then only moves through its statuses:
--   queued → sending → sent
--                    → queued again after a failed attempt (last_error says why)
--                    → failed after the fifth failed attempt
--   queued → skipped when it is no longer wanted at sending time (the guest
--            answered, or the event was cancelled)
CREATE TABLE outbox (
  message_id SERIAL PRIMARY KEY,
  wedding_id INTEGER NOT NULL REFERENCES wedding (wedding_id) ON DELETE CASCADE,
  guest_id   INTEGER,
  event_id   INTEGER,
  kind       TEXT NOT NULL CHECK (kind IN ('rsvp_reminder')),
  to_address TEXT NOT NULL CHECK (length(to_address) BETWEEN 3 AND 254 AND position('@' IN to_address) > 1),
  subject    TEXT NOT NULL CHECK (length(subject) BETWEEN 1 AND 300),
  body       TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
  status     TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'skipped')),
  attempts   INTEGER NOT NULL DEFAULT 0 CHECK (attempts BETWEEN 0 AND 100),
  last_error TEXT CHECK (length(last_error) <= 1000),
  created_by INTEGER REFERENCES users (user_id) ON DELETE SET NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  sent_at    TIMESTAMPTZ,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  CONSTRAINT outbox_sent_has_time CHECK ((status = 'sent') = (sent_at IS NOT NULL)),
  -- A reminder names the guest and the event it is about.
  CONSTRAINT outbox_reminder_has_guest_and_event
    CHECK (kind <> 'rsvp_reminder' OR (guest_id IS NOT NULL AND event_id IS NOT NULL)),
  -- Guest and event belong to the message's wedding. Removing a guest removes
  -- their messages: the rows hold their address and personal RSVP link, and a
  -- queued one must never go out to someone who is no longer invited.
  CONSTRAINT outbox_guest_id_wedding_id_fkey FOREIGN KEY (guest_id, wedding_id)
    REFERENCES guest (guest_id, wedding_id) ON DELETE CASCADE,
  CONSTRAINT outbox_event_id_wedding_id_fkey FOREIGN KEY (event_id, wedding_id)
    REFERENCES event (event_id, wedding_id) ON DELETE CASCADE
);
-- The outbox page lists a wedding's messages newest first; this also serves the
-- wedding_id foreign key and the row-level security policy.
CREATE INDEX outbox_wedding_id_created_at_idx ON outbox (wedding_id, created_at DESC, message_id DESC);
-- "Reminded in the last 24 hours?" looks up (event, guest); it also serves the event foreign key.
CREATE INDEX outbox_event_id_guest_id_created_at_idx ON outbox (event_id, guest_id, created_at);
CREATE INDEX outbox_guest_id_wedding_id_idx ON outbox (guest_id, wedding_id);
CREATE INDEX outbox_created_by_idx ON outbox (created_by);
-- The sender claims the oldest queued messages first.
CREATE INDEX outbox_status_created_at_idx ON outbox (status, created_at);

-- Row-level security, written like the security migration's: an admin (and the
-- sending script, as the system identity user 0) sees every message, a planner
-- the messages of their own weddings, anyone else none.
ALTER TABLE outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE outbox FORCE ROW LEVEL SECURITY;
CREATE POLICY admin_all ON outbox USING ((SELECT app_is_admin())) WITH CHECK ((SELECT app_is_admin()));
CREATE POLICY planner_own ON outbox
  USING (wedding_id IN (SELECT app_planner_wedding_ids()))
  WITH CHECK (wedding_id IN (SELECT app_planner_wedding_ids()));

-- The app queues messages and records how sending went; it never rewrites a
-- message's recipient or text, and never deletes one (the wedding's or the
-- guest's deletion cascades).
GRANT SELECT, INSERT ON outbox TO wedding_app;
GRANT UPDATE (status, attempts, last_error, sent_at) ON outbox TO wedding_app;
GRANT USAGE ON SEQUENCE outbox_message_id_seq TO wedding_app;

CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON outbox
  FOR EACH ROW EXECUTE FUNCTION audit_capture('message_id', 'outbox');
CREATE TRIGGER touch_updated_at BEFORE UPDATE ON outbox
  FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
