import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import type { Identity } from "@/lib/db/with-identity";
import type * as Queries from "./queries";

const admin: Identity = { kind: "user", userId: 0, role: "admin" };

let db: TestDatabase;
let listWeddingSummaries: typeof Queries.listWeddingSummaries;
let disconnectApp: () => Promise<void>;

beforeAll(async () => {
  db = await createTestDatabase();
  // getPrisma() reads the URL once; set it before anything can call it.
  process.env.APP_DATABASE_URL = db.appUrl;
  ({ listWeddingSummaries } = await import("./queries"));
  const { getPrisma } = await import("@/lib/db/client");
  disconnectApp = () => getPrisma().$disconnect();
  await seed(db);
});

afterAll(async () => {
  await disconnectApp?.();
  await db?.drop();
});

async function seed({ prisma }: TestDatabase) {
  const planner = await prisma.planner.create({
    data: { user: { create: { email: "pia@example.test", name: "Pia Planner", role: "planner" } } },
  });
  const client = (name: string) => prisma.client.create({ data: { plannerId: planner.id, name } });
  const [ada, ben, cy] = await Promise.all([client("Ada & Alex"), client("Ben & Bo"), client("Cy & Cam")]);

  const wedding = (name: string, date: string, clientId: number, status: "Planning" | "Confirmed" | "Cancelled") =>
    prisma.wedding.create({
      data: { name, weddingDate: new Date(`${date}T00:00:00Z`), plannerId: planner.id, clientId, status },
    });
  // Created out of date order, so only the query's ORDER BY can sort them.
  const late = await wedding("Cy & Cam in Porto", "2028-01-01", cy.id, "Cancelled");
  const early = await wedding("Ada & Alex in Lyon", "2027-01-01", ada.id, "Confirmed");
  const middle = await wedding("Ben & Bo in Ghent", "2027-06-12", ben.id, "Planning");

  const guests = async (weddingId: number, names: string[]) => {
    const household = await prisma.household.create({ data: { weddingId, name: `${names[0]} household` } });
    await prisma.guest.createMany({
      data: names.map((fullName) => ({ weddingId, householdId: household.id, fullName })),
    });
  };
  await guests(early.id, ["Eve", "Eli", "Emma"]);
  await guests(middle.id, ["Mo"]);
  return { late, early, middle };
}

describe("listWeddingSummaries", () => {
  it("lists weddings soonest first with couple, status and guest count", async () => {
    const weddings = await listWeddingSummaries(admin);
    expect(weddings).toEqual([
      {
        id: expect.any(Number),
        name: "Ada & Alex in Lyon",
        weddingDate: "2027-01-01",
        coupleName: "Ada & Alex",
        status: "Confirmed",
        guestCount: 3,
      },
      {
        id: expect.any(Number),
        name: "Ben & Bo in Ghent",
        weddingDate: "2027-06-12",
        coupleName: "Ben & Bo",
        status: "Planning",
        guestCount: 1,
      },
      {
        id: expect.any(Number),
        name: "Cy & Cam in Porto",
        weddingDate: "2028-01-01",
        coupleName: "Cy & Cam",
        status: "Cancelled",
        guestCount: 0,
      },
    ]);
  });

  it("breaks ties on the same day by id, so the order is stable", async () => {
    const { prisma } = db;
    const client = await prisma.client.findFirstOrThrow({ where: { name: "Ben & Bo" } });
    const first = await prisma.wedding.create({
      data: {
        name: "Same day A",
        weddingDate: new Date("2027-06-12T00:00:00Z"),
        plannerId: client.plannerId,
        clientId: client.id,
      },
    });
    const second = await prisma.wedding.create({
      data: {
        name: "Same day B",
        weddingDate: new Date("2027-06-12T00:00:00Z"),
        plannerId: client.plannerId,
        clientId: client.id,
      },
    });
    // Rewriting the older row moves it behind the newer one on disk, so without an id tie-break it would come second.
    await prisma.wedding.update({ where: { id: first.id }, data: { guestCountTarget: 80 } });
    try {
      const sameDay = (await listWeddingSummaries(admin)).filter((w) => w.weddingDate === "2027-06-12");
      expect(sameDay.map((w) => w.id)).toEqual([...sameDay.map((w) => w.id)].sort((a, b) => a - b));
      expect(sameDay.map((w) => w.id)).toEqual(expect.arrayContaining([first.id, second.id]));
    } finally {
      await prisma.wedding.deleteMany({ where: { id: { in: [first.id, second.id] } } });
    }
  });

  it("returns plain serializable values that survive the trip to the client", async () => {
    const weddings = await listWeddingSummaries(admin);
    expect(weddings.length).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(weddings))).toEqual(weddings);
    for (const wedding of weddings) {
      expect(Object.keys(wedding).sort()).toEqual(["coupleName", "guestCount", "id", "name", "status", "weddingDate"]);
    }
  });
});
