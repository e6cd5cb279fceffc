-- Payment-method details join the encrypted columns (report section 6.2;
-- issue 7 point 1), under the couple's data key, the same way as phones
-- (migration 20261127000200_pii_encryption): the app writes `method` in plain
-- Prisma, a BEFORE trigger encrypts it into `method_encrypted` and stores NULL.
-- Erasing the couple destroys the key, so the financial rows kept for the
-- books no longer say how anyone paid.
ALTER TABLE payment ADD COLUMN method_encrypted BYTEA;

CREATE FUNCTION payment_encrypt_pii() RETURNS trigger LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
  IF NEW.method IS NOT NULL THEN
    NEW.method_encrypted := public.app_pii_encrypt(NEW.method, NEW.client_id);
    NEW.method := NULL;
  END IF;
  RETURN NEW;
END;
$$;
-- A row trigger on the partitioned table is cloned to every partition, present and future.
CREATE TRIGGER a_encrypt_pii BEFORE INSERT OR UPDATE ON payment
  FOR EACH ROW EXECUTE FUNCTION payment_encrypt_pii();
