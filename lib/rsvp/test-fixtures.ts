import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { EventType, EventStatus } from "@/lib/generated/prisma/enums";

// Two planners' weddings for the RSVP tests, written as the database owner.
// Wedding A: households "Ana & Ben Silva" (two guests, one plus-one) and "Cleo
// Moreau" (no plus-ones), three live events and a cancelled one. Wedding B
// (another planner): household "Dev Patel".

export const DEADLINE = "2027-05-01";

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const time = (hhmm: string) => new Date(`1970-01-01T${hhmm}:00Z`);

export type RsvpFixture = Awaited<ReturnType<typeof createRsvpFixture>>;

export async function createRsvpFixture(prisma: PrismaClient) {
  const planner = async (n: number) =>
    prisma.planner.create({
      data: { user: { create: { email: `planner${n}@rsvp.test`, name: `Planner ${n}`, role: "planner" } } },
      select: { id: true, userId: true },
    });
  const [plannerA, plannerB] = [await planner(1), await planner(2)];

  const wedding = async (plannerId: number, name: string, date: string) => {
    const client = await prisma.client.create({ data: { plannerId, name } });
    return prisma.wedding.create({
      data: { plannerId, clientId: client.id, name, weddingDate: day(date), rsvpDeadline: day(DEADLINE) },
    });
  };
  const weddingA = await wedding(plannerA.id, "Ines & Omar in Lisbon", "2027-06-12");
  const weddingB = await wedding(plannerB.id, "Kai & Lee in Ghent", "2027-06-19");

  const event = (
    weddingId: number,
    name: string,
    eventType: EventType,
    date: string,
    start: string,
    status: EventStatus = "Scheduled",
  ) =>
    prisma.event.create({
      data: {
        weddingId,
        name,
        eventType,
        region: "Europe",
        eventDate: day(date),
        startTime: time(start),
        endTime: time("23:00"),
        status,
      },
    });
  // Created out of order, so only the query's ORDER BY sorts them.
  const reception = await event(weddingA.id, "Reception", "Reception", "2027-06-12", "18:00");
  const brunch = await event(weddingA.id, "Sunday brunch", "Brunch", "2027-06-13", "10:00");
  const ceremony = await event(weddingA.id, "Ceremony", "Ceremony", "2027-06-12", "14:00");
  const cancelled = await event(weddingA.id, "Boat trip", "Party", "2027-06-11", "12:00", "Cancelled");
  const receptionB = await event(weddingB.id, "Reception B", "Reception", "2027-06-19", "18:00");

  const household = async (weddingId: number, name: string, plusOneAllowance: number, guests: string[]) => {
    const created = await prisma.household.create({ data: { weddingId, name, plusOneAllowance } });
    for (const fullName of guests) {
      await prisma.guest.create({ data: { weddingId, householdId: created.id, fullName } });
    }
    const rows = await prisma.guest.findMany({
      where: { householdId: created.id },
      select: { id: true, fullName: true, qrCode: true },
      orderBy: { id: "asc" },
    });
    return { id: created.id, guests: rows };
  };
  const silva = await household(weddingA.id, "Ana & Ben Silva", 1, ["Ana Silva", "Ben Silva"]);
  const moreau = await household(weddingA.id, "Cleo Moreau", 0, ["Cleo Moreau"]);
  const patel = await household(weddingB.id, "Dev Patel", 0, ["Dev Patel"]);

  const eventsA = [reception, brunch, ceremony, cancelled];
  await prisma.eventRsvp.createMany({
    data: [
      ...[...silva.guests, ...moreau.guests].flatMap((guest) =>
        eventsA.map((e) => ({ weddingId: weddingA.id, eventId: e.id, guestId: guest.id })),
      ),
      ...patel.guests.map((guest) => ({ weddingId: weddingB.id, eventId: receptionB.id, guestId: guest.id })),
    ],
  });

  const [ana, ben] = silva.guests;
  const [cleo] = moreau.guests;
  const [dev] = patel.guests;
  if (!ana || !ben || !cleo || !dev) throw new Error("The RSVP fixture is missing guests.");
  return {
    plannerA,
    plannerB,
    weddingA,
    weddingB,
    events: { ceremony, reception, brunch, cancelled, receptionB },
    households: { silva, moreau, patel },
    guests: { ana, ben, cleo, dev },
  };
}

/** Every RSVP and guest row as plain data, to prove that nothing else changed. */
export async function snapshotRsvps(prisma: PrismaClient) {
  const rsvps = await prisma.eventRsvp.findMany({ orderBy: { id: "asc" } });
  const guests = await prisma.guest.findMany({ orderBy: { id: "asc" } });
  return JSON.parse(JSON.stringify({ rsvps, guests })) as unknown;
}
