-- Foundation schema for the wedding planner.
-- Column names follow the Phase 9 report (wedding_id, budget_amount, actual_cost, ...)
-- so that the report's own validation queries run unchanged against this database.

CREATE EXTENSION IF NOT EXISTS pgcrypto;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Enums ----------------------------------------------------------------------
CREATE TYPE user_role AS ENUM ('admin', 'planner', 'vendor', 'guest');
CREATE TYPE wedding_status AS ENUM ('Planning', 'Confirmed', 'Completed', 'Cancelled');
CREATE TYPE event_type AS ENUM ('Ceremony', 'Reception', 'Rehearsal', 'Dinner', 'Welcome', 'Brunch', 'Party', 'Other');
CREATE TYPE event_status AS ENUM ('Scheduled', 'Confirmed', 'Completed', 'Cancelled');
CREATE TYPE rsvp_status AS ENUM ('Pending', 'Accepted', 'Declined');
CREATE TYPE expense_status AS ENUM ('Pending', 'Approved', 'Rejected');
CREATE TYPE vendor_status AS ENUM ('Active', 'Inactive', 'Suspended');
CREATE TYPE service_category AS ENUM (
  'Catering', 'Florist', 'Photography', 'Videography', 'Music', 'Decoration', 'Cake',
  'Attire', 'Beauty', 'Transport', 'Stationery', 'Officiant', 'Lighting', 'Rentals', 'Other'
);
CREATE TYPE booking_status AS ENUM ('Pending', 'Confirmed', 'Cancelled', 'Completed');
CREATE TYPE payment_status AS ENUM ('Pending', 'Completed', 'Failed', 'Refunded');

-- People ---------------------------------------------------------------------
CREATE TABLE users (
  user_id       SERIAL PRIMARY KEY,
  email         TEXT NOT NULL CHECK (length(email) BETWEEN 3 AND 254 AND position('@' IN email) > 1),
  name          TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  role          user_role NOT NULL,
  password_hash TEXT,
  disabled_at   TIMESTAMPTZ,
  created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- Email is unique ignoring case: one account per mailbox.
CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));

CREATE TABLE planner (
  planner_id   SERIAL PRIMARY KEY,
  user_id      INTEGER NOT NULL UNIQUE REFERENCES users (user_id) ON DELETE RESTRICT,
  company_name TEXT CHECK (length(company_name) <= 200),
  phone        TEXT CHECK (length(phone) <= 40),
  created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE client (
  client_id         SERIAL PRIMARY KEY,
  planner_id        INTEGER NOT NULL REFERENCES planner (planner_id) ON DELETE RESTRICT,
  name              TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  email             TEXT CHECK (length(email) <= 254),
  phone             TEXT CHECK (length(phone) <= 40),
  primary_contact   TEXT CHECK (length(primary_contact) <= 200),
  alternate_contact TEXT CHECK (length(alternate_contact) <= 200),
  created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX client_planner_id_idx ON client (planner_id);

-- Weddings -------------------------------------------------------------------
CREATE TABLE wedding (
  wedding_id         SERIAL PRIMARY KEY,
  planner_id         INTEGER NOT NULL REFERENCES planner (planner_id) ON DELETE RESTRICT,
  client_id          INTEGER NOT NULL REFERENCES client (client_id) ON DELETE RESTRICT,
  wedding_name       TEXT NOT NULL CHECK (length(wedding_name) BETWEEN 1 AND 200),
  wedding_date       DATE NOT NULL,
  status             wedding_status NOT NULL DEFAULT 'Planning',
  guest_count_target INTEGER NOT NULL DEFAULT 100 CHECK (guest_count_target BETWEEN 0 AND 100000),
  currency           CHAR(3) NOT NULL DEFAULT 'EUR' CHECK (currency ~ '^[A-Z]{3}$'),
  rsvp_deadline      DATE,
  created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
  -- Lets bookings reference their wedding and its couple together.
  CONSTRAINT wedding_wedding_id_client_id_key UNIQUE (wedding_id, client_id)
);
CREATE INDEX wedding_planner_id_idx ON wedding (planner_id);
CREATE INDEX wedding_client_id_idx ON wedding (client_id);

-- The party invited together. (household_id, wedding_id) is unique so that
-- guests and RSVPs can reference it together with their wedding: a guest can
-- never be attached to another wedding's household.
CREATE TABLE household (
  household_id       SERIAL PRIMARY KEY,
  wedding_id         INTEGER NOT NULL REFERENCES wedding (wedding_id) ON DELETE CASCADE,
  name               TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  plus_one_allowance INTEGER NOT NULL DEFAULT 0 CHECK (plus_one_allowance BETWEEN 0 AND 20),
  created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
  CONSTRAINT household_household_id_wedding_id_key UNIQUE (household_id, wedding_id)
);
CREATE INDEX household_wedding_id_idx ON household (wedding_id);

CREATE TABLE guest (
  guest_id           SERIAL PRIMARY KEY,
  wedding_id         INTEGER NOT NULL REFERENCES wedding (wedding_id) ON DELETE CASCADE,
  household_id       INTEGER NOT NULL,
  full_name          TEXT NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
  email              TEXT CHECK (length(email) <= 254),
  phone              TEXT CHECK (length(phone) <= 40),
  dietary_preference TEXT CHECK (length(dietary_preference) <= 200),
  -- The guest's personal RSVP link and QR code: 144 random bits, base64url.
  qr_code            TEXT NOT NULL DEFAULT translate(encode(gen_random_bytes(18), 'base64'), '+/', '-_'),
  created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
  CONSTRAINT guest_guest_id_wedding_id_key UNIQUE (guest_id, wedding_id),
  CONSTRAINT guest_household_id_wedding_id_fkey FOREIGN KEY (household_id, wedding_id)
    REFERENCES household (household_id, wedding_id) ON DELETE CASCADE
);
CREATE INDEX guest_household_id_wedding_id_idx ON guest (household_id, wedding_id);
-- Section 2.5, CRITICAL: both are also the foreign-key index and the token's uniqueness.
CREATE INDEX idx_guest_wedding ON guest (wedding_id);
CREATE UNIQUE INDEX idx_guest_qr ON guest (qr_code);

CREATE TABLE event (
  event_id   SERIAL PRIMARY KEY,
  wedding_id INTEGER NOT NULL REFERENCES wedding (wedding_id) ON DELETE CASCADE,
  name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  event_type event_type NOT NULL,
  region     TEXT NOT NULL CHECK (length(region) BETWEEN 1 AND 100),
  event_date DATE NOT NULL,
  start_time TIME NOT NULL,
  end_time   TIME NOT NULL,
  status     event_status NOT NULL DEFAULT 'Scheduled',
  location   TEXT CHECK (length(location) <= 300),
  notes      TEXT CHECK (length(notes) <= 5000),
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  -- An end_time before start_time means the event ends after midnight.
  CONSTRAINT event_has_duration CHECK (end_time <> start_time),
  CONSTRAINT event_event_id_wedding_id_key UNIQUE (event_id, wedding_id)
);
CREATE INDEX event_wedding_id_idx ON event (wedding_id);

CREATE TABLE event_rsvp (
  rsvp_id        SERIAL PRIMARY KEY,
  wedding_id     INTEGER NOT NULL REFERENCES wedding (wedding_id) ON DELETE CASCADE,
  event_id       INTEGER NOT NULL,
  guest_id       INTEGER NOT NULL,
  status         rsvp_status NOT NULL DEFAULT 'Pending',
  meal_choice    TEXT CHECK (length(meal_choice) <= 100),
  plus_ones      INTEGER NOT NULL DEFAULT 0 CHECK (plus_ones BETWEEN 0 AND 20),
  plus_one_names TEXT[] NOT NULL DEFAULT '{}',
  responded_at   TIMESTAMPTZ,
  created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
  CONSTRAINT event_rsvp_plus_one_names CHECK (cardinality(plus_one_names) <= plus_ones),
  CONSTRAINT event_rsvp_event_id_guest_id_key UNIQUE (event_id, guest_id),
  CONSTRAINT event_rsvp_event_id_wedding_id_fkey FOREIGN KEY (event_id, wedding_id)
    REFERENCES event (event_id, wedding_id) ON DELETE CASCADE,
  CONSTRAINT event_rsvp_guest_id_wedding_id_fkey FOREIGN KEY (guest_id, wedding_id)
    REFERENCES guest (guest_id, wedding_id) ON DELETE CASCADE
);
CREATE INDEX event_rsvp_wedding_id_idx ON event_rsvp (wedding_id);
CREATE INDEX event_rsvp_guest_id_wedding_id_idx ON event_rsvp (guest_id, wedding_id);

CREATE TABLE budget (
  budget_id     SERIAL PRIMARY KEY,
  wedding_id    INTEGER NOT NULL REFERENCES wedding (wedding_id) ON DELETE CASCADE,
  category      TEXT NOT NULL CHECK (length(category) BETWEEN 1 AND 100),
  budget_amount NUMERIC(12, 2) NOT NULL CHECK (budget_amount >= 0),
  notes         TEXT CHECK (length(notes) <= 2000),
  created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- Section 2.5 asks for budget(wedding_id). One line per category per wedding is
-- also a business rule, so the index is unique on (wedding_id, category): it
-- serves every wedding_id lookup the plain index would.
CREATE UNIQUE INDEX idx_budget_wedding ON budget (wedding_id, category);

-- Catalogues shared by every planner ------------------------------------------
CREATE TABLE venue (
  venue_id   SERIAL PRIMARY KEY,
  name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  region     TEXT NOT NULL CHECK (length(region) BETWEEN 1 AND 100),
  capacity   INTEGER NOT NULL CHECK (capacity > 0),
  address    TEXT CHECK (length(address) <= 300),
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE vendor (
  vendor_id        SERIAL PRIMARY KEY,
  user_id          INTEGER UNIQUE REFERENCES users (user_id) ON DELETE SET NULL,
  name             TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  service_category service_category NOT NULL,
  region           TEXT NOT NULL CHECK (length(region) BETWEEN 1 AND 100),
  status           vendor_status NOT NULL DEFAULT 'Active',
  description      TEXT CHECK (length(description) <= 10000),
  price_band       SMALLINT NOT NULL DEFAULT 2 CHECK (price_band BETWEEN 1 AND 4),
  -- Section 2.3.3: a stored tsvector kept by PostgreSQL itself. The name weighs
  -- more than the description.
  description_tsv  TSVECTOR GENERATED ALWAYS AS (
    setweight(to_tsvector('english', coalesce(name, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(description, '')), 'B')
  ) STORED,
  created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE expense (
  expense_id  SERIAL PRIMARY KEY,
  wedding_id  INTEGER NOT NULL REFERENCES wedding (wedding_id) ON DELETE CASCADE,
  event_id    INTEGER,
  vendor_id   INTEGER REFERENCES vendor (vendor_id) ON DELETE SET NULL,
  category    TEXT NOT NULL CHECK (length(category) BETWEEN 1 AND 100),
  description TEXT NOT NULL CHECK (length(description) BETWEEN 1 AND 500),
  actual_cost NUMERIC(12, 2) NOT NULL CHECK (actual_cost >= 0),
  status      expense_status NOT NULL DEFAULT 'Pending',
  incurred_on DATE,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  -- An expense booked against an event must belong to that event's wedding.
  CONSTRAINT expense_event_id_wedding_id_fkey FOREIGN KEY (event_id, wedding_id)
    REFERENCES event (event_id, wedding_id) ON DELETE CASCADE
);
CREATE INDEX expense_wedding_id_idx ON expense (wedding_id);
CREATE INDEX expense_event_id_wedding_id_idx ON expense (event_id, wedding_id);
CREATE INDEX expense_vendor_id_idx ON expense (vendor_id);

-- Bookings, partitioned by quarter of the event day (section 3.2) -------------
CREATE TABLE booking (
  booking_id   SERIAL,
  client_id    INTEGER NOT NULL REFERENCES client (client_id) ON DELETE RESTRICT,
  wedding_id   INTEGER NOT NULL,
  venue_id     INTEGER REFERENCES venue (venue_id) ON DELETE RESTRICT,
  vendor_id    INTEGER REFERENCES vendor (vendor_id) ON DELETE RESTRICT,
  booking_date TIMESTAMPTZ NOT NULL DEFAULT now(),
  event_date   DATE NOT NULL,
  status       booking_status NOT NULL DEFAULT 'Pending',
  total_cost   NUMERIC(12, 2) NOT NULL CHECK (total_cost >= 0),
  notes        TEXT CHECK (length(notes) <= 2000),
  created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (booking_id, event_date),
  -- A booking reserves exactly one thing: a venue or a vendor.
  CONSTRAINT booking_venue_or_vendor CHECK ((venue_id IS NULL) <> (vendor_id IS NULL)),
  -- The booking's couple is its wedding's couple.
  CONSTRAINT booking_wedding_id_client_id_fkey FOREIGN KEY (wedding_id, client_id)
    REFERENCES wedding (wedding_id, client_id) ON DELETE CASCADE,
  -- Lets payments reference the booking together with its wedding and couple.
  CONSTRAINT booking_booking_id_event_date_wedding_id_client_id_key UNIQUE (booking_id, event_date, wedding_id, client_id)
) PARTITION BY RANGE (event_date);
CREATE INDEX booking_client_id_idx ON booking (client_id);
CREATE INDEX booking_wedding_id_client_id_idx ON booking (wedding_id, client_id);
-- Section 4.2's double-booking rule, enforced by PostgreSQL itself: whatever
-- path a write takes, one venue has one live booking per day.
CREATE UNIQUE INDEX booking_venue_day_key ON booking (venue_id, event_date) WHERE status <> 'Cancelled';
CREATE INDEX booking_venue_id_idx ON booking (venue_id);
CREATE INDEX booking_vendor_id_idx ON booking (vendor_id);
CREATE TABLE booking_default PARTITION OF booking DEFAULT;

-- Payments, partitioned by month of the payment day --------------------------
CREATE TABLE payment (
  payment_id         SERIAL,
  booking_id         INTEGER NOT NULL,
  booking_event_date DATE NOT NULL,
  wedding_id         INTEGER NOT NULL REFERENCES wedding (wedding_id) ON DELETE CASCADE,
  client_id          INTEGER NOT NULL REFERENCES client (client_id) ON DELETE RESTRICT,
  amount             NUMERIC(12, 2) NOT NULL CHECK (amount > 0),
  payment_status     payment_status NOT NULL DEFAULT 'Pending',
  -- The day the money moved; for a Pending payment, the day it is scheduled.
  payment_date       DATE NOT NULL,
  due_date           DATE,
  method             TEXT CHECK (length(method) <= 100),
  created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (payment_id, payment_date),
  -- The booking's key includes its partition key, so the reference does too;
  -- wedding and couple are part of it so a payment cannot disagree with its booking.
  CONSTRAINT payment_booking_fkey FOREIGN KEY (booking_id, booking_event_date, wedding_id, client_id)
    REFERENCES booking (booking_id, event_date, wedding_id, client_id) ON DELETE CASCADE ON UPDATE CASCADE
) PARTITION BY RANGE (payment_date);
CREATE INDEX payment_booking_fkey_idx ON payment (booking_id, booking_event_date, wedding_id, client_id);
CREATE INDEX payment_wedding_id_idx ON payment (wedding_id);
CREATE INDEX payment_client_id_idx ON payment (client_id);
CREATE TABLE payment_default PARTITION OF payment DEFAULT;

-- Partition helpers: idempotent, so a scheduled job can call them every day.
-- Each returns the partitions it created.
CREATE FUNCTION create_booking_partitions(from_date DATE, quarters INTEGER)
RETURNS SETOF TEXT LANGUAGE plpgsql AS $$
DECLARE
  q_start DATE := date_trunc('quarter', from_date)::date;
  q_end   DATE;
  part    TEXT;
BEGIN
  FOR i IN 1..quarters LOOP
    q_end := (q_start + INTERVAL '3 months')::date;
    part := format('booking_%s_q%s', to_char(q_start, 'YYYY'), extract(quarter FROM q_start));
    IF to_regclass(format('public.%I', part)) IS NULL THEN
      EXECUTE format('CREATE TABLE public.%I PARTITION OF public.booking FOR VALUES FROM (%L) TO (%L)',
                     part, q_start, q_end);
      RETURN NEXT part;
    END IF;
    q_start := q_end;
  END LOOP;
END;
$$;

CREATE FUNCTION create_payment_partitions(from_date DATE, months INTEGER)
RETURNS SETOF TEXT LANGUAGE plpgsql AS $$
DECLARE
  m_start DATE := date_trunc('month', from_date)::date;
  m_end   DATE;
  part    TEXT;
BEGIN
  FOR i IN 1..months LOOP
    m_end := (m_start + INTERVAL '1 month')::date;
    part := format('payment_%s', to_char(m_start, 'YYYY_MM'));
    IF to_regclass(format('public.%I', part)) IS NULL THEN
      EXECUTE format('CREATE TABLE public.%I PARTITION OF public.payment FOR VALUES FROM (%L) TO (%L)',
                     part, m_start, m_end);
      RETURN NEXT part;
    END IF;
    m_start := m_end;
  END LOOP;
END;
$$;

-- Fixed ranges, so that every database built from these migrations has the same
-- partitions: 2021 to 2030 for bookings (the benchmark spans five years of them),
-- 2021 to 2030 for payments. The maintenance job adds more ahead of time.
SELECT count(*) FROM create_booking_partitions('2021-01-01', 40);
SELECT count(*) FROM create_payment_partitions('2021-01-01', 120);

-- Audit trail, shaped like the report's section 6.7 --------------------------
CREATE TABLE audit_log (
  log_id     BIGSERIAL PRIMARY KEY,
  table_name VARCHAR(100) NOT NULL,
  operation  VARCHAR(10) NOT NULL CHECK (operation IN ('INSERT', 'UPDATE', 'DELETE')),
  record_id  BIGINT NOT NULL,
  changed_by VARCHAR(100) NOT NULL,
  changed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  old_values JSONB,
  new_values JSONB
);
CREATE INDEX audit_log_table_record_idx ON audit_log (table_name, record_id);
CREATE INDEX audit_log_changed_at_brin ON audit_log USING BRIN (changed_at);
