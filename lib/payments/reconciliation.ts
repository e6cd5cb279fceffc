import "server-only";
import { readAllAs, readAs } from "@/lib/db/read-as";
import type { Identity } from "@/lib/db/with-identity";
import { Prisma } from "@/lib/generated/prisma/client";
import type { TPaymentStatus, TReconciliationFilters } from "./schema";

// The reconciliation page: every payment and refund of the weddings the
// identity may see, filtered by status and date, newest first, one page at a
// time. Only the filters that are set become conditions (never
// "$1 IS NULL OR ..."), so the planner sees plain predicates on
// payment_status and payment_date. The date range prunes payment's monthly
// partitions, always. idx_payment_status_date then serves the status within
// them when row-level security is off (a reporting job, the benchmark); under
// a person's policies PostgreSQL checks the status after the policy instead,
// because enum equality is not LEAKPROOF, and the pruned month is small
// enough for that (reconciliation.integration-test.ts shows both plans).

export type ReconciliationRow = {
  id: number;
  date: string;
  status: TPaymentStatus;
  amount: string;
  isRefund: boolean;
  method: string | null;
  overpaymentReason: string | null;
  weddingId: number;
  weddingName: string;
  currency: string;
  supplier: string;
};

export type ReconciliationPage = { rows: ReconciliationRow[]; total: number; page: number };

/**
 * Whose payments a statement reads. Row-level security decides either way;
 * "planner" also says so in the query, as `= ANY` of the planner's wedding ids:
 * an index condition on payment_wedding_id_idx in the month's partition, and
 * an estimate of a few rows. The policy's own test is an OR with the admin
 * case, which no index can serve. As `IN (SELECT …)` the planner guessed that
 * half of the month matched and, for a month with many pending payments,
 * walked the month's date index backwards through every planner's payments to
 * fill a page (121 ms at full scale, the P95 of docs/benchmarks.md).
 */
export type ReconciliationScope = "planner" | "all";

function conditions(filters: TReconciliationFilters, scope: ReconciliationScope = "all"): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (scope === "planner") parts.push(Prisma.sql`p.wedding_id = ANY (ARRAY(SELECT app_planner_wedding_ids()))`);
  if (filters.status) parts.push(Prisma.sql`p.payment_status = ${filters.status}::payment_status`);
  if (filters.from) parts.push(Prisma.sql`p.payment_date >= ${filters.from}::date`);
  if (filters.to) parts.push(Prisma.sql`p.payment_date <= ${filters.to}::date`);
  return Prisma.join(parts, " AND ");
}

/**
 * The page's rows as one statement, exported so a test can EXPLAIN exactly
 * what the page runs. The page of payments is chosen first; then each of its
 * rows looks up its wedding and its booking (one partition, pruned at run
 * time by the booking's event day) for the names. As joins, the planner
 * would rather hash every booking partition than probe them 25 times, since
 * it does not count the pruning; subqueries per row keep the lookups exact.
 */
export function reconciliationRowsQuery(
  filters: TReconciliationFilters,
  page: number,
  scope: ReconciliationScope = "all",
): Prisma.Sql {
  const offset = (page - 1) * filters.size;
  return Prisma.sql`
    WITH page AS (
      SELECT p.payment_id, p.payment_date, p.payment_status, p.amount, p.refund_of_payment_id, p.method_encrypted,
             p.client_id, p.overpayment_reason, p.wedding_id, p.booking_id, p.booking_event_date
      FROM payment p
      WHERE ${conditions(filters, scope)}
      ORDER BY p.payment_date DESC, p.payment_id DESC
      LIMIT ${filters.size}::int OFFSET ${offset}::int
    )
    SELECT p.payment_id AS id, p.payment_date::text AS date, p.payment_status::text AS status, p.amount::text AS amount,
           p.refund_of_payment_id IS NOT NULL AS "isRefund", app_pii_decrypt(p.method_encrypted, p.client_id) AS method, p.overpayment_reason AS "overpaymentReason",
           p.wedding_id AS "weddingId",
           (SELECT w.wedding_name FROM wedding w WHERE w.wedding_id = p.wedding_id) AS "weddingName",
           (SELECT w.currency::text FROM wedding w WHERE w.wedding_id = p.wedding_id) AS currency,
           coalesce((SELECT coalesce(v.name, ve.name)
                     FROM booking b
                     LEFT JOIN vendor v ON v.vendor_id = b.vendor_id
                     LEFT JOIN venue ve ON ve.venue_id = b.venue_id
                     WHERE b.booking_id = p.booking_id AND b.event_date = p.booking_event_date),
                    'Booking ' || p.booking_id) AS supplier
    FROM page p
    ORDER BY p.payment_date DESC, p.payment_id DESC`;
}

export function reconciliationCountQuery(
  filters: TReconciliationFilters,
  scope: ReconciliationScope = "all",
): Prisma.Sql {
  return Prisma.sql`SELECT count(*)::int AS total FROM payment p WHERE ${conditions(filters, scope)}`;
}

/** The scope an identity's page uses: a planner's own weddings, said in the query too. */
export function reconciliationScope(identity: Identity): ReconciliationScope {
  return identity.kind === "user" && identity.role === "planner" ? "planner" : "all";
}

/**
 * One page of the reconciliation; a page past the end shows the last page.
 * REPEATABLE READ (the report's section 4.1 for reconciliation): the count and
 * the page come from one snapshot, so a payment recorded in between cannot
 * make them disagree.
 */
export async function listReconciliation(
  identity: Identity,
  filters: TReconciliationFilters,
): Promise<ReconciliationPage> {
  // The count and the page in one snapshot and one round trip; a page past the
  // last (a stale bookmark) is read again as the last page. Not prepared: with
  // generic plans the count took 90 ms at P95 at full scale instead of 19 ms
  // (docs/benchmarks.md), though it planned faster at medium.
  const scope = reconciliationScope(identity);
  const [[count], requested] = await readAllAs<[{ total: number }[], ReconciliationRow[]]>(identity, [
    reconciliationCountQuery(filters, scope),
    reconciliationRowsQuery(filters, filters.page, scope),
  ]);
  const total = count?.total ?? 0;
  const lastPage = Math.max(1, Math.ceil(total / filters.size));
  if (filters.page <= lastPage) return { rows: requested, total, page: filters.page };
  const rows = await readAs<ReconciliationRow>(identity, reconciliationRowsQuery(filters, lastPage, scope));
  return { rows, total, page: lastPage };
}
