// The benchmark loader's SQL. Every statement is static text with bound
// parameters; the only dynamic SQL is inside the bench_* functions, which
// execute index definitions PostgreSQL itself printed (pg_get_indexdef).
// Rows are generated on the server (generate_series) from bench_u(), a
// hash of the row number: deterministic, so any chunk can be made on its own.

export const SETUP_SQL = /* sql */ `
CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value jsonb NOT NULL);
CREATE TABLE IF NOT EXISTS bench_index_stash (
  index_name text PRIMARY KEY, table_name text NOT NULL, kind text NOT NULL, definition text NOT NULL);

-- A uniform number in [0, 1) from a row number and a stream seed.
CREATE OR REPLACE FUNCTION bench_u(i bigint, s bigint) RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT ((hashint8extended(i, s) >> 11) & 9007199254740991)::float8 / 9007199254740992.0 $$;

-- Zipf-like pick of 1..n: index k comes up with probability ln((k+1)/k) / ln(n+1).
CREATE OR REPLACE FUNCTION bench_zipf(i bigint, s bigint, n int) RETURNS int
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT least(n, floor(exp(bench_u(i, s) * ln(n + 1)))::int) $$;

-- Skewed pick of 1..n (low numbers popular): u squared.
CREATE OR REPLACE FUNCTION bench_popular(i bigint, s bigint, n int) RETURNS int
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT 1 + floor(n * bench_u(i, s) ^ 2)::int $$;

CREATE OR REPLACE FUNCTION bench_pick(arr text[], i bigint, s bigint) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT arr[1 + floor(bench_u(i, s) * cardinality(arr))::int] $$;

-- The index that backs a foreign key, when no unique index does: the one whose
-- leading columns are exactly the key's, with the fewest columns.
CREATE OR REPLACE FUNCTION bench_fk_index_oids(p_tables text[]) RETURNS SETOF oid
LANGUAGE sql STABLE AS $$
  WITH fk AS (
    SELECT k.conrelid, k.conkey FROM pg_constraint k
    JOIN pg_class t ON t.oid = k.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE k.contype = 'f' AND n.nspname = 'public' AND t.relname = ANY (p_tables)
  ), covering AS (
    SELECT fk.conrelid, fk.conkey, i.indexrelid, i.indisunique, i.indnatts,
           row_number() OVER (PARTITION BY fk.conrelid, fk.conkey
                              ORDER BY i.indisunique DESC, i.indnatts, i.indexrelid) AS choice
    FROM fk JOIN pg_index i ON i.indrelid = fk.conrelid
    WHERE i.indpred IS NULL AND i.indexprs IS NULL
      AND (SELECT array_agg(a) FROM unnest(i.indkey::int2[]) WITH ORDINALITY u(a, o)
           WHERE o <= cardinality(fk.conkey)) @> fk.conkey
      AND (SELECT array_agg(a) FROM unnest(i.indkey::int2[]) WITH ORDINALITY u(a, o)
           WHERE o <= cardinality(fk.conkey)) <@ fk.conkey
  )
  SELECT indexrelid FROM covering WHERE choice = 1 AND NOT indisunique
$$;

-- Drops the non-unique indexes of the tables and remembers their definitions:
-- kind 'load' drops them all (rebuilt after the bulk load), kind
-- 'optimization' keeps the ones that back a foreign key (the benchmark's
-- baseline is primary keys, unique constraints and foreign-key indexes).
CREATE OR REPLACE FUNCTION bench_stash_indexes(p_tables text[], p_kind text) RETURNS int
LANGUAGE plpgsql AS $$
DECLARE r record; n int := 0;
BEGIN
  FOR r IN
    SELECT c.relname AS index_name, t.relname AS table_name,
           replace(pg_get_indexdef(c.oid), ' ON ONLY ', ' ON ') AS def
    FROM pg_index i
    JOIN pg_class c ON c.oid = i.indexrelid
    JOIN pg_class t ON t.oid = i.indrelid
    JOIN pg_namespace ns ON ns.oid = t.relnamespace
    WHERE ns.nspname = 'public' AND t.relname = ANY (p_tables)
      AND NOT i.indisunique AND NOT i.indisprimary
      AND (p_kind = 'load' OR c.oid NOT IN (SELECT bench_fk_index_oids(p_tables)))
    ORDER BY 1
  LOOP
    INSERT INTO bench_index_stash VALUES (r.index_name, r.table_name, p_kind, r.def);
    EXECUTE format('DROP INDEX public.%I', r.index_name);
    n := n + 1;
  END LOOP;
  RETURN n;
END $$;

CREATE OR REPLACE FUNCTION bench_restore_index(p_name text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE d text;
BEGIN
  DELETE FROM bench_index_stash WHERE index_name = p_name RETURNING definition INTO d;
  IF d IS NOT NULL THEN EXECUTE d; END IF;
END $$;

-- Exact row counts for the report (reltuples is an estimate).
CREATE OR REPLACE FUNCTION bench_count_rows(p_tables text[]) RETURNS TABLE (table_name text, n bigint)
LANGUAGE plpgsql AS $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY p_tables LOOP
    table_name := t;
    EXECUTE format('SELECT count(*) FROM public.%I', t) INTO n;
    RETURN NEXT;
  END LOOP;
END $$;

-- After a load with explicit ids, every serial sequence continues after its column's largest value.
CREATE OR REPLACE FUNCTION bench_sync_sequences() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE r record; m bigint;
BEGIN
  FOR r IN
    SELECT s.oid::regclass AS seq, t.oid::regclass AS tbl, a.attname AS col
    FROM pg_class s JOIN pg_depend d ON d.objid = s.oid AND d.deptype = 'a'
    JOIN pg_class t ON t.oid = d.refobjid JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
    JOIN pg_namespace ns ON ns.oid = s.relnamespace
    WHERE s.relkind = 'S' AND ns.nspname = 'public' AND t.relkind IN ('r', 'p')
  LOOP
    EXECUTE format('SELECT max(%I) FROM %s', r.col, r.tbl) INTO m;
    IF m IS NOT NULL THEN PERFORM setval(r.seq, m); END IF;
  END LOOP;
END $$;
`;

/**
 * One row per wedding: its date and its rank among that day's weddings. Days
 * are weighted by month (June and September busiest) and weekday (Saturday
 * far ahead); wedding ids are a random permutation of the slots, so each
 * planner's 50 weddings spread over the five years.
 */
export const WEDDING_PLAN_SQL = /* sql */ `
CREATE UNLOGGED TABLE bench_wedding AS
WITH d AS (
  SELECT day::date AS day,
         (ARRAY[0.3, 0.4, 0.6, 0.9, 1.3, 2.0, 1.5, 1.5, 2.0, 1.6, 0.6, 0.5])[extract(month FROM day)::int]
       * (ARRAY[3, 0.4, 0.4, 0.4, 0.7, 3, 10])[extract(dow FROM day)::int + 1] AS w
  FROM generate_series($1::date, $2::date, interval '1 day') day
), c AS (
  SELECT day, round(sum(w) OVER (ORDER BY day) / sum(w) OVER () * $3)::int AS upto FROM d
), n AS (
  SELECT day, upto - coalesce(lag(upto) OVER (ORDER BY day), 0) AS cnt FROM c
), slots AS (
  SELECT day, s AS rank_in_day, row_number() OVER (ORDER BY day, s) AS g
  FROM n, generate_series(1, n.cnt) s
)
SELECT row_number() OVER (ORDER BY bench_u(g, 13), g)::int AS wedding_id, day, rank_in_day::int
FROM slots`;

/**
 * The full weddings' trees: guest, household, event and RSVP counts, and the
 * id each wedding's rows start after, so every chunk computes its own ids.
 */
export const TREE_PLAN_SQL = /* sql */ `
CREATE UNLOGGED TABLE bench_plan AS
SELECT w, gc, ec, hc,
       (sum(gc) OVER o - gc)::int AS g0,
       (sum(hc) OVER o - hc)::int AS h0,
       (sum(ec) OVER o - ec)::int AS e0,
       (sum(gc * ec) OVER o - gc * ec)::int AS r0
FROM (
  SELECT w, gc, ec, ceil(gc / 2.3)::int AS hc
  FROM (SELECT w, 50 + floor(bench_u(w, 31) * 101)::int AS gc, 1 + floor(bench_u(w, 32) * 5)::int AS ec
        FROM generate_series(1, $1::int) w) x
) y
WINDOW o AS (ORDER BY w)`;

export const INSERT_USERS_SQL = /* sql */ `
INSERT INTO users (user_id, email, name, role, password_hash)
SELECT n, 'planner' || n || '@bench.wedding',
       bench_pick($2::text[], n, 1) || ' ' || bench_pick($3::text[], n, 2), 'planner'::user_role, $4
FROM generate_series(1, $1::int) n
UNION ALL
SELECT $1::int + 1, $5, 'Bench Admin', 'admin'::user_role, $4`;

export const INSERT_PLANNERS_SQL = /* sql */ `
INSERT INTO planner (planner_id, user_id, company_name)
SELECT n, n, bench_pick($2::text[], n, 3) || ' Weddings' FROM generate_series(1, $1::int) n`;

export const INSERT_CLIENTS_SQL = /* sql */ `
INSERT INTO client (client_id, planner_id, name, email, primary_contact)
SELECT w, (w - 1) / 50 + 1,
       bench_pick($3::text[], w, 4) || ' & ' || bench_pick($3::text[], w, 5) || ' ' || bench_pick($4::text[], w, 6),
       'couple' || w || '@bench.example', bench_pick($3::text[], w, 4)
FROM generate_series($1::int, $2::int) w`;

export const INSERT_WEDDINGS_SQL = /* sql */ `
INSERT INTO wedding (wedding_id, planner_id, client_id, wedding_name, wedding_date, status,
                     guest_count_target, currency, rsvp_deadline)
SELECT b.wedding_id, (b.wedding_id - 1) / 50 + 1, b.wedding_id,
       bench_pick($3::text[], b.wedding_id, 6) || ' wedding ' || b.wedding_id, b.day,
       (CASE WHEN b.day < current_date
             THEN CASE WHEN bench_u(b.wedding_id, 7) < 0.03 THEN 'Cancelled' ELSE 'Completed' END
             ELSE CASE WHEN bench_u(b.wedding_id, 7) < 0.6 THEN 'Planning' ELSE 'Confirmed' END END)::wedding_status,
       80 + floor(bench_u(b.wedding_id, 8) * 80)::int,
       CASE WHEN bench_u(b.wedding_id, 9) < 0.8 THEN 'EUR' WHEN bench_u(b.wedding_id, 9) < 0.93 THEN 'GBP' ELSE 'USD' END,
       b.day - 42
FROM bench_wedding b WHERE b.wedding_id BETWEEN $1 AND $2`;

export const INSERT_HOUSEHOLDS_SQL = /* sql */ `
INSERT INTO household (household_id, wedding_id, name, plus_one_allowance)
SELECT p.h0 + k + 1, p.w, bench_pick($3::text[], p.h0 + k, 41) || ' household',
       (bench_u(p.h0 + k, 42) < 0.2)::int
FROM bench_plan p, generate_series(0, p.hc - 1) k WHERE p.w BETWEEN $1 AND $2`;

export const INSERT_GUESTS_SQL = /* sql */ `
INSERT INTO guest (guest_id, wedding_id, household_id, full_name, email, dietary_preference)
SELECT p.g0 + k + 1, p.w, p.h0 + (k * p.hc / p.gc) + 1,
       bench_pick($3::text[], p.g0 + k, 43) || ' ' || bench_pick($4::text[], p.h0 + (k * p.hc / p.gc), 41),
       CASE WHEN bench_u(p.g0 + k, 44) < 0.7 THEN 'guest' || (p.g0 + k + 1) || '@bench.example' END,
       CASE WHEN bench_u(p.g0 + k, 45) < 0.12
            THEN (ARRAY['Vegetarian', 'Vegan', 'Gluten free', 'Nut allergy', 'Halal', 'Kosher'])
                 [1 + floor(bench_u(p.g0 + k, 46) * 6)::int] END
FROM bench_plan p, generate_series(0, p.gc - 1) k WHERE p.w BETWEEN $1 AND $2`;

export const INSERT_EVENTS_SQL = /* sql */ `
INSERT INTO event (event_id, wedding_id, name, event_type, region, event_date, start_time, end_time, status, location)
SELECT p.e0 + k + 1, p.w,
       (ARRAY['Ceremony', 'Reception', 'Rehearsal dinner', 'Farewell brunch', 'Welcome drinks'])[k + 1],
       (ARRAY['Ceremony', 'Reception', 'Rehearsal', 'Brunch', 'Welcome'])[k + 1]::event_type,
       bench_pick($3::text[], p.w, 51),
       b.day + (ARRAY[0, 0, -1, 1, -2])[k + 1],
       (ARRAY['14:00', '17:30', '18:00', '10:30', '19:00'])[k + 1]::time,
       (ARRAY['15:00', '23:30', '21:00', '13:00', '22:30'])[k + 1]::time,
       (CASE WHEN b.day < current_date THEN 'Completed'
             WHEN bench_u(p.e0 + k, 52) < 0.05 THEN 'Cancelled'
             WHEN bench_u(p.e0 + k, 52) < 0.5 THEN 'Confirmed' ELSE 'Scheduled' END)::event_status,
       'Venue ' || bench_popular(p.w, 53, 1000)
FROM bench_plan p JOIN bench_wedding b ON b.wedding_id = p.w, generate_series(0, p.ec - 1) k
WHERE p.w BETWEEN $1 AND $2`;

/** About 30% Pending overall: most answers are in for past weddings, many are not for future ones. */
export const INSERT_RSVPS_SQL = /* sql */ `
INSERT INTO event_rsvp (rsvp_id, wedding_id, event_id, guest_id, status, meal_choice, responded_at)
SELECT r.id, p.w, p.e0 + e + 1, p.g0 + k + 1, r.status::rsvp_status,
       CASE WHEN r.status = 'Accepted' AND e = 1
            THEN (ARRAY['Beef', 'Fish', 'Vegetarian'])[1 + floor(bench_u(r.id, 62) * 3)::int] END,
       CASE WHEN r.status <> 'Pending' THEN (b.day - 10 - floor(bench_u(r.id, 63) * 60)::int)::timestamptz END
FROM bench_plan p JOIN bench_wedding b ON b.wedding_id = p.w,
     generate_series(0, p.gc - 1) k, generate_series(0, p.ec - 1) e,
     LATERAL (SELECT p.r0 + k * p.ec + e + 1 AS id) i,
     LATERAL (SELECT i.id,
                CASE WHEN b.day < current_date
                     THEN CASE WHEN bench_u(i.id, 61) < 0.10 THEN 'Pending'
                               WHEN bench_u(i.id, 61) < 0.85 THEN 'Accepted' ELSE 'Declined' END
                     ELSE CASE WHEN bench_u(i.id, 61) < 0.60 THEN 'Pending'
                               WHEN bench_u(i.id, 61) < 0.88 THEN 'Accepted' ELSE 'Declined' END END AS status) r
WHERE p.w BETWEEN $1 AND $2`;

// The loader runs with triggers off, so it fills guest_rsvp_state (D32) the way
// its triggers would: one row per guest invited to an event not cancelled.
export const INSERT_RSVP_STATE_SQL = /* sql */ `
INSERT INTO guest_rsvp_state (guest_id, wedding_id, accepted, pending)
SELECT r.guest_id, r.wedding_id, bool_or(r.status = 'Accepted'), bool_and(r.status = 'Pending')
FROM event_rsvp r JOIN event e ON e.event_id = r.event_id AND e.wedding_id = r.wedding_id
WHERE r.wedding_id BETWEEN $1 AND $2 AND e.status <> 'Cancelled'
GROUP BY r.guest_id, r.wedding_id`;

export const INSERT_BUDGETS_SQL = /* sql */ `
INSERT INTO budget (budget_id, wedding_id, category, budget_amount)
SELECT (p.w - 1) * 8 + c + 1, p.w, ($3::text[])[c + 1],
       round((500 + bench_u((p.w - 1) * 8 + c, 71) * 15000)::numeric, -1)
FROM bench_plan p, generate_series(0, 7) c WHERE p.w BETWEEN $1 AND $2`;

export const INSERT_EXPENSES_SQL = /* sql */ `
INSERT INTO expense (wedding_id, event_id, vendor_id, category, description, actual_cost, status, incurred_on)
SELECT p.w,
       CASE WHEN bench_u(p.w * 32 + x, 72) < 0.5 THEN p.e0 + (x % p.ec) + 1 END,
       bench_popular(p.w * 32 + x, 73, $4::int),
       bench_pick($3::text[], p.w * 32 + x, 74),
       'Invoice ' || x,
       round((50 + bench_u(p.w * 32 + x, 75) ^ 2 * 6000)::numeric, 2),
       (CASE WHEN bench_u(p.w * 32 + x, 76) < 0.7 THEN 'Approved'
             WHEN bench_u(p.w * 32 + x, 76) < 0.9 THEN 'Pending' ELSE 'Rejected' END)::expense_status,
       b.day - floor(bench_u(p.w * 32 + x, 77) * 300)::int
FROM bench_plan p JOIN bench_wedding b ON b.wedding_id = p.w,
     generate_series(1, 15 + floor(bench_u(p.w, 78) * 11)::int) x
WHERE p.w BETWEEN $1 AND $2`;

export const INSERT_VENUES_SQL = /* sql */ `
INSERT INTO venue (venue_id, name, region, capacity, address)
SELECT v, 'The ' || bench_pick($3::text[], v, 81) || ' ' || bench_pick($4::text[], v, 82) || ' ' || v,
       bench_pick($5::text[], v, 83), 40 + floor(bench_u(v, 84) * 360)::int, v || ' Bench Lane'
FROM generate_series($1::int, $2::int) v`;

/**
 * Vendor descriptions: 12 to 27 words from the vocabulary, Zipf-skewed, and
 * for about 1 vendor in 100 one rare word, so a rare term matches a few
 * hundred vendors out of 2M and a common one hundreds of thousands.
 */
export const INSERT_VENDORS_SQL = /* sql */ `
INSERT INTO vendor (vendor_id, name, service_category, region, status, description, price_band)
SELECT i,
       bench_pick($3::text[], i, 91) || ' ' || c.cat,
       c.cat::service_category,
       ($4::text[])[bench_zipf(i, 92, cardinality($4::text[]))],
       (CASE WHEN bench_u(i, 93) < 0.9 THEN 'Active' WHEN bench_u(i, 93) < 0.97 THEN 'Inactive' ELSE 'Suspended' END)::vendor_status,
       (SELECT string_agg(($5::text[])[bench_zipf(i * 32 + j, 94, cardinality($5::text[]))], ' ')
          FROM generate_series(1, 12 + (i % 16)::int) j)
         || CASE WHEN bench_u(i, 95) < 0.01 THEN ' ' || bench_pick($6::text[], i, 96) ELSE '' END,
       1 + floor(bench_u(i, 97) * 4)::int
FROM generate_series($1::int, $2::int) i,
     LATERAL (SELECT (enum_range(NULL::service_category))[1 + floor(bench_u(i, 98) * 15)::int]::text AS cat) c`;

/**
 * Ten bookings per wedding, all on its date: booking k*W + w. k = 0 books a
 * venue: the day's first 200 weddings take the 200 popular venues, the rest
 * spread over the others, each venue at most once a day (the unique index
 * booking_venue_day_key holds during the load). k > 0 books a vendor,
 * popular vendors far more often.
 */
export const INSERT_BOOKINGS_SQL = /* sql */ `
INSERT INTO booking (booking_id, client_id, wedding_id, venue_id, vendor_id, booking_date, event_date,
                     status, total_cost)
SELECT x.id, b.wedding_id, b.wedding_id,
       CASE WHEN k = 0 THEN
         CASE WHEN b.rank_in_day <= $5
              THEN (b.rank_in_day - 1 + x.off) % $5 + 1
              ELSE $5 + (b.rank_in_day - $5 - 1 + x.off) % ($4 - $5) + 1 END END,
       CASE WHEN k > 0 THEN bench_popular(x.id, 101, $6::int) END,
       (b.day - 30 - floor(bench_u(x.id, 102) * 500)::int)::timestamptz + interval '9 hours',
       b.day,
       (CASE WHEN b.day < current_date
             THEN CASE WHEN bench_u(x.id, 103) < 0.1 THEN 'Cancelled' ELSE 'Completed' END
             ELSE CASE WHEN bench_u(x.id, 103) < 0.1 THEN 'Cancelled'
                       WHEN bench_u(x.id, 103) < 0.4 THEN 'Pending' ELSE 'Confirmed' END END)::booking_status,
       bench_booking_cost(x.id, k)
FROM bench_wedding b, generate_series(0, $7::int - 1) k,
     LATERAL (SELECT k::bigint * $3 + b.wedding_id AS id, (b.day - date '2024-01-01') * 37 AS off) x
WHERE b.wedding_id BETWEEN $1 AND $2`;

export const BOOKING_COST_SQL = /* sql */ `
CREATE OR REPLACE FUNCTION bench_booking_cost(id bigint, k int) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT round((CASE WHEN k = 0 THEN 3000 + bench_u(id, 104) * 22000 ELSE 200 + bench_u(id, 104) * 7800 END)::numeric, 2) $$`;

/** A deposit for every odd-numbered booking: 30% of its cost, 30 to 180 days before the day. */
export const INSERT_PAYMENTS_SQL = /* sql */ `
INSERT INTO payment (payment_id, booking_id, booking_event_date, wedding_id, client_id, amount,
                     payment_status, payment_date, due_date)
SELECT (x.id + 1) / 2, x.id, b.day, b.wedding_id, b.wedding_id,
       round(bench_booking_cost(x.id, k) * 0.3, 2),
       (CASE WHEN x.paid >= current_date THEN 'Pending'
             WHEN bench_u(x.id, 111) < 0.03 THEN 'Failed' ELSE 'Completed' END)::payment_status,
       x.paid, x.paid
FROM bench_wedding b, generate_series(0, $4::int - 1) k,
     LATERAL (SELECT k::bigint * $3 + b.wedding_id AS id,
                     b.day - 30 - floor(bench_u(k::bigint * $3 + b.wedding_id, 112) * 150)::int AS paid) x
WHERE b.wedding_id BETWEEN $1 AND $2 AND x.id % 2 = 1`;
