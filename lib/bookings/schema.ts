import { z } from "zod";
import { dayProblem, ZMoney } from "@/lib/budget/schema";
import {
  parseSearchParams,
  toQueryString,
  zPositiveInt,
  type RawSearchParams,
  type SearchParamValues,
} from "@/lib/url/search-params";

// Reserving and cancelling bookings, and the bookings page's address. Shared
// by server and client code, so it imports nothing server-only.

const MAX_INT = 2_147_483_647;
export const MAX_BOOKING_NOTES = 2000;

export const BOOKING_STATUSES = ["Pending", "Confirmed", "Cancelled", "Completed"] as const;
export type TBookingStatus = (typeof BOOKING_STATUSES)[number];

/** What a booking reserves, as the form's one select names it: "venue:12" or "vendor:7". */
export type TBookable = { kind: "venue" | "vendor"; id: number };

export function bookableValue(bookable: TBookable): string {
  return `${bookable.kind}:${bookable.id}`;
}

const emptyAsUndefined = (value: unknown) => (value === "" ? undefined : value);

function zId(message: string) {
  return z.coerce.number({ error: message }).refine((n) => Number.isInteger(n) && n >= 1 && n <= MAX_INT, message);
}

const ZWeddingId = zId("This wedding does not exist.");

const CHOOSE_BOOKABLE = "Choose a venue or a vendor from the list.";
const ZBookable = z
  .string({ error: CHOOSE_BOOKABLE })
  .regex(/^(venue|vendor):\d{1,10}$/, CHOOSE_BOOKABLE)
  .transform((value): TBookable => {
    const [kind, id] = value.split(":");
    return { kind: kind as TBookable["kind"], id: Number(id) };
  })
  .refine((b) => b.id >= 1 && b.id <= MAX_INT, CHOOSE_BOOKABLE);

export const ZEventDay = z
  .string({ error: "Enter the event date." })
  .trim()
  .superRefine((day, ctx) => {
    const problem = day === "" ? "Enter the event date." : dayProblem(day);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

const ZBookingNotes = z.preprocess(
  emptyAsUndefined,
  z
    .string({ error: "Notes must be text." })
    .trim()
    .max(MAX_BOOKING_NOTES, `Notes have at most ${MAX_BOOKING_NOTES} characters.`)
    .optional(),
);

export const ZReserveBookingSchema = z.object({
  weddingId: ZWeddingId,
  bookable: ZBookable,
  eventDate: ZEventDay,
  totalCost: ZMoney,
  notes: ZBookingNotes,
});
export type TReserveBooking = z.infer<typeof ZReserveBookingSchema>;

export const ZCancelBookingSchema = z.object({
  weddingId: ZWeddingId,
  bookingId: zId("This booking does not exist any more."),
  eventDate: ZEventDay,
});
export type TCancelBooking = z.infer<typeof ZCancelBookingSchema>;

/** Today in UTC, "YYYY-MM-DD": the first day a new booking may be for. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

// The bookings page's address ------------------------------------------------------

const listFields = {
  venue: { schema: zPositiveInt(MAX_INT).optional(), label: "the venue to book", hint: "use a venue's number." },
  vendor: { schema: zPositiveInt(MAX_INT).optional(), label: "the vendor to book", hint: "use a vendor's number." },
  status: {
    schema: z.enum(BOOKING_STATUSES).optional(),
    label: "the booking status filter",
    hint: "use Pending, Confirmed, Cancelled or Completed.",
  },
};

export type TBookingsParams = SearchParamValues<typeof listFields>;

/** The page's filters, and the venue or vendor the reserve form starts with (`?vendor=7` from a vendor search). */
export function parseBookingsSearchParams(raw: RawSearchParams): {
  params: TBookingsParams;
  preselect: TBookable | null;
  notes: string[];
} {
  const { values, notes } = parseSearchParams(listFields, raw);
  if (values.venue !== undefined && values.vendor !== undefined) {
    notes.push("Ignored the venue and the vendor to book: a booking reserves one of them, not both.");
    return { params: { status: values.status }, preselect: null, notes };
  }
  const preselect: TBookable | null =
    values.venue !== undefined
      ? { kind: "venue", id: values.venue }
      : values.vendor !== undefined
        ? { kind: "vendor", id: values.vendor }
        : null;
  return { params: values, preselect, notes };
}

export function bookingsPageHref(weddingId: number, params: TBookingsParams = {}): string {
  return `/weddings/${weddingId}/bookings${toQueryString(
    { venue: params.venue, vendor: params.vendor, status: params.status },
    {},
  )}`;
}

/** The days around a wedding whose venue bookings the reserve form shows: `days` either side, inclusive. */
export function availabilityWindow(weddingDate: string, days = 30): { from: string; to: string } {
  const day = Date.parse(`${weddingDate}T00:00:00Z`);
  if (Number.isNaN(day)) throw new RangeError(`Not a date: ${weddingDate}`);
  const shift = (n: number) => new Date(day + n * 86_400_000).toISOString().slice(0, 10);
  return { from: shift(-days), to: shift(days) };
}
