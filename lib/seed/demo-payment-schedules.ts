import { Prisma } from "@/lib/generated/prisma/client";
import { findDemoScope } from "./demo-scope";
import type { DemoPlan } from "./types";
import { DEMO_TODAY } from "./values";

// Payment schedules for some demo bookings: every venue booking of a wedding
// still ahead, and every booking with a payment overdue on DEMO_TODAY. Each
// schedule restates the payments the seed already planned (the paid deposit
// and the installments still due, same amounts, same days), so the cockpit and
// the overview, which judge a scheduled booking by its schedule, show the same
// overdue money as before. The deposit and installments keep fixed days; a
// final payment is set relative to the event day, so it follows the event if
// the day moves. Deterministic: everything comes from rows the seed just wrote.

type Tx = Prisma.TransactionClient;

type Candidate = {
  booking_id: number;
  event_date: Date;
  wedding_id: number;
  client_id: number;
  payments: { amount: string; status: string; due: string }[];
};

type InstallmentInput = Prisma.PaymentInstallmentCreateManyInput;

const DAY_MS = 86_400_000;

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The schedule that restates one booking's planned payments (deposit first, then what is still due). */
export function scheduleFor(candidate: Candidate): InstallmentInput[] {
  const base = {
    bookingId: candidate.booking_id,
    bookingEventDate: candidate.event_date,
    weddingId: candidate.wedding_id,
    clientId: candidate.client_id,
  };
  const fixed = (kind: string, amount: string, due: string): InstallmentInput => ({
    ...base,
    kind,
    amount: new Prisma.Decimal(amount),
    dueRule: "fixed",
    dueDate: new Date(`${due}T00:00:00Z`),
    daysBeforeEvent: null,
  });
  const [deposit, ...rest] = candidate.payments;
  if (!deposit) return [];
  const schedule = [fixed("deposit", deposit.amount, deposit.due)];
  rest.forEach((payment, i) => {
    const isFinal = rest.length > 1 && i === rest.length - 1;
    const dueDay = new Date(`${payment.due}T00:00:00Z`);
    const daysBefore = Math.round((candidate.event_date.getTime() - dueDay.getTime()) / DAY_MS);
    if (!isFinal || daysBefore < 0) {
      schedule.push(fixed("installment", payment.amount, payment.due));
      return;
    }
    schedule.push({
      ...fixed("final", payment.amount, payment.due),
      dueRule: "relative",
      daysBeforeEvent: daysBefore,
    });
  });
  return schedule;
}

export async function seedDemoPaymentSchedules(tx: Tx, plan: DemoPlan): Promise<void> {
  const { weddingIds } = await findDemoScope(tx, plan);
  const today = isoDay(DEMO_TODAY);
  const candidates = await tx.$queryRaw<Candidate[]>`
    SELECT b.booking_id, b.event_date, b.wedding_id, b.client_id,
           json_agg(json_build_object('amount', p.amount::text, 'status', p.payment_status::text,
                                      'due', coalesce(p.due_date, p.payment_date)::text)
                    ORDER BY coalesce(p.due_date, p.payment_date), p.payment_id) AS payments
    FROM booking b
    JOIN wedding w ON w.wedding_id = b.wedding_id
    JOIN payment p ON p.booking_id = b.booking_id AND p.booking_event_date = b.event_date
    WHERE b.wedding_id = ANY(${weddingIds}::int[])
      AND b.status IN ('Pending', 'Confirmed') AND w.status IN ('Planning', 'Confirmed')
      AND p.payment_status IN ('Completed', 'Pending')
    GROUP BY b.booking_id, b.event_date, b.wedding_id, b.client_id, b.venue_id
    HAVING b.venue_id IS NOT NULL
        OR bool_or(p.payment_status = 'Pending' AND coalesce(p.due_date, p.payment_date) < ${today}::date)
    ORDER BY b.booking_id`;
  const schedules = candidates.flatMap(scheduleFor);
  if (schedules.length > 0) await tx.paymentInstallment.createMany({ data: schedules });
}
