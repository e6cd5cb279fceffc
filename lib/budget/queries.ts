import "server-only";
import { withIdentity, type Identity } from "@/lib/db/with-identity";
import { toIsoDate } from "@/lib/format/date";
import type { TExpenseFilters, TExpenseStatus } from "./schema";

// What the budget page lists: the wedding's budget lines and expenses with
// their versions (updated_at to the microsecond, for optimistic concurrency),
// and the events and vendors an expense may point at. Money travels as text.
// The budget-versus-spend figures come from getWeddingOverview, so this page
// and the overview can never disagree.

export type BudgetLineRow = { id: number; category: string; amount: string; notes: string | null; version: string };

export type ExpenseRow = {
  id: number;
  category: string;
  description: string;
  actualCost: string;
  status: TExpenseStatus;
  incurredOn: string | null;
  eventId: number | null;
  eventName: string | null;
  vendorId: number | null;
  vendorName: string | null;
  version: string;
};

export type EventOption = { id: number; name: string; date: string; cancelled: boolean };
export type VendorOption = { id: number; name: string; serviceCategory: string; active: boolean };

export type BudgetPage = {
  wedding: { id: number; name: string; currency: string };
  lines: BudgetLineRow[];
  expenses: ExpenseRow[];
  /** Expenses per status, whatever the filter. */
  statusCounts: Record<TExpenseStatus, number>;
  events: EventOption[];
  vendors: VendorOption[];
};

/** The budget page of a wedding; null when the identity may not see it (or it does not exist). */
export async function getBudgetPage(
  identity: Identity,
  weddingId: number,
  filters: TExpenseFilters = {},
): Promise<BudgetPage | null> {
  return withIdentity(identity, async (tx) => {
    const wedding = await tx.wedding.findUnique({
      where: { id: weddingId },
      select: { id: true, name: true, currency: true },
    });
    if (!wedding) return null;
    const status = filters.status ?? null;
    const lines = await tx.$queryRaw<BudgetLineRow[]>`
      SELECT budget_id AS id, category, budget_amount::text AS amount, notes,
             to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS version
      FROM budget WHERE wedding_id = ${weddingId}
      ORDER BY lower(category), budget_id`;
    const expenses = await tx.$queryRaw<ExpenseRow[]>`
      SELECT x.expense_id AS id, x.category, x.description, x.actual_cost::text AS "actualCost",
             x.status::text AS status, x.incurred_on::text AS "incurredOn",
             x.event_id AS "eventId", e.name AS "eventName", x.vendor_id AS "vendorId", v.name AS "vendorName",
             to_char(x.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS version
      FROM expense x
      LEFT JOIN event e ON e.event_id = x.event_id
      LEFT JOIN vendor v ON v.vendor_id = x.vendor_id
      WHERE x.wedding_id = ${weddingId} AND (${status}::text IS NULL OR x.status::text = ${status}::text)
      ORDER BY x.incurred_on DESC NULLS LAST, x.expense_id DESC`;
    const counts = await tx.expense.groupBy({ by: ["status"], where: { weddingId }, _count: { _all: true } });
    const events = await tx.event.findMany({
      where: { weddingId },
      select: { id: true, name: true, eventDate: true, status: true },
      orderBy: [{ eventDate: "asc" }, { startTime: "asc" }, { id: "asc" }],
    });
    const vendors = await tx.vendor.findMany({
      select: { id: true, name: true, serviceCategory: true, status: true },
      orderBy: [{ name: "asc" }, { id: "asc" }],
    });
    const statusCounts: Record<TExpenseStatus, number> = { Pending: 0, Approved: 0, Rejected: 0 };
    for (const row of counts) statusCounts[row.status] = row._count._all;
    return {
      wedding,
      lines,
      expenses,
      statusCounts,
      events: events.map((e) => ({
        id: e.id,
        name: e.name,
        date: toIsoDate(e.eventDate),
        cancelled: e.status === "Cancelled",
      })),
      vendors: vendors.map((v) => ({
        id: v.id,
        name: v.name,
        serviceCategory: v.serviceCategory,
        active: v.status === "Active",
      })),
    };
  });
}
