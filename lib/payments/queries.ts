import "server-only";
import { withIdentity, type Identity, type Tx } from "@/lib/db/with-identity";
import type { TDueRule, TInstallmentKind, TPaymentStatus } from "./schema";

// What the payments pages show. Money travels as text. How much of each
// installment is paid comes from the view payment_installment_balance, and
// what is overdue from payment_open_item, which the cockpit and the overview
// read too, so no two pages can disagree.

export type InstallmentRow = {
  id: number;
  bookingId: number;
  kind: TInstallmentKind;
  amount: string;
  dueRule: TDueRule;
  dueDate: string;
  daysBeforeEvent: number | null;
  covered: string;
  outstanding: string;
  overdue: boolean;
};

export type PaymentRow = {
  id: number;
  bookingId: number;
  installmentId: number | null;
  date: string;
  amount: string;
  status: TPaymentStatus;
  method: string | null;
  /** The payment this row refunds; null for a payment. */
  refundOf: number | null;
  /** For a payment: how much of it has been refunded. */
  refunded: string;
  overpaymentReason: string | null;
  version: string;
};

export type BookingPayments = {
  id: number;
  eventDate: string;
  supplier: string;
  category: string;
  status: string;
  total: string;
  /** Completed payments minus refunds. */
  paid: string;
  /** The total minus what is paid; negative after an overpayment. */
  balance: string;
  scheduled: string;
  installments: InstallmentRow[];
  payments: PaymentRow[];
};

export type OpenItem = {
  source: "installment" | "payment";
  id: number;
  weddingId: number;
  weddingName: string;
  currency: string;
  bookingId: number;
  supplier: string;
  /** The installment's kind; null for a pending payment of a booking without a schedule. */
  kind: TInstallmentKind | null;
  dueDate: string;
  amount: string;
};

export type WeddingPaymentsPage = {
  wedding: { id: number; name: string; currency: string };
  bookings: BookingPayments[];
  overdue: OpenItem[];
};

async function listOverdue(tx: Tx, today: string, weddingId: number | null, limit: number): Promise<OpenItem[]> {
  return tx.$queryRaw<OpenItem[]>`
    SELECT o.source, o.item_id AS id, o.wedding_id AS "weddingId", w.wedding_name AS "weddingName",
           w.currency::text AS currency, o.booking_id AS "bookingId",
           coalesce(v.name, ve.name, 'Booking ' || o.booking_id) AS supplier,
           o.kind, o.due_date::text AS "dueDate", o.amount::text AS amount
    FROM payment_open_item o
    JOIN wedding w ON w.wedding_id = o.wedding_id
    JOIN booking b ON b.booking_id = o.booking_id AND b.event_date = o.booking_event_date
    LEFT JOIN vendor v ON v.vendor_id = b.vendor_id
    LEFT JOIN venue ve ON ve.venue_id = b.venue_id
    WHERE o.due_date < ${today}::date
      AND (${weddingId}::int IS NULL OR o.wedding_id = ${weddingId}::int)
    ORDER BY o.due_date, w.wedding_name, o.source, o.item_id
    LIMIT ${limit}`;
}

/** The payments page of a wedding for `today` ("YYYY-MM-DD"); null when the identity may not see it. */
export async function getWeddingPaymentsPage(
  identity: Identity,
  weddingId: number,
  today: string,
): Promise<WeddingPaymentsPage | null> {
  return withIdentity(identity, async (tx) => {
    const wedding = await tx.wedding.findUnique({
      where: { id: weddingId },
      select: { id: true, name: true, currency: true },
    });
    if (!wedding) return null;
    const bookings = await tx.$queryRaw<Omit<BookingPayments, "installments" | "payments">[]>`
      SELECT b.booking_id AS id, b.event_date::text AS "eventDate",
             coalesce(v.name, ve.name) AS supplier,
             CASE WHEN b.venue_id IS NOT NULL THEN 'Venue' ELSE v.service_category::text END AS category,
             b.status::text AS status, b.total_cost::text AS total,
             coalesce(p.paid, 0)::numeric(14, 2)::text AS paid,
             (b.total_cost - coalesce(p.paid, 0))::numeric(14, 2)::text AS balance,
             coalesce(s.scheduled, 0)::numeric(14, 2)::text AS scheduled
      FROM booking b
      LEFT JOIN vendor v ON v.vendor_id = b.vendor_id
      LEFT JOIN venue ve ON ve.venue_id = b.venue_id
      LEFT JOIN LATERAL (
        SELECT sum(CASE WHEN x.refund_of_payment_id IS NOT NULL THEN -x.amount
                        WHEN x.payment_status = 'Completed' THEN x.amount ELSE 0 END) AS paid
        FROM payment x WHERE x.booking_id = b.booking_id AND x.booking_event_date = b.event_date
      ) p ON true
      LEFT JOIN LATERAL (
        SELECT sum(i.amount) AS scheduled FROM payment_installment i
        WHERE i.booking_id = b.booking_id AND i.booking_event_date = b.event_date
      ) s ON true
      WHERE b.wedding_id = ${weddingId}
      ORDER BY b.status = 'Cancelled', b.venue_id IS NULL, supplier, b.booking_id`;
    const installments = await tx.$queryRaw<InstallmentRow[]>`
      SELECT installment_id AS id, booking_id AS "bookingId", kind, amount::text AS amount, due_rule AS "dueRule",
             due_date::text AS "dueDate", days_before_event AS "daysBeforeEvent",
             covered::text AS covered, outstanding::text AS outstanding,
             outstanding > 0 AND due_date < ${today}::date AS overdue
      FROM payment_installment_balance WHERE wedding_id = ${weddingId}
      ORDER BY booking_id, due_date, installment_id`;
    const payments = await tx.$queryRaw<PaymentRow[]>`
      SELECT p.payment_id AS id, p.booking_id AS "bookingId", p.installment_id AS "installmentId",
             p.payment_date::text AS date, p.amount::text AS amount, p.payment_status::text AS status, app_pii_decrypt(p.method_encrypted, p.client_id) AS method,
             p.refund_of_payment_id AS "refundOf",
             coalesce((SELECT sum(r.amount) FROM payment r
                       WHERE r.refund_of_payment_id = p.payment_id AND r.refund_of_payment_date = p.payment_date
                         AND r.wedding_id = p.wedding_id), 0)::text AS refunded,
             p.overpayment_reason AS "overpaymentReason",
             to_char(p.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS version
      FROM payment p WHERE p.wedding_id = ${weddingId}
      ORDER BY p.booking_id, p.payment_date, p.payment_id`;
    const overdue = await listOverdue(tx, today, weddingId, 500);
    return {
      wedding,
      bookings: bookings.map((b) => ({
        ...b,
        installments: installments.filter((i) => i.bookingId === b.id),
        payments: payments.filter((p) => p.bookingId === b.id),
      })),
      overdue,
    };
  });
}

export const MAX_OVERDUE_LISTED = 200;

/** Overdue money across every wedding the identity may see (a planner: their own), oldest first. */
export async function listOverdueItems(identity: Identity, today: string): Promise<OpenItem[]> {
  return withIdentity(identity, (tx) => listOverdue(tx, today, null, MAX_OVERDUE_LISTED));
}
