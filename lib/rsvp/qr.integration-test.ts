import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { NextRequest } from "next/server";
import type { Identity } from "@/lib/db/with-identity";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import type * as Qr from "./qr";
import { createRsvpFixture, type RsvpFixture } from "./test-fixtures";

// Who the route handler sees as signed in. Only the session guard is stood in
// for, keeping requireIdentity's contract (signed out: sign-in; wrong role:
// 404); the database, its roles and row-level security are real.
const auth = vi.hoisted(() => ({ identity: null as Identity | null, nextPaths: [] as (string | undefined)[] }));
vi.mock("@/lib/auth/guards", async () => {
  const { notFound, redirect } = await import("next/navigation");
  return {
    requireIdentity: async (roles: readonly string[], nextPath?: string) => {
      auth.nextPaths.push(nextPath);
      const identity = auth.identity;
      if (identity?.kind !== "user") return redirect(`/sign-in?next=${encodeURIComponent(nextPath ?? "/")}`);
      return roles.includes(identity.role) ? identity : notFound();
    },
  };
});

let db: TestDatabase;
let fx: RsvpFixture;
let qr: typeof Qr;
let GET: typeof import("@/app/(planner)/weddings/[id]/qr/[householdId]/route").GET;
let disconnectApp: () => Promise<void>;

const ORIGIN = "https://rsvp.example.test";
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

beforeAll(async () => {
  db = await createTestDatabase();
  // getPrisma() reads the URL once; set it before anything can call it.
  process.env.APP_DATABASE_URL = db.appUrl;
  qr = await import("./qr");
  ({ GET } = await import("@/app/(planner)/weddings/[id]/qr/[householdId]/route"));
  const { getPrisma } = await import("@/lib/db/client");
  disconnectApp = () => getPrisma().$disconnect();
  fx = await createRsvpFixture(db.prisma);
});

afterAll(async () => {
  await disconnectApp?.();
  await db?.drop();
});

afterEach(() => {
  delete process.env.APP_URL;
  auth.identity = null;
  auth.nextPaths = [];
});

const plannerA = (): Identity => ({ kind: "user", userId: fx.plannerA.userId, role: "planner" });
const plannerB = (): Identity => ({ kind: "user", userId: fx.plannerB.userId, role: "planner" });

describe("household RSVP links", () => {
  it("link a household to its first guest's token", async () => {
    const { silva } = fx.households;
    const link = await qr.getHouseholdLink(plannerA(), fx.weddingA.id, silva.id, ORIGIN);
    expect(link).toEqual({
      id: silva.id,
      name: "Ana & Ben Silva",
      guestNames: ["Ana Silva", "Ben Silva"],
      url: `${ORIGIN}/rsvp/${fx.guests.ana.qrCode}`,
    });
  });

  it("are not found for another planner's household, or under the wrong wedding", async () => {
    const { silva, patel } = fx.households;
    expect(await qr.getHouseholdLink(plannerB(), fx.weddingA.id, silva.id, ORIGIN)).toBeNull();
    expect(await qr.getHouseholdQrFile(plannerB(), fx.weddingA.id, silva.id, "png", ORIGIN)).toBeNull();
    expect(await qr.getHouseholdLink(plannerA(), fx.weddingB.id, patel.id, ORIGIN)).toBeNull();
    expect(await qr.getHouseholdLink(plannerA(), fx.weddingB.id, silva.id, ORIGIN)).toBeNull();
  });

  it("list every household of the planner's wedding on the sheet, and nothing of another planner's", async () => {
    const sheet = await qr.getWeddingQrSheet(plannerA(), fx.weddingA.id, ORIGIN);
    expect(sheet).toEqual({
      weddingName: "Ines & Omar in Lisbon",
      weddingDate: "2027-06-12",
      households: [
        expect.objectContaining({ name: "Ana & Ben Silva", url: `${ORIGIN}/rsvp/${fx.guests.ana.qrCode}` }),
        expect.objectContaining({ name: "Cleo Moreau", url: `${ORIGIN}/rsvp/${fx.guests.cleo.qrCode}` }),
      ],
    });
    expect(await qr.getWeddingQrSheet(plannerB(), fx.weddingA.id, ORIGIN)).toBeNull();
  });
});

describe("QR files", () => {
  it("render a PNG and an SVG of the link", async () => {
    const { silva } = fx.households;
    const png = await qr.getHouseholdQrFile(plannerA(), fx.weddingA.id, silva.id, "png", ORIGIN);
    expect(png?.contentType).toBe("image/png");
    expect(png?.fileName).toBe(`rsvp-ana-ben-silva-${silva.id}.png`);
    expect([...(png?.body as Uint8Array).subarray(0, 8)]).toEqual(PNG_SIGNATURE);

    const svg = await qr.getHouseholdQrFile(plannerA(), fx.weddingA.id, silva.id, "svg", ORIGIN);
    expect(svg?.contentType).toBe("image/svg+xml; charset=utf-8");
    expect(svg?.body).toContain("<svg");
    expect(svg?.fileName).toBe(`rsvp-ana-ben-silva-${silva.id}.svg`);
  });

  it("draw the same code inline as the downloads encode", async () => {
    const url = `${ORIGIN}/rsvp/${fx.guests.ana.qrCode}`;
    const { size, path } = qr.qrSvgPath(url);
    const svg = await qr.renderQrSvg(url);
    expect(svg).toContain(`viewBox="0 0 ${size + 8} ${size + 8}"`);
    expect(path).toMatch(/^(M\d+ \d+h1v1h-1z)+$/);
  });
});

describe("GET /weddings/:id/qr/:householdId", () => {
  const request = (weddingId: number | string, householdId: number | string, query = "") =>
    GET(new NextRequest(`http://127.0.0.1:3000/weddings/${weddingId}/qr/${householdId}${query}`), {
      params: Promise.resolve({ id: String(weddingId), householdId: String(householdId) }),
    });

  it("downloads a PNG by default and an SVG on request, with the link on APP_URL", async () => {
    auth.identity = plannerA();
    process.env.APP_URL = "https://weddings.example.test/ignored/path";
    const { silva } = fx.households;
    const png = await request(fx.weddingA.id, silva.id);
    expect(png.status).toBe(200);
    expect(png.headers.get("content-type")).toBe("image/png");
    expect(png.headers.get("content-disposition")).toBe(`attachment; filename="rsvp-ana-ben-silva-${silva.id}.png"`);
    expect(png.headers.get("cache-control")).toBe("private, no-store");
    expect([...new Uint8Array(await png.arrayBuffer()).subarray(0, 8)]).toEqual(PNG_SIGNATURE);

    const svg = await request(fx.weddingA.id, silva.id, "?format=svg");
    expect(svg.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
    expect(svg.headers.get("content-disposition")).toBe(`attachment; filename="rsvp-ana-ben-silva-${silva.id}.svg"`);
    // The same link renders the same code: this one is Ana's token on APP_URL.
    expect(await svg.text()).toBe(await qr.renderQrSvg(`https://weddings.example.test/rsvp/${fx.guests.ana.qrCode}`));
  });

  it("points links at APP_URL when it is set, else at the request's origin", () => {
    expect(qr.resolveAppOrigin("http://127.0.0.1:3000")).toBe("http://127.0.0.1:3000");
    process.env.APP_URL = "https://weddings.example.test/some/path";
    expect(qr.resolveAppOrigin("http://127.0.0.1:3000")).toBe("https://weddings.example.test");
    process.env.APP_URL = "weddings.example.test";
    expect(() => qr.resolveAppOrigin("http://127.0.0.1:3000")).toThrow(/APP_URL is not an absolute URL/);
  });

  it("answers 404 for another planner's household and for malformed ids", async () => {
    auth.identity = plannerB();
    const notFound = expect.objectContaining({ digest: expect.stringMatching(/^NEXT_HTTP_ERROR_FALLBACK;404/) });
    await expect(request(fx.weddingA.id, fx.households.silva.id)).rejects.toEqual(notFound);
    auth.identity = plannerA();
    await expect(request("abc", fx.households.silva.id)).rejects.toEqual(notFound);
    await expect(request(fx.weddingA.id, "-1")).rejects.toEqual(notFound);
    await expect(request(fx.weddingA.id, "1 OR 1=1")).rejects.toEqual(notFound);
  });

  it("refuses an unknown format with a clear message", async () => {
    auth.identity = plannerA();
    const response = await request(fx.weddingA.id, fx.households.silva.id, "?format=gif");
    expect(response.status).toBe(400);
    expect(await response.text()).toBe('format must be "png" or "svg".');
  });

  it("is not for vendors, nor for anyone signed out", async () => {
    auth.identity = { kind: "user", userId: fx.plannerA.userId, role: "vendor" };
    await expect(request(fx.weddingA.id, fx.households.silva.id)).rejects.toEqual(
      expect.objectContaining({ digest: expect.stringMatching(/^NEXT_HTTP_ERROR_FALLBACK;404/) }),
    );
    auth.identity = null;
    await expect(request(fx.weddingA.id, fx.households.silva.id, "?format=svg")).rejects.toEqual(
      expect.objectContaining({ digest: expect.stringMatching(/^NEXT_REDIRECT;.*\/sign-in\?next=/) }),
    );
    // Back to the same download after signing in.
    expect(auth.nextPaths.at(-1)).toBe(`/weddings/${fx.weddingA.id}/qr/${fx.households.silva.id}?format=svg`);
  });
});
