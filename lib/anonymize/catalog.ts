import type pg from "pg";

// Every column that can hold text, and what an anonymized copy does with it.
// The copy refuses to be built while any text-like column of the database is
// missing here (findUnclassifiedColumns), so a column added by a later
// migration cannot leak into development data unnoticed: whoever adds it
// decides here whether it is personal.

export const FAKE_KINDS = [
  "personName",
  "email",
  "phone",
  "companyName",
  "address",
  "freeText",
  "paymentMethod",
  "dietary",
  "weddingName",
  "householdName",
  "messageSubject",
  "messageBody",
  "token",
] as const;
export type TFakeKind = (typeof FAKE_KINDS)[number];

export type TColumnRule =
  /** Replaced by the deterministic fake of its kind; `array` for text[] columns. */
  | { fake: TFakeKind; array?: boolean }
  /** Emptied: a secret or an error message the copy has no use for. */
  | { action: "null" }
  /** The hash of the copy's documented password (README, docs/operations.md). */
  | { action: "dev-password" };

/** Personal (or secret) columns, by table. The audit trail's copies of them are rewritten the same way. */
export const PERSONAL_COLUMNS: Record<string, Record<string, TColumnRule>> = {
  users: {
    email: { fake: "email" },
    name: { fake: "personName" },
    password_hash: { action: "dev-password" },
    // A TOTP secret is a live second factor of the real account.
    mfa_secret: { action: "null" },
  },
  planner: { company_name: { fake: "companyName" }, phone: { fake: "phone" } },
  // Phones and alternate contacts are stored only encrypted, under the real
  // couples' data keys, which the copy does not get: the copy has none.
  client: {
    name: { fake: "personName" },
    email: { fake: "email" },
    phone: { action: "null" },
    primary_contact: { fake: "personName" },
    alternate_contact: { action: "null" },
    phone_encrypted: { action: "null" },
    alternate_contact_encrypted: { action: "null" },
  },
  // Couples' first names.
  wedding: { wedding_name: { fake: "weddingName" } },
  household: { name: { fake: "householdName" } },
  guest: {
    full_name: { fake: "personName" },
    email: { fake: "email" },
    phone: { action: "null" },
    phone_encrypted: { action: "null" },
    // Can reveal health or religion (GDPR art. 9).
    dietary_preference: { fake: "dietary" },
    // The guest's RSVP link: a credential that works on the real site.
    qr_code: { fake: "token" },
  },
  event_rsvp: { plus_one_names: { fake: "personName", array: true } },
  // Planners type whatever they like into notes, names included.
  event: { location: { fake: "address" }, notes: { fake: "freeText" } },
  budget: { notes: { fake: "freeText" } },
  expense: { description: { fake: "freeText" } },
  booking: { notes: { fake: "freeText" } },
  // Stored only encrypted under the real couples' keys, which the copy does not get.
  payment: {
    method: { action: "null" },
    method_encrypted: { action: "null" },
    overpayment_reason: { fake: "freeText" },
  },
  // A contract copies the wedding's and the vendor's names; its document name may carry them too.
  contract: {
    wedding_name: { fake: "weddingName" },
    vendor_name: { fake: "companyName" },
    document_file_name: { fake: "freeText" },
    document_storage_ref: { action: "null" },
    document_storage_ref_encrypted: { action: "null" },
  },
  proposal: { message: { fake: "messageBody" } },
  proposal_line: { description: { fake: "freeText" } },
  message: { body: { fake: "messageBody" } },
  // Errors can quote data; the copy keeps that a job failed, not why.
  job_run: { error: { action: "null" } },
  // A sole trader's business is often their own name ("Marko Ilievski
  // Photography"). The description stays: the vendor's published listing.
  vendor: { name: { fake: "companyName" } },
  // The feed URL works on the real site too.
  calendar_feed: { token: { fake: "token" } },
  outbox: {
    to_address: { fake: "email" },
    subject: { fake: "messageSubject" },
    body: { fake: "messageBody" },
    // SMTP errors quote recipients.
    last_error: { action: "null" },
  },
};

/** Text columns that hold no personal data, with the reason in a comment. */
export const NOT_PERSONAL_COLUMNS: Record<string, readonly string[]> = {
  _prisma_migrations: ["id", "checksum", "migration_name", "logs"],
  // Rewritten as a whole: values through PERSONAL_COLUMNS, hashes recomputed.
  audit_log: ["table_name", "operation", "changed_by", "old_values", "new_values", "row_hash", "chain_hash"],
  audit_chain_head: ["chain_hash"],
  // Categories, titles and regions chosen from the app's lists.
  budget: ["category"],
  expense: ["category"],
  event: ["name", "region"],
  // A menu choice (fish, meat, vegetarian), not a diet.
  event_rsvp: ["meal_choice"],
  outbox: ["kind", "status"],
  // Businesses' public listings; the tsvector is generated from name and description again.
  vendor: ["region", "description", "description_tsv", "packages_text"],
  venue: ["name", "region", "address"],
  wedding: ["currency"],
  consent: ["source", "text_version"],
  contract: ["currency", "document_content_type", "document_sha256"],
  proposal: ["currency"],
  message: ["sender_side"],
  payment_installment: ["due_rule", "kind"],
  job_run: ["job_name", "result", "source", "status"],
  matview_refresh: ["view_name"],
  db_stats_reset: ["target"],
  // Counts only, never the person: the request's point is what was done.
  gdpr_request: ["kind", "subject_kind", "summary"],
  // Businesses' published packages, like their descriptions.
  vendor_package: ["name", "description"],
};

/**
 * Tables the copy starts empty: sign-in throttles keyed by email and IP
 * address, rate-limit counters keyed by address or RSVP token, hashes of
 * the real accounts' MFA recovery codes, and the couples' wrapped data keys.
 */
export const EMPTIED_TABLES = ["auth_throttle", "rate_limit", "mfa_recovery_code", "data_key"] as const;

export type TColumnRef = { table: string; column: string };

// Text, jsonb, bytea, tsvector and arrays: anything but numbers, dates, booleans and enums.
const TEXT_COLUMNS_SQL = `
  SELECT c.relname AS table, a.attname AS column
  FROM pg_attribute a
  JOIN pg_class c ON c.oid = a.attrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_type t ON t.oid = a.atttypid
  WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
    AND a.attnum > 0 AND NOT a.attisdropped
    AND t.typcategory IN ('S', 'U', 'A') AND t.typtype <> 'e'
  ORDER BY 1, 2`;

export async function listTextColumns(client: pg.ClientBase): Promise<TColumnRef[]> {
  return (await client.query<TColumnRef>(TEXT_COLUMNS_SQL)).rows;
}

function isClassified({ table, column }: TColumnRef): boolean {
  if ((EMPTIED_TABLES as readonly string[]).includes(table)) return true;
  return Boolean(PERSONAL_COLUMNS[table]?.[column]) || Boolean(NOT_PERSONAL_COLUMNS[table]?.includes(column));
}

/** Text-like columns of the database that this catalog does not mention. */
export function findUnclassifiedColumns(columns: TColumnRef[]): TColumnRef[] {
  return columns.filter((column) => !isClassified(column));
}

/** Catalog entries that name a column the database does not have. */
export function findStaleEntries(columns: TColumnRef[]): TColumnRef[] {
  const present = new Set(columns.map((c) => `${c.table}.${c.column}`));
  const tables = new Set(columns.map((c) => c.table));
  const entries: TColumnRef[] = [
    ...Object.entries(PERSONAL_COLUMNS).flatMap(([table, cols]) =>
      Object.keys(cols).map((column) => ({ table, column })),
    ),
    ...Object.entries(NOT_PERSONAL_COLUMNS).flatMap(([table, cols]) => cols.map((column) => ({ table, column }))),
  ];
  const stale = entries.filter((e) => !present.has(`${e.table}.${e.column}`));
  for (const table of EMPTIED_TABLES) if (!tables.has(table)) stale.push({ table, column: "*" });
  return stale;
}
