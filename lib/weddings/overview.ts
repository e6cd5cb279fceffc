import "server-only";
import { withIdentity, type Identity } from "@/lib/db/with-identity";
import { activeTimelineQuery } from "@/lib/events/queries";
import type { TInstallmentKind } from "@/lib/payments/schema";

// Everything the wedding overview shows, in ONE statement: one round trip after
// the identity is set, however many guests and events the wedding has. Each
// table is aggregated on its own (no fan-out), money travels as text so no
// float ever touches it, and row-level security decides whether the wedding is
// visible at all (null when it is not).

export type Money = string;

export type WeddingOverview = {
  wedding: {
    id: number;
    name: string;
    date: string;
    status: string;
    currency: string;
    guestCountTarget: number;
    rsvpDeadline: string | null;
    couple: string;
    updatedAt: string;
  };
  budget: { category: string; budget: Money; spent: Money }[];
  totals: { budget: Money; spent: Money; spendPercentage: string | null; overBudget: boolean };
  rsvpFunnel: { eventId: number; name: string; invited: number; accepted: number; declined: number; pending: number }[];
  timeline: {
    eventId: number;
    name: string;
    eventType: string;
    date: string;
    startTime: string;
    endTime: string;
    location: string | null;
    status: string;
    overlaps: boolean;
  }[];
  /**
   * Money the wedding is waiting for (payment_open_item): open installments of
   * bookings with a payment schedule, Pending payments of bookings without one.
   */
  payments: {
    source: "installment" | "payment";
    /** installment_id or payment_id, by source. */
    id: number;
    /** The installment's kind (deposit, installment, final); null for a payment. */
    kind: TInstallmentKind | null;
    /** A payment's own day; null for an installment. */
    paymentDate: string | null;
    dueDate: string;
    /** What is still to pay. */
    amount: Money;
    supplier: string;
    overdue: boolean;
  }[];
  overBudgetExpenses: {
    expenseId: number;
    category: string;
    description: string;
    actualCost: Money;
    eventName: string | null;
  }[];
};

export async function getWeddingOverview(
  identity: Identity,
  weddingId: number,
  today: string,
): Promise<WeddingOverview | null> {
  const rows = await withIdentity(
    identity,
    (tx) => tx.$queryRaw<{ overview: WeddingOverview | null }[]>`
    WITH w AS (
      SELECT w.wedding_id, w.wedding_name, w.wedding_date, w.status, w.currency, w.guest_count_target,
             w.rsvp_deadline, w.updated_at, c.name AS couple
      FROM wedding w JOIN client c USING (client_id)
      WHERE w.wedding_id = ${weddingId}
    ),
    b AS (SELECT category, sum(budget_amount) AS amount FROM budget WHERE wedding_id = ${weddingId} GROUP BY category),
    e AS (
      SELECT category, sum(actual_cost) AS amount FROM expense
      WHERE wedding_id = ${weddingId} AND status = 'Approved' GROUP BY category
    ),
    cat AS (
      SELECT coalesce(b.category, e.category) AS category, coalesce(b.amount, 0) AS budget, coalesce(e.amount, 0) AS spent
      FROM b FULL JOIN e USING (category)
    ),
    tot AS (SELECT coalesce(sum(budget), 0) AS budget, coalesce(sum(spent), 0) AS spent FROM cat),
    ev AS (${activeTimelineQuery(weddingId)}),
    r AS (
      SELECT event_id, count(*)::int AS invited,
             count(*) FILTER (WHERE status = 'Accepted')::int AS accepted,
             count(*) FILTER (WHERE status = 'Declined')::int AS declined,
             count(*) FILTER (WHERE status = 'Pending')::int AS pending
      FROM event_rsvp WHERE wedding_id = ${weddingId} GROUP BY event_id
    ),
    -- wedding_open_items(): payment_open_item with the payment's day and the
    -- supplier, in PL/pgSQL so its plan over payment's and booking's
    -- partitions is made once per session, not on every page view
    -- (migration 20261128000100_workload_queries).
    p AS (
      SELECT o.source, o.item_id, o.kind, o.payment_date, o.due_date, o.amount, o.supplier,
             o.due_date < ${today}::date AS overdue
      FROM wedding_open_items(${weddingId}) o
    )
    SELECT (
      SELECT json_build_object(
        'wedding', json_build_object(
          'id', w.wedding_id, 'name', w.wedding_name, 'date', w.wedding_date::text, 'status', w.status,
          'currency', w.currency, 'guestCountTarget', w.guest_count_target, 'rsvpDeadline', w.rsvp_deadline::text,
          'couple', w.couple, 'updatedAt', w.updated_at::text),
        'budget', coalesce((SELECT json_agg(json_build_object('category', category, 'budget', budget::numeric(12,2)::text,
                                                              'spent', spent::numeric(12,2)::text) ORDER BY category) FROM cat), '[]'),
        'totals', (SELECT json_build_object(
                     'budget', budget::numeric(12,2)::text, 'spent', spent::numeric(12,2)::text,
                     'spendPercentage', round(100.0 * spent / nullif(budget, 0), 2)::text,
                     'overBudget', spent > budget) FROM tot),
        'rsvpFunnel', coalesce((SELECT json_agg(json_build_object('eventId', ev.event_id, 'name', ev.name,
                                  'invited', coalesce(r.invited, 0), 'accepted', coalesce(r.accepted, 0),
                                  'declined', coalesce(r.declined, 0), 'pending', coalesce(r.pending, 0))
                                ORDER BY ev.starts, ev.event_id) FROM ev LEFT JOIN r USING (event_id)), '[]'),
        'timeline', coalesce((SELECT json_agg(json_build_object('eventId', ev.event_id, 'name', ev.name,
                                'eventType', ev.event_type, 'date', ev.event_date::text,
                                'startTime', to_char(ev.start_time, 'HH24:MI'), 'endTime', to_char(ev.end_time, 'HH24:MI'),
                                'location', ev.location, 'status', ev.status,
                                'overlaps', EXISTS (SELECT 1 FROM ev o WHERE o.event_id <> ev.event_id
                                                    AND o.starts < ev.ends AND ev.starts < o.ends))
                              ORDER BY ev.starts, ev.event_id) FROM ev), '[]'),
        'payments', coalesce((SELECT json_agg(json_build_object('source', source, 'id', item_id, 'kind', kind,
                                'paymentDate', payment_date::text, 'dueDate', due_date::text, 'amount', amount::text,
                                'supplier', supplier, 'overdue', overdue)
                              ORDER BY due_date, source, item_id) FROM p), '[]'),
        'overBudgetExpenses', CASE WHEN (SELECT spent > budget FROM tot) THEN coalesce((
          SELECT json_agg(json_build_object('expenseId', x.expense_id, 'category', x.category, 'description', x.description,
                                            'actualCost', x.actual_cost::text, 'eventName', xe.name)
                          ORDER BY x.actual_cost DESC, x.expense_id)
          FROM expense x LEFT JOIN event xe ON xe.event_id = x.event_id
          WHERE x.wedding_id = ${weddingId} AND x.status = 'Approved'), '[]') ELSE '[]' END)
      FROM w) AS overview`,
  );
  return rows[0]?.overview ?? null;
}
