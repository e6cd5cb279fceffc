import type { RevenueCurrency } from "./queries";
import { REVENUE_PAGE_SIZE, type TRevenueFilters } from "./schema";

// The revenue table's rows for one currency: filtered by category, sorted and
// paged on the server. A currency has a few hundred cells at most (months ×
// 16 categories), so this works on the figures the dashboard already read.

export type RevenueCell = RevenueCurrency["cells"][number];
export type RevenueTablePage = {
  rows: RevenueCell[];
  total: number;
  page: number;
  pageCount: number;
  pageSize: number;
};

const compare: Record<TRevenueFilters["sort"], (a: RevenueCell, b: RevenueCell) => number> = {
  month: (a, b) => a.month.localeCompare(b.month),
  category: (a, b) => a.category.localeCompare(b.category),
  payments: (a, b) => a.payments - b.payments,
  // Ordering only: the amounts shown stay the database's strings.
  total: (a, b) => Number(a.total) - Number(b.total),
};

export function pageRevenueCells(cells: readonly RevenueCell[], filters: TRevenueFilters): RevenueTablePage {
  const filtered = filters.category ? cells.filter((c) => c.category === filters.category) : [...cells];
  const direction = filters.dir === "asc" ? 1 : -1;
  filtered.sort(
    (a, b) =>
      direction * compare[filters.sort](a, b) || b.month.localeCompare(a.month) || a.category.localeCompare(b.category),
  );
  const pageCount = Math.max(1, Math.ceil(filtered.length / REVENUE_PAGE_SIZE));
  const page = Math.min(filters.page, pageCount);
  return {
    rows: filtered.slice((page - 1) * REVENUE_PAGE_SIZE, page * REVENUE_PAGE_SIZE),
    total: filtered.length,
    page,
    pageCount,
    pageSize: REVENUE_PAGE_SIZE,
  };
}
