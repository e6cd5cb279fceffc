import "server-only";
import { ActionError, type ActionResult } from "@/lib/actions/action";
import type { UserIdentity } from "@/lib/auth/guards";
import { fromCents, toCents } from "@/lib/budget/figures";
import { isUniqueViolation } from "@/lib/budget/budget-lines";
import { withIdentity } from "@/lib/db/with-identity";
import { Prisma } from "@/lib/generated/prisma/client";
import { lockBooking, requireOpenBooking } from "./booking-lock";
import { INSTALLMENT_KIND_LABELS, type TCreateInstallment, type TDeleteInstallment } from "./schema";

// A booking's schedule: add and remove installments. Each change is one
// transaction as the person, after the booking's row lock, so the schedule's
// sum is checked against the total with every other writer waiting.

type Result = ActionResult<{ message: string }>;

export const INSTALLMENT_GONE = "This installment does not exist any more. Reload the page.";

export function scheduleOverTotalMessage(scheduled: string, total: string, currency: string): string {
  return `The schedule would add up to ${scheduled} ${currency}, more than the booking's total of ${total} ${currency}.`;
}

export function kindTakenMessage(kind: "deposit" | "final"): string {
  return `This booking already has a ${kind === "deposit" ? "deposit" : "final payment"}. Remove it first to replace it.`;
}

export async function createInstallment(identity: UserIdentity, input: TCreateInstallment): Promise<Result> {
  try {
    return await withIdentity(identity, async (tx) => {
      const booking = await lockBooking(tx, input.weddingId, input.bookingId);
      requireOpenBooking(booking);
      const scheduled = toCents(booking.scheduled) + toCents(input.amount);
      if (scheduled > toCents(booking.total)) {
        const message = scheduleOverTotalMessage(fromCents(scheduled), booking.total, booking.currency);
        throw new ActionError(message, { amount: [message] });
      }
      const relative = input.dueRule === "relative";
      const created = await tx.paymentInstallment.create({
        data: {
          bookingId: booking.bookingId,
          bookingEventDate: new Date(`${booking.eventDate}T00:00:00Z`),
          weddingId: booking.weddingId,
          clientId: booking.clientId,
          kind: input.kind,
          amount: new Prisma.Decimal(input.amount),
          dueRule: input.dueRule,
          // For a relative rule the database computes the day from the event day.
          dueDate: new Date(`${relative ? booking.eventDate : input.dueDate}T00:00:00Z`),
          daysBeforeEvent: relative ? (input.daysBeforeEvent ?? null) : null,
        },
        select: { dueDate: true },
      });
      const due = created.dueDate.toISOString().slice(0, 10);
      return {
        ok: true as const,
        message: `Added the ${INSTALLMENT_KIND_LABELS[input.kind].toLowerCase()} of ${input.amount} ${booking.currency}, due ${due}.`,
      };
    });
  } catch (error) {
    if (isUniqueViolation(error) && input.kind !== "installment") {
      const message = kindTakenMessage(input.kind);
      throw new ActionError(message, { kind: [message] });
    }
    throw error;
  }
}

export async function deleteInstallment(identity: UserIdentity, input: TDeleteInstallment): Promise<Result> {
  return withIdentity(identity, async (tx) => {
    const found = await tx.paymentInstallment.findFirst({
      where: { id: input.installmentId, weddingId: input.weddingId },
      select: { bookingId: true },
    });
    if (!found) throw new ActionError(INSTALLMENT_GONE);
    await lockBooking(tx, input.weddingId, found.bookingId);
    // Its payments stay, no longer tied to an installment (ON DELETE SET NULL).
    const deleted = await tx.paymentInstallment.deleteMany({
      where: { id: input.installmentId, weddingId: input.weddingId },
    });
    if (deleted.count === 0) throw new ActionError(INSTALLMENT_GONE);
    return { ok: true as const, message: "Removed the installment. Payments made towards it stay on the booking." };
  });
}
