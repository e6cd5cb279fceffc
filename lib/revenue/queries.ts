import "server-only";
import { withIdentity, type Identity } from "@/lib/db/with-identity";
import { Prisma } from "@/lib/generated/prisma/client";

// The revenue dashboard's figures, from mv_monthly_revenue through
// admin_monthly_revenue(), which returns rows to admins only (a materialized
// view cannot have row-level security). GROUPING SETS adds the month totals,
// category totals and grand total of each currency in the same pass (the
// report's section 1.6 suggests ROLLUP/CUBE for such reports). Amounts stay
// exact decimal strings.

export type RevenueFigures = {
  payments: number;
  total: string;
  /** Average completed payment; null when there was none. */
  average: string | null;
  refunds: number;
  refundedTotal: string;
};

export type RevenueCurrency = {
  currency: string;
  cells: ({ month: string; category: string } & RevenueFigures)[];
  /** Oldest first. */
  months: ({ month: string } & RevenueFigures)[];
  /** Largest total first. */
  categories: ({ category: string } & RevenueFigures)[];
  totals: RevenueFigures;
};

export type RevenueDashboard = {
  /** When the view was last refreshed (ISO), or null when it never was. */
  asOf: string | null;
  /** Largest total first. */
  currencies: RevenueCurrency[];
};

type Row = {
  level: number;
  currency: string;
  month: string | null;
  category: string | null;
  payments: number;
  total: string;
  average: string | null;
  refunds: number;
  refunded_total: string;
};

/** The dashboard's figures as one statement; the plan checks read the plan of admin_monthly_revenue() inside it. */
export function revenueFiguresQuery(): Prisma.Sql {
  return Prisma.sql`
    SELECT GROUPING(revenue_month, service_category)::int AS level, currency,
           revenue_month::text AS month, service_category AS category,
           sum(total_payments)::int AS payments, sum(total_revenue)::numeric(14, 2)::text AS total,
           CASE WHEN sum(total_payments) > 0
                THEN round(sum(total_revenue) / sum(total_payments), 2)::numeric(14, 2)::text END AS average,
           sum(refunded_payments)::int AS refunds, sum(refunded_total)::numeric(14, 2)::text AS refunded_total
      FROM admin_monthly_revenue()
     GROUP BY GROUPING SETS ((currency, revenue_month, service_category), (currency, revenue_month),
                             (currency, service_category), (currency))`;
}

export async function getRevenueDashboard(identity: Identity): Promise<RevenueDashboard> {
  return withIdentity(
    identity,
    async (tx) => {
      const rows = await tx.$queryRaw<Row[]>(revenueFiguresQuery());
      const refresh = await tx.matviewRefresh.findUnique({
        where: { viewName: "mv_monthly_revenue" },
        select: { refreshedAt: true },
      });
      return { asOf: refresh?.refreshedAt.toISOString() ?? null, currencies: assemble(rows) };
      // A report: it runs on the report pool, never taking the pages' connections.
    },
    { pool: "report" },
  );
}

function figures(row: Row): RevenueFigures {
  return {
    payments: row.payments,
    total: row.total,
    average: row.average,
    refunds: row.refunds,
    refundedTotal: row.refunded_total,
  };
}

const byTotalDesc = (a: { total: string }, b: { total: string }) => Number(b.total) - Number(a.total);

function assemble(rows: Row[]): RevenueCurrency[] {
  const byCurrency = new Map<string, RevenueCurrency>();
  const entry = (currency: string) => {
    let found = byCurrency.get(currency);
    if (!found) {
      found = {
        currency,
        cells: [],
        months: [],
        categories: [],
        totals: { payments: 0, total: "0.00", average: null, refunds: 0, refundedTotal: "0.00" },
      };
      byCurrency.set(currency, found);
    }
    return found;
  };
  for (const row of rows) {
    const target = entry(row.currency);
    // GROUPING(month, category): 0 a cell, 1 a month's total, 2 a category's total, 3 the currency's total.
    if (row.level === 0) target.cells.push({ month: row.month!, category: row.category!, ...figures(row) });
    else if (row.level === 1) target.months.push({ month: row.month!, ...figures(row) });
    else if (row.level === 2) target.categories.push({ category: row.category!, ...figures(row) });
    else target.totals = figures(row);
  }
  const currencies = [...byCurrency.values()];
  for (const c of currencies) {
    c.months.sort((a, b) => a.month.localeCompare(b.month));
    c.categories.sort((a, b) => byTotalDesc(a, b) || a.category.localeCompare(b.category));
  }
  // Sorting by size only orders them; the amounts themselves stay strings.
  return currencies.sort((a, b) => byTotalDesc(a.totals, b.totals) || a.currency.localeCompare(b.currency));
}
