import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import type { WeddingStatus } from "@/lib/generated/prisma/enums";
import { readAs } from "@/lib/db/read-as";
import type { Identity } from "@/lib/db/with-identity";
import { rsvpSummaryQuery } from "@/lib/guests/rsvp-summary";
import { escapeLike } from "@/lib/url/search-params";
import type { TCockpitFilters, TCockpitSort, TSortDirection } from "./cockpit-schema";

// The planner's cockpit: one row per visible wedding, searched, filtered,
// sorted and paged in ONE statement (the total comes along on every row,
// from count(*) OVER ()).
// As in lib/budget/analysis.ts and lib/weddings/overview.ts each table is
// aggregated on its own and joined on wedding_id, so no figure is multiplied
// by another table's rows. Row-level security decides which weddings exist.
//   - guests (lib/guests/rsvp-summary.ts) count invitations to events that are not cancelled:
//     invited  = guests with at least one invitation;
//     accepted = guests who accepted at least one event;
//     pending  = guests who have not answered any invitation yet (all Pending).
//     A guest who declined everything, or declined some and has not answered
//     the rest, is invited but neither accepted nor pending.
//   - budget used = approved expenses / budget lines, as in the overview;
//     over budget when the approved spend exceeds the budget.
//   - overdue payments = money due before today from payment_open_item, as in
//     the overview's payments: open installments of bookings with a payment
//     schedule, and Pending payments due (or dated, without a due date) of
//     bookings without one. A scheduled booking is judged by its schedule, so
//     nothing is counted twice.
//   - next event = the first Scheduled or Confirmed event on or after today.

export type Money = string;

export type CockpitRow = {
  id: number;
  name: string;
  /** "YYYY-MM-DD". */
  date: string;
  status: WeddingStatus;
  currency: string;
  couple: string;
  /** Days from today to the wedding; negative once it is past. */
  daysLeft: number;
  invited: number;
  accepted: number;
  pending: number;
  budget: Money;
  spent: Money;
  /** Approved spend as a percentage of the budget, 2 decimals; null without a budget. */
  budgetUsed: string | null;
  overBudget: boolean;
  overdueCount: number;
  overdueAmount: Money;
  nextEvent: { name: string; date: string; startTime: string } | null;
};

export type CockpitPage = { rows: CockpitRow[]; total: number; page: number; pageCount: number; pageSize: number };

type RawRow = {
  total: number;
  wedding_id: number;
  wedding_name: string;
  wedding_date: string;
  status: WeddingStatus;
  currency: string;
  couple: string;
  days_left: number;
  invited: number;
  accepted: number;
  pending: number;
  budget: string;
  spent: string;
  budget_used: string | null;
  over_budget: boolean;
  overdue_count: number;
  overdue_amount: string;
  next_event_name: string | null;
  next_event_date: string | null;
  next_event_start: string | null;
};

// Each sortable column has fixed SQL; the wedding id breaks ties so pages never overlap.
const ORDER_BY: Record<TCockpitSort, Record<TSortDirection, Prisma.Sql>> = {
  name: {
    asc: Prisma.sql`wedding_name ASC, wedding_id ASC`,
    desc: Prisma.sql`wedding_name DESC, wedding_id DESC`,
  },
  date: {
    asc: Prisma.sql`wedding_date ASC, wedding_id ASC`,
    desc: Prisma.sql`wedding_date DESC, wedding_id DESC`,
  },
  couple: {
    asc: Prisma.sql`couple ASC, wedding_id ASC`,
    desc: Prisma.sql`couple DESC, wedding_id DESC`,
  },
  invited: {
    asc: Prisma.sql`invited ASC, wedding_id ASC`,
    desc: Prisma.sql`invited DESC, wedding_id DESC`,
  },
  accepted: {
    asc: Prisma.sql`accepted ASC, wedding_id ASC`,
    desc: Prisma.sql`accepted DESC, wedding_id DESC`,
  },
  pending: {
    asc: Prisma.sql`pending ASC, wedding_id ASC`,
    desc: Prisma.sql`pending DESC, wedding_id DESC`,
  },
  budget_used: {
    asc: Prisma.sql`budget_used ASC NULLS LAST, wedding_id ASC`,
    desc: Prisma.sql`budget_used DESC NULLS LAST, wedding_id DESC`,
  },
  // Counts first: amounts in different currencies do not compare.
  overdue: {
    asc: Prisma.sql`overdue_count ASC, overdue_amount ASC, wedding_id ASC`,
    desc: Prisma.sql`overdue_count DESC, overdue_amount DESC, wedding_id DESC`,
  },
  next_event: {
    asc: Prisma.sql`next_event_date ASC NULLS LAST, next_event_start ASC NULLS LAST, wedding_id ASC`,
    desc: Prisma.sql`next_event_date DESC NULLS LAST, next_event_start DESC NULLS LAST, wedding_id DESC`,
  },
};

export function cockpitOrderBy(filters: Pick<TCockpitFilters, "sort" | "dir">): Prisma.Sql {
  return ORDER_BY[filters.sort][filters.dir];
}

/**
 * The cockpit's one statement, exported so the benchmark can EXPLAIN what the
 * page runs. For a planner it also says "my weddings" in the query: row-level
 * security alone is an OR of every role's policy, which no index serves, so
 * PostgreSQL read all of wedding and client to find a planner's 50 (about
 * 200 ms at a million weddings, docs/benchmarks.md). Same rows either way.
 */
export function cockpitQuery(filters: TCockpitFilters, today: string, scope: "planner" | "all" = "all"): Prisma.Sql {
  const pattern = filters.q ? `%${escapeLike(filters.q)}%` : null;
  const status = filters.status ?? null;
  const size = filters.size;
  const offset = (filters.page - 1) * size;
  return Prisma.sql`
    WITH w AS (
      SELECT w.wedding_id, w.wedding_name, w.wedding_date, w.status, w.currency, c.name AS couple
      FROM wedding w JOIN client c USING (client_id)
      WHERE ${scope === "planner" ? Prisma.sql`w.planner_id = (SELECT app_planner_id()) AND` : Prisma.empty}
        (${pattern}::text IS NULL OR w.wedding_name ILIKE ${pattern}::text OR c.name ILIKE ${pattern}::text)
        AND (${status}::text IS NULL OR w.status = ${status}::text::wedding_status)
    ),
    g AS (${rsvpSummaryQuery(Prisma.sql`SELECT wedding_id FROM w`)}),
    b AS (
      SELECT wedding_id, sum(budget_amount) AS amount FROM budget
      WHERE wedding_id IN (SELECT wedding_id FROM w) GROUP BY wedding_id
    ),
    e AS (
      SELECT wedding_id, sum(actual_cost) AS amount FROM expense
      WHERE status = 'Approved' AND wedding_id IN (SELECT wedding_id FROM w) GROUP BY wedding_id
    ),
    -- payment_open_item through a function that plans it once per session:
    -- planning its partitions cost more than reading them (open_items_plans migration).
    p AS (
      SELECT wedding_id, overdue_count, overdue_amount
      FROM weddings_overdue_payments(ARRAY(SELECT wedding_id FROM w), ${today}::date)
    ),
    nx AS (
      SELECT DISTINCT ON (wedding_id) wedding_id, name, event_date, start_time FROM event
      WHERE status IN ('Scheduled', 'Confirmed') AND event_date >= ${today}::date
        AND wedding_id IN (SELECT wedding_id FROM w)
      ORDER BY wedding_id, event_date, start_time, event_id
    ),
    cockpit AS (
      SELECT w.wedding_id, w.wedding_name, w.wedding_date, w.status, w.currency, w.couple,
             (w.wedding_date - ${today}::date) AS days_left,
             coalesce(g.invited, 0) AS invited, coalesce(g.accepted, 0) AS accepted, coalesce(g.pending, 0) AS pending,
             coalesce(b.amount, 0)::numeric(12,2) AS budget, coalesce(e.amount, 0)::numeric(12,2) AS spent,
             round(100.0 * coalesce(e.amount, 0) / nullif(b.amount, 0), 2) AS budget_used,
             coalesce(e.amount, 0) > coalesce(b.amount, 0) AS over_budget,
             coalesce(p.overdue_count, 0) AS overdue_count, coalesce(p.overdue_amount, 0)::numeric(12,2) AS overdue_amount,
             nx.name AS next_event_name, nx.event_date AS next_event_date, nx.start_time AS next_event_start
      FROM w
      LEFT JOIN g USING (wedding_id)
      LEFT JOIN b USING (wedding_id)
      LEFT JOIN e USING (wedding_id)
      LEFT JOIN p USING (wedding_id)
      LEFT JOIN nx USING (wedding_id)
    ),
    filtered AS (
      SELECT * FROM cockpit
      WHERE (NOT ${filters.over === true}::boolean OR over_budget)
        AND (NOT ${filters.overdue === true}::boolean OR overdue_count > 0)
    ),
    ranked AS (
      SELECT filtered.*, row_number() OVER (ORDER BY ${cockpitOrderBy(filters)})::int AS position,
             count(*) OVER ()::int AS total
      FROM filtered
    ),
    -- A page past the end shows the last page.
    paged AS (
      SELECT ranked.*, least(${offset}::int, (greatest(ceil(total / ${size}::numeric)::int, 1) - 1) * ${size}::int) AS skip
      FROM ranked
    )
    SELECT total, wedding_id, wedding_name, wedding_date::text AS wedding_date, status, currency, couple, days_left,
           invited, accepted, pending, budget::text AS budget, spent::text AS spent, budget_used::text AS budget_used,
           over_budget, overdue_count, overdue_amount::text AS overdue_amount, next_event_name,
           next_event_date::text AS next_event_date, to_char(next_event_start, 'HH24:MI') AS next_event_start
    FROM paged
    WHERE position > skip AND position <= skip + ${size}::int
    ORDER BY position`;
}

/** One page of the cockpit for `today` ("YYYY-MM-DD"). A page past the end shows the last page. */
export async function listCockpit(identity: Identity, filters: TCockpitFilters, today: string): Promise<CockpitPage> {
  const size = filters.size;
  // One statement on the one-round-trip read path (lib/db/read-as.ts).
  const scope = identity.kind === "user" && identity.role === "planner" ? "planner" : "all";
  const rows = await readAs<RawRow>(identity, cockpitQuery(filters, today, scope));
  const total = rows[0]?.total ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / size));
  return {
    rows: rows.map(toCockpitRow),
    total,
    page: Math.min(filters.page, pageCount),
    pageCount,
    pageSize: size,
  };
}

function toCockpitRow(r: RawRow): CockpitRow {
  return {
    id: r.wedding_id,
    name: r.wedding_name,
    date: r.wedding_date,
    status: r.status,
    currency: r.currency,
    couple: r.couple,
    daysLeft: r.days_left,
    invited: r.invited,
    accepted: r.accepted,
    pending: r.pending,
    budget: r.budget,
    spent: r.spent,
    budgetUsed: r.budget_used,
    overBudget: r.over_budget,
    overdueCount: r.overdue_count,
    overdueAmount: r.overdue_amount,
    nextEvent:
      r.next_event_name && r.next_event_date && r.next_event_start
        ? { name: r.next_event_name, date: r.next_event_date, startTime: r.next_event_start }
        : null,
  };
}
