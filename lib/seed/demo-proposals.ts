import type { Prisma } from "@/lib/generated/prisma/client";
import { DEMO_VENDOR_NAME } from "./catalogue";
import { DEMO_TODAY } from "./values";

// The vendor portal's demo: planner1 has sent the demo florist (Peony & Vine
// Florals, vendor@demo.wedding) a proposal for one of their upcoming weddings,
// and the two have started talking about it. Written through the same
// triggers as the app (totals checked at commit, messages numbered), as the
// seed's admin identity, which must name each message's sender itself.

type Tx = Prisma.TransactionClient;

const PLANNER_EMAIL = "planner1@demo.wedding";

const LINES: [description: string, quantity: number, unitPrice: string][] = [
  ["Bridal bouquet: blush peonies and garden roses", 1, "280.00"],
  ["Bridesmaid bouquets", 4, "95.00"],
  ["Table centrepieces with candles", 12, "65.00"],
  ["Ceremony arch installation", 1, "950.00"],
  ["Delivery, set-up and breakdown", 1, "180.00"],
];

/** Which side wrote each message, in order. */
const MESSAGES: ["planner" | "vendor", string][] = [
  [
    "planner",
    "Hello Elena! The couple loved your peony work. I have sent you a proposal with the flowers we talked about. Does the arch work on the terrace?",
  ],
  ["vendor", "Thank you! The arch works well there. Would they like a seasonal alternative for the centrepieces?"],
  ["planner", "They are open to it. Please suggest one when you answer the proposal."],
];

export async function insertDemoProposals(tx: Tx): Promise<void> {
  const vendor = await tx.vendor.findFirst({ where: { name: DEMO_VENDOR_NAME }, select: { id: true, userId: true } });
  const planner = await tx.user.findFirst({ where: { email: PLANNER_EMAIL }, select: { id: true } });
  if (!vendor?.userId || !planner) throw new Error("Seed bug: the demo vendor or planner1 is missing.");
  // planner1's first upcoming wedding that has not booked the florist yet.
  const upcoming = await tx.wedding.findMany({
    where: {
      planner: { userId: planner.id },
      weddingDate: { gt: DEMO_TODAY },
      status: { in: ["Planning", "Confirmed"] },
    },
    select: { id: true, bookings: { where: { vendorId: vendor.id }, select: { id: true } } },
    orderBy: [{ weddingDate: "asc" }, { id: "asc" }],
  });
  const wedding = upcoming.find((w) => w.bookings.length === 0) ?? upcoming[0];
  if (!wedding) throw new Error("Seed bug: planner1 has no upcoming wedding.");

  // Valid until the end of March 2027, or 30 days from the day the demo is
  // loaded if that is later, so that a fresh demo can always be accepted.
  const [proposal] = await tx.$queryRaw<{ id: number }[]>`
    INSERT INTO proposal (wedding_id, vendor_id, valid_until, message, created_by, total_amount)
    VALUES (${wedding.id}, ${vendor.id}, greatest(DATE '2027-03-31', current_date + 30),
            'Flowers for the ceremony and the reception, as discussed. Prices include VAT.', ${planner.id},
            (SELECT sum(x.q * x.p) FROM unnest(${LINES.map((l) => l[1])}::int[], ${LINES.map((l) => l[2])}::numeric[]) AS x(q, p)))
    RETURNING proposal_id AS id`;
  if (!proposal) throw new Error("Seed bug: the demo proposal was not written.");
  await tx.$executeRaw`
    INSERT INTO proposal_line (proposal_id, position, description, quantity, unit_price)
    SELECT ${proposal.id}, x.ord, x.d, x.q, x.p
    FROM unnest(${LINES.map((l) => l[0])}::text[], ${LINES.map((l) => l[1])}::int[], ${LINES.map((l) => l[2])}::numeric[])
      WITH ORDINALITY AS x(d, q, p, ord)`;

  const thread = await tx.messageThread.create({
    data: { weddingId: wedding.id, vendorId: vendor.id },
    select: { id: true },
  });
  for (const [side, body] of MESSAGES) {
    const sender = side === "planner" ? planner.id : vendor.userId;
    await tx.$executeRaw`
      INSERT INTO message (thread_id, sender_side, sender_user_id, body) VALUES (${thread.id}, ${side}, ${sender}, ${body})`;
  }
  // Each side has read up to its own last message: the vendor has one unread.
  await tx.messageThread.update({
    where: { id: thread.id },
    data: { plannerReadSeq: MESSAGES.length, vendorReadSeq: 2 },
    select: { id: true },
  });
}
