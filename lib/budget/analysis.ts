import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { readAs } from "@/lib/db/read-as";
import type { Identity, Tx } from "@/lib/db/with-identity";

// The report's section 1.5 "budget analysis with spend tracking", done right.
// The report joins budget, event, expense, guest and event_rsvp in one go, so
// every SUM is multiplied by the row counts of the other joins (fan-out).
// Here each table is aggregated on its own and the results are joined on
// wedding_id, so each figure is what that one table says.
//   - total_budget: every budget line of the wedding;
//   - total_spent: approved expenses of the wedding, with or without an event
//     (the report only counts expenses reachable through a non-cancelled event,
//     which drops money already spent);
//   - total_events: events that are not cancelled;
//   - confirmed_guests: guests with at least one Accepted RSVP.
// Row-level security limits the weddings to the person's own.

export type BudgetAnalysisRow = {
  weddingId: number;
  weddingName: string;
  totalBudget: Prisma.Decimal;
  totalSpent: Prisma.Decimal;
  totalEvents: number;
  confirmedGuests: number;
  spendPercentage: Prisma.Decimal | null;
};

type RawRow = {
  wedding_id: number;
  wedding_name: string;
  total_budget: Prisma.Decimal;
  total_spent: Prisma.Decimal;
  total_events: number;
  confirmed_guests: number;
  spend_percentage: Prisma.Decimal | null;
};

/** The analysis as one statement: of the given weddings, or of every wedding row-level security shows. */
export function budgetAnalysisQuery(weddingIds?: readonly number[]): Prisma.Sql {
  const ids = weddingIds ? [...weddingIds] : null;
  return Prisma.sql`
    WITH w AS (
      SELECT wedding_id, wedding_name FROM wedding
      WHERE ${ids}::int[] IS NULL OR wedding_id = ANY(${ids}::int[])
    ),
    b AS (
      SELECT wedding_id, sum(budget_amount) AS total_budget FROM budget
      WHERE wedding_id IN (SELECT wedding_id FROM w) GROUP BY wedding_id
    ),
    e AS (
      SELECT wedding_id, sum(actual_cost) AS total_spent FROM expense
      WHERE status = 'Approved' AND wedding_id IN (SELECT wedding_id FROM w) GROUP BY wedding_id
    ),
    ev AS (
      SELECT wedding_id, count(*)::int AS total_events FROM event
      WHERE status <> 'Cancelled' AND wedding_id IN (SELECT wedding_id FROM w) GROUP BY wedding_id
    ),
    g AS (
      SELECT wedding_id, count(DISTINCT guest_id)::int AS confirmed_guests FROM event_rsvp
      WHERE status = 'Accepted' AND wedding_id IN (SELECT wedding_id FROM w) GROUP BY wedding_id
    )
    SELECT w.wedding_id, w.wedding_name,
           coalesce(b.total_budget, 0)::numeric(12,2) AS total_budget,
           coalesce(e.total_spent, 0)::numeric(12,2) AS total_spent,
           coalesce(ev.total_events, 0) AS total_events,
           coalesce(g.confirmed_guests, 0) AS confirmed_guests,
           round(100.0 * coalesce(e.total_spent, 0) / nullif(b.total_budget, 0), 2) AS spend_percentage
    FROM w
    LEFT JOIN b USING (wedding_id)
    LEFT JOIN e USING (wedding_id)
    LEFT JOIN ev USING (wedding_id)
    LEFT JOIN g USING (wedding_id)
    ORDER BY spend_percentage DESC NULLS LAST, w.wedding_id`;
}

export async function getBudgetAnalysis(tx: Tx, weddingIds?: readonly number[]): Promise<BudgetAnalysisRow[]> {
  return toRows(await tx.$queryRaw<RawRow[]>(budgetAnalysisQuery(weddingIds)));
}

/** The analysis of a planner's weddings on the lean read path (one round trip). */
export async function getPlannerBudgetAnalysis(
  identity: Identity,
  weddingIds?: readonly number[],
): Promise<BudgetAnalysisRow[]> {
  return toRows(await readAs<RawRow>(identity, budgetAnalysisQuery(weddingIds)));
}

function toRows(rows: RawRow[]): BudgetAnalysisRow[] {
  return rows.map((r) => ({
    weddingId: r.wedding_id,
    weddingName: r.wedding_name,
    totalBudget: r.total_budget,
    totalSpent: r.total_spent,
    totalEvents: r.total_events,
    confirmedGuests: r.confirmed_guests,
    spendPercentage: r.spend_percentage,
  }));
}
