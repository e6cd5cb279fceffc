import { describe, expect, it } from "vitest";
import { conflictMessage, violatedDayIndex } from "./conflicts";

describe("conflictMessage", () => {
  it("names the venue or vendor and the day", () => {
    expect(conflictMessage("venue", "X", "2027-06-12")).toBe("Venue X is already booked on 2027-06-12");
    expect(conflictMessage("vendor", "Lens & Light", "2027-06-12")).toBe(
      "Vendor Lens & Light is already booked on 2027-06-12",
    );
  });
});

describe("violatedDayIndex", () => {
  // What Prisma throws for a failing $queryRaw through the pg adapter.
  const prismaRaw = (index: string, originalCode = "23505") =>
    Object.assign(new Error("Invalid `prisma.$queryRaw()` invocation: Raw query failed."), {
      code: "P2010",
      meta: {
        driverAdapterError: {
          name: "DriverAdapterError",
          cause: {
            originalCode,
            originalMessage: `duplicate key value violates unique constraint "${index}"`,
            kind: "UniqueConstraintViolation",
            constraint: { index },
            table: "booking",
          },
        },
      },
    });

  it("recognises a partition's copy of either day index", () => {
    expect(violatedDayIndex(prismaRaw("booking_2028_q2_venue_id_event_date_idx"))).toBe("booking_venue_day_key");
    expect(violatedDayIndex(prismaRaw("booking_default_vendor_id_event_date_idx"))).toBe("booking_vendor_day_key");
  });

  it("recognises the parent index's name, also on a pg error inside a cause", () => {
    const pgError = Object.assign(new Error("duplicate key"), { code: "23505", constraint: "booking_vendor_day_key" });
    expect(violatedDayIndex(new Error("wrapped", { cause: pgError }))).toBe("booking_vendor_day_key");
  });

  it("tells other unique violations and other errors apart", () => {
    expect(violatedDayIndex(prismaRaw("booking_2028_q2_pkey"))).toBe("other");
    expect(violatedDayIndex(prismaRaw("booking_client_id_fkey", "23503"))).toBeNull();
    expect(violatedDayIndex(new Error("timeout"))).toBeNull();
    expect(violatedDayIndex(null)).toBeNull();
    expect(violatedDayIndex("23505")).toBeNull();
  });

  it("stops on a cause that points back at itself", () => {
    const loop: Error & { cause?: unknown } = new Error("loop");
    loop.cause = loop;
    expect(violatedDayIndex(loop)).toBeNull();
  });
});
