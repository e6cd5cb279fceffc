-- Column encryption with pgcrypto and envelope keys (report section 6.2; issue 7).
--
-- Each client (a couple) has a data key: 32 random bytes, hex, never stored in
-- the clear. It is kept wrapped (pgp_sym_encrypt) under the master key, which
-- lives only in the app's environment or key file. The app hands the master key
-- to PostgreSQL per transaction as a bound parameter of set_config(…, true)
-- (withIdentity): never in SQL text, so never in pg_stat_statements, and the
-- server is configured not to log bind parameters (log_parameter_max_length = 0).
--
-- Writes stay plain Prisma: the app writes the clear value into the old column
-- (`phone`), and a BEFORE trigger encrypts it into `…_encrypted` and empties the
-- clear column, so the clear value never reaches a table page, the WAL or the
-- audit trail. A CHECK makes sure of it. An empty string clears the value.
-- Reads decrypt in SQL with app_pii_decrypt(ciphertext, client_id).
--
-- Keys are random, so no password stretching is needed: s2k-mode=1 (salted)
-- makes each encryption about 100 times cheaper than pgcrypto's default
-- iterated mode, which matters on a 150-guest list.
--
-- Erasing a couple deletes their data key (crypto-shredding): every ciphertext
-- under it, including copies in backups and in the audit trail, becomes unreadable.

CREATE TABLE data_key (
  -- Deferred: a new client's key is made by the client's own BEFORE INSERT trigger,
  -- before the client row exists.
  client_id     INTEGER PRIMARY KEY REFERENCES client (client_id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  wrapped_key   BYTEA NOT NULL,
  -- Which master key wraps it: the first 16 hex digits of the master key's SHA-256.
  master_key_id TEXT NOT NULL CHECK (master_key_id ~ '^[0-9a-f]{16}$'),
  created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
  rotated_at    TIMESTAMPTZ
);
CREATE INDEX data_key_master_key_id_idx ON data_key (master_key_id);

ALTER TABLE data_key ENABLE ROW LEVEL SECURITY;
ALTER TABLE data_key FORCE ROW LEVEL SECURITY;
CREATE POLICY admin_all ON data_key USING ((SELECT app_is_admin())) WITH CHECK ((SELECT app_is_admin()));
-- A planner reads and creates the keys of their own clients (client's own policy decides which).
CREATE POLICY planner_own ON data_key FOR SELECT USING (client_id IN (SELECT c.client_id FROM client c));
CREATE POLICY planner_insert ON data_key FOR INSERT WITH CHECK (client_id IN (SELECT c.client_id FROM client c));
-- Keys are created and (by keys:rotate, as the owner) re-wrapped; the app never changes or deletes one.
GRANT SELECT, INSERT ON data_key TO wedding_app;

-- The master keys of this transaction: current and, during a rotation, previous.
CREATE FUNCTION app_master_key_for(p_key_id TEXT) RETURNS TEXT LANGUAGE sql STABLE SET search_path = '' AS $$
  SELECT CASE p_key_id
    WHEN nullif(current_setting('app.master_key_id', true), '') THEN nullif(current_setting('app.master_key', true), '')
    WHEN nullif(current_setting('app.master_key_prev_id', true), '') THEN nullif(current_setting('app.master_key_prev', true), '')
  END
$$;

-- The clear data key of a client, created on first use. Raises when no master key is loaded.
CREATE FUNCTION app_data_key(p_client_id INTEGER, p_create BOOLEAN) RETURNS TEXT
LANGUAGE plpgsql VOLATILE SET search_path = '' AS $$
DECLARE
  k public.data_key%ROWTYPE;
  mk TEXT;
BEGIN
  SELECT * INTO k FROM public.data_key WHERE client_id = p_client_id;
  IF NOT FOUND THEN
    IF NOT p_create THEN RETURN NULL; END IF;
    mk := nullif(current_setting('app.master_key', true), '');
    IF mk IS NULL THEN
      RAISE EXCEPTION 'No encryption key is loaded, so personal data cannot be stored.' USING ERRCODE = '28000';
    END IF;
    INSERT INTO public.data_key (client_id, wrapped_key, master_key_id)
    VALUES (p_client_id,
            public.pgp_sym_encrypt(encode(public.gen_random_bytes(32), 'hex'), mk, 'cipher-algo=aes256, s2k-mode=1'),
            current_setting('app.master_key_id'))
    ON CONFLICT (client_id) DO NOTHING;
    SELECT * INTO k FROM public.data_key WHERE client_id = p_client_id;
  END IF;
  mk := public.app_master_key_for(k.master_key_id);
  IF mk IS NULL THEN
    RAISE EXCEPTION 'The master key % is not loaded.', k.master_key_id USING ERRCODE = '28000';
  END IF;
  RETURN public.pgp_sym_decrypt(k.wrapped_key, mk);
END;
$$;

CREATE FUNCTION app_pii_encrypt(p_value TEXT, p_client_id INTEGER) RETURNS BYTEA
LANGUAGE sql VOLATILE SET search_path = '' AS $$
  SELECT CASE WHEN p_value IS NULL OR p_value = '' THEN NULL
    ELSE public.pgp_sym_encrypt(p_value, public.app_data_key(p_client_id, true), 'cipher-algo=aes256, s2k-mode=1') END
$$;

-- NULL when the value is NULL or its key was shredded.
CREATE FUNCTION app_pii_decrypt(p_value BYTEA, p_client_id INTEGER) RETURNS TEXT
LANGUAGE plpgsql VOLATILE SET search_path = '' AS $$
DECLARE dk TEXT;
BEGIN
  IF p_value IS NULL THEN RETURN NULL; END IF;
  dk := public.app_data_key(p_client_id, false);
  IF dk IS NULL THEN RETURN NULL; END IF;
  RETURN public.pgp_sym_decrypt(p_value, dk);
END;
$$;

-- client: phone and alternate contact ------------------------------------------
ALTER TABLE client
  ADD COLUMN phone_encrypted             BYTEA,
  ADD COLUMN alternate_contact_encrypted BYTEA;

CREATE FUNCTION client_encrypt_pii() RETURNS trigger LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
  IF NEW.phone IS NOT NULL THEN
    NEW.phone_encrypted := public.app_pii_encrypt(NEW.phone, NEW.client_id);
    NEW.phone := NULL;
  END IF;
  IF NEW.alternate_contact IS NOT NULL THEN
    NEW.alternate_contact_encrypted := public.app_pii_encrypt(NEW.alternate_contact, NEW.client_id);
    NEW.alternate_contact := NULL;
  END IF;
  RETURN NEW;
END;
$$;
-- Named to run before the other BEFORE triggers (they fire in name order).
CREATE TRIGGER a_encrypt_pii BEFORE INSERT OR UPDATE ON client
  FOR EACH ROW EXECUTE FUNCTION client_encrypt_pii();
-- NOT VALID: rows written before this migration are encrypted at the next start
-- (scripts/start.ts, which has the key), which then validates the constraint.
ALTER TABLE client ADD CONSTRAINT client_pii_encrypted CHECK (phone IS NULL AND alternate_contact IS NULL) NOT VALID;

-- guest: phone -----------------------------------------------------------------
ALTER TABLE guest ADD COLUMN phone_encrypted BYTEA;

CREATE FUNCTION guest_encrypt_pii() RETURNS trigger LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
  IF NEW.phone IS NOT NULL THEN
    NEW.phone_encrypted := public.app_pii_encrypt(
      NEW.phone, (SELECT w.client_id FROM public.wedding w WHERE w.wedding_id = NEW.wedding_id));
    NEW.phone := NULL;
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER a_encrypt_pii BEFORE INSERT OR UPDATE ON guest
  FOR EACH ROW EXECUTE FUNCTION guest_encrypt_pii();
ALTER TABLE guest ADD CONSTRAINT guest_pii_encrypted CHECK (phone IS NULL) NOT VALID;

-- data_key has no audit trigger on purpose: a copy of a wrapped key in audit_log
-- would survive the key's deletion and undo the crypto-shredding.
