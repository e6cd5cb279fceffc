-- Contract document references join the encrypted columns (report section
-- 6.2; issue 7 point 1), under the couple's data key.
--
-- A contract is written when the VENDOR accepts a proposal, by the security
-- definer trigger proposal_create_contract (owned by wedding_rls). A vendor may
-- never read a couple's data key, so encryption goes through one function that
-- only encrypts: it runs as wedding_crypto (which may read and create data
-- keys), returns ciphertext only, and only wedding_rls may call it. The vendor's
-- transaction carries the master key for it (withIdentity), which gives the
-- vendor nothing to decrypt with: data_key shows a vendor no rows.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'wedding_crypto') THEN
    CREATE ROLE wedding_crypto NOLOGIN NOSUPERUSER NOBYPASSRLS;
  END IF;
  IF NOT pg_has_role(current_user, 'wedding_crypto', 'MEMBER') THEN
    EXECUTE format('GRANT wedding_crypto TO %I', current_user);
  END IF;
END $$;

GRANT SELECT, INSERT ON data_key TO wedding_crypto;
CREATE POLICY crypto_encrypt ON data_key TO wedding_crypto USING (true) WITH CHECK (true);

CREATE FUNCTION app_pii_encrypt_as_system(p_value TEXT, p_client_id INTEGER) RETURNS BYTEA
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = '' AS $$
  SELECT public.app_pii_encrypt(p_value, p_client_id)
$$;
ALTER FUNCTION app_pii_encrypt_as_system(TEXT, INTEGER) OWNER TO wedding_crypto;
REVOKE ALL ON FUNCTION app_pii_encrypt_as_system(TEXT, INTEGER) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_pii_encrypt_as_system(TEXT, INTEGER) TO wedding_rls;

ALTER TABLE contract ADD COLUMN document_storage_ref_encrypted BYTEA;
ALTER TABLE contract ALTER COLUMN document_storage_ref DROP NOT NULL;

CREATE FUNCTION contract_encrypt_pii() RETURNS trigger LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
  IF NEW.document_storage_ref IS NOT NULL THEN
    NEW.document_storage_ref_encrypted := public.app_pii_encrypt_as_system(
      NEW.document_storage_ref, (SELECT w.client_id FROM public.wedding w WHERE w.wedding_id = NEW.wedding_id));
    NEW.document_storage_ref := NULL;
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER a_encrypt_pii BEFORE INSERT ON contract
  FOR EACH ROW EXECUTE FUNCTION contract_encrypt_pii();

-- The immutability guard covers the encrypted reference too.
CREATE OR REPLACE FUNCTION contract_guard_update() RETURNS TRIGGER
LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
  IF current_user = 'wedding_gdpr' THEN RETURN NEW; END IF;
  IF (NEW.contract_id, NEW.proposal_id, NEW.wedding_id, NEW.vendor_id, NEW.wedding_name, NEW.vendor_name,
      NEW.currency, NEW.total_amount, NEW.accepted_at, NEW.document_file_name, NEW.document_content_type,
      NEW.document_size_bytes, NEW.document_sha256, NEW.document_storage_ref, NEW.document_storage_ref_encrypted,
      NEW.created_at)
     IS DISTINCT FROM
     (OLD.contract_id, OLD.proposal_id, OLD.wedding_id, OLD.vendor_id, OLD.wedding_name, OLD.vendor_name,
      OLD.currency, OLD.total_amount, OLD.accepted_at, OLD.document_file_name, OLD.document_content_type,
      OLD.document_size_bytes, OLD.document_sha256, OLD.document_storage_ref, OLD.document_storage_ref_encrypted,
      OLD.created_at) THEN
    RAISE EXCEPTION 'contract_immutable' USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF NEW.status IS DISTINCT FROM OLD.status AND OLD.status <> 'Active' THEN
    RAISE EXCEPTION 'contract_status_final' USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END;
$$;
