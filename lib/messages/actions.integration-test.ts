import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import type { Identity } from "@/lib/db/with-identity";
import { createPortalFixture, type PortalFixture } from "@/lib/proposals/test-fixture";
import type * as Actions from "./actions";
import type * as Queries from "./queries";
import { THREAD_NOT_FOUND, VENDOR_NOT_ACTIVE, WEDDING_NOT_FOUND } from "./threads";

// Message threads between a planner and a vendor, through the actions and the
// pages' queries, against a real database as the app role: who may write
// where, what is stored, and how each side's unread count moves.

const session = vi.hoisted(() => ({ identity: null as Identity | null }));
vi.mock("@/lib/auth/current-identity", () => ({ getCurrentIdentity: async () => session.identity }));
vi.mock("@/lib/auth/admin-ip", () => ({ isAdminAddressAllowed: async () => true }));
const revalidatePath = vi.hoisted(() => vi.fn());
vi.mock("next/cache", () => ({ revalidatePath }));

let db: TestDatabase;
let f: PortalFixture;
let actions: typeof Actions;
let queries: typeof Queries;
let disconnectApp: () => Promise<void>;
let adminUserId: number;

const asPlanner = (): Identity => ({ kind: "user", userId: f.planner.userId, role: "planner" });
const asOtherPlanner = (): Identity => ({ kind: "user", userId: f.other.userId, role: "planner" });
const asVendor = (): Identity => ({ kind: "user", userId: f.vendor.userId, role: "vendor" });
const asRival = (): Identity => ({ kind: "user", userId: f.rival.userId, role: "vendor" });

function form(fields: Record<string, string | number>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.append(key, String(value));
  return data;
}

async function plannerWrites(body: string, weddingId = f.planner.otherWeddingId, vendorId = f.vendor.vendorId) {
  session.identity = asPlanner();
  return actions.postPlannerMessageAction(null, form({ weddingId, vendorId, body }));
}

async function vendorWrites(threadId: number, body: string, identity = asVendor()) {
  session.identity = identity;
  return actions.postVendorMessageAction(null, form({ threadId, body }));
}

async function snapshot() {
  const { rows } = await db.pool.query(
    `SELECT (SELECT md5(string_agg(t::text, '|' ORDER BY thread_id)) FROM message_thread t) AS threads,
            (SELECT md5(string_agg(m::text, '|' ORDER BY message_id)) FROM message m) AS messages`,
  );
  return rows[0];
}

async function threadOf(weddingId: number, vendorId: number): Promise<number> {
  const { rows } = await db.pool.query<{ thread_id: number }>(
    `SELECT thread_id FROM message_thread WHERE wedding_id = $1 AND vendor_id = $2`,
    [weddingId, vendorId],
  );
  if (!rows[0]) throw new Error("no thread");
  return rows[0].thread_id;
}

const vendorUnreadIn = async (threadId: number) =>
  (await queries.listVendorThreads(asVendor())).find((t) => t.id === threadId)?.unread;
const plannerUnreadWith = async (vendorId: number, weddingId = f.planner.otherWeddingId) =>
  (await queries.listWeddingThreads(asPlanner(), weddingId)).find((t) => t.vendorId === vendorId)?.unread;

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.APP_DATABASE_URL = db.appUrl;
  f = await createPortalFixture(db);
  adminUserId = (await db.pool.query<{ user_id: number }>(`SELECT user_id FROM users WHERE role = 'admin' LIMIT 1`))
    .rows[0]!.user_id;
  actions = await import("./actions");
  queries = await import("./queries");
  const { getPrisma } = await import("@/lib/db/client");
  disconnectApp = () => getPrisma().$disconnect();
});

beforeEach(() => {
  revalidatePath.mockClear();
});

afterAll(async () => {
  await disconnectApp?.();
  await db?.drop();
});

describe("a conversation", () => {
  it("starts with the planner's first message, and each side's unread count follows the other's messages", async () => {
    expect(await plannerWrites("Hello! Are you free on the 12th?")).toEqual({
      ok: true,
      message: `Sent to ${f.vendor.name}.`,
    });
    expect(revalidatePath).toHaveBeenCalledWith(`/weddings/${f.planner.otherWeddingId}/vendors`, "layout");
    const threadId = await threadOf(f.planner.otherWeddingId, f.vendor.vendorId);
    const before = await queries.countVendorUnread(asVendor());
    expect(await plannerWrites("And could you send a quote?")).toMatchObject({ ok: true });
    expect(await vendorUnreadIn(threadId)).toBe(2);
    expect(await queries.countVendorUnread(asVendor())).toBe(before + 1);

    // The vendor opens the thread: both messages are shown and now read.
    const opened = await queries.openVendorThread(asVendor(), threadId);
    expect(opened?.messages.map((m) => [m.seq, m.side, m.body])).toEqual([
      [1, "planner", "Hello! Are you free on the 12th?"],
      [2, "planner", "And could you send a quote?"],
    ]);
    expect(opened?.unreadBefore).toBe(2);
    expect(await vendorUnreadIn(threadId)).toBe(0);
    expect((await queries.openVendorThread(asVendor(), threadId))?.unreadBefore).toBe(0);

    // The vendor replies: the planner has one unread, the vendor none.
    expect(await vendorWrites(threadId, "Yes, we are free.")).toEqual({ ok: true, message: "Sent to the planner." });
    expect(revalidatePath).toHaveBeenCalledWith("/vendor", "layout");
    expect(await plannerUnreadWith(f.vendor.vendorId)).toBe(1);
    expect(await vendorUnreadIn(threadId)).toBe(0);

    const conversation = await queries.openPlannerConversation(
      asPlanner(),
      f.planner.otherWeddingId,
      f.vendor.vendorId,
    );
    expect(conversation?.unreadBefore).toBe(1);
    expect(conversation?.messages.at(-1)).toMatchObject({ seq: 3, side: "vendor", body: "Yes, we are free." });
    expect(await plannerUnreadWith(f.vendor.vendorId)).toBe(0);
  });

  it("an admin looking in does not read for the planner", async () => {
    const threadId = await threadOf(f.planner.otherWeddingId, f.vendor.vendorId);
    await vendorWrites(threadId, "One more thing.");
    const admin: Identity = { kind: "user", userId: adminUserId, role: "admin" };
    const seen = await queries.openPlannerConversation(admin, f.planner.otherWeddingId, f.vendor.vendorId);
    expect(seen?.messages.at(-1)?.body).toBe("One more thing.");
    expect(await plannerUnreadWith(f.vendor.vendorId)).toBe(1);
  });

  it("stores the text as typed (markup stays text), without control characters, trimmed", async () => {
    const body = "  <script>alert('x')</script> &amp; <b>bold</b>\r\nline two\u0007  ";
    expect(await plannerWrites(body)).toMatchObject({ ok: true });
    const { rows } = await db.pool.query<{ body: string; sender_side: string; sender_user_id: number }>(
      `SELECT body, sender_side, sender_user_id FROM message ORDER BY message_id DESC LIMIT 1`,
    );
    expect(rows[0]).toEqual({
      body: "<script>alert('x')</script> &amp; <b>bold</b>\nline two",
      sender_side: "planner",
      sender_user_id: f.planner.userId,
    });
  });
});

describe("refusals", () => {
  const badBodies: [string, string, RegExp][] = [
    ["an empty message", "", /Write a message/],
    ["a message of spaces", "   \n\t ", /Write a message/],
    ["a message of control characters", "\u0000\u0001", /Write a message/],
    ["a message too long", "x".repeat(2001), /at most 2,000 characters/],
  ];
  for (const [what, body, message] of badBodies) {
    it(`refuses ${what}, next to the field, on both sides`, async () => {
      const threadId = await threadOf(f.planner.otherWeddingId, f.vendor.vendorId);
      const before = await snapshot();
      expect(await plannerWrites(body)).toMatchObject({
        ok: false,
        fieldErrors: { body: [expect.stringMatching(message)] },
      });
      expect(await vendorWrites(threadId, body)).toMatchObject({
        ok: false,
        fieldErrors: { body: [expect.stringMatching(message)] },
      });
      expect(await snapshot()).toEqual(before);
    });
  }

  it("accepts exactly 2,000 characters", async () => {
    expect(await plannerWrites("y".repeat(2000))).toMatchObject({ ok: true });
  });

  it("refuses another planner's wedding and unknown ones, as if they did not exist", async () => {
    const before = await snapshot();
    for (const weddingId of [f.other.weddingId, 999_999]) {
      expect(await plannerWrites("Hi", weddingId)).toEqual({ ok: false, error: WEDDING_NOT_FOUND });
    }
    session.identity = asOtherPlanner();
    expect(
      await actions.postPlannerMessageAction(
        null,
        form({ weddingId: f.planner.otherWeddingId, vendorId: f.vendor.vendorId, body: "Hi" }),
      ),
    ).toEqual({ ok: false, error: WEDDING_NOT_FOUND });
    expect(await snapshot()).toEqual(before);
  });

  it("refuses unknown vendors, and inactive ones for a new conversation", async () => {
    const before = await snapshot();
    for (const vendorId of [999_999, f.inactiveVendorId]) {
      expect(await plannerWrites("Hi", f.planner.otherWeddingId, vendorId)).toMatchObject({
        ok: false,
        fieldErrors: { vendorId: [VENDOR_NOT_ACTIVE] },
      });
    }
    expect(await snapshot()).toEqual(before);
  });

  it("refuses wrong types next to their fields", async () => {
    session.identity = asPlanner();
    expect(
      await actions.postPlannerMessageAction(null, form({ weddingId: "abc", vendorId: "-1", body: "Hi" })),
    ).toMatchObject({
      ok: false,
      fieldErrors: { weddingId: [expect.any(String)], vendorId: [expect.any(String)] },
    });
    session.identity = asVendor();
    expect(await actions.postVendorMessageAction(null, form({ threadId: "1.5", body: "Hi" }))).toMatchObject({
      ok: false,
      fieldErrors: { threadId: [expect.any(String)] },
    });
  });

  it("refuses a vendor writing in another vendor's thread or an unknown one", async () => {
    const threadId = await threadOf(f.planner.otherWeddingId, f.vendor.vendorId);
    const before = await snapshot();
    expect(await vendorWrites(threadId, "Hi", asRival())).toEqual({ ok: false, error: THREAD_NOT_FOUND });
    expect(await vendorWrites(999_999, "Hi")).toEqual({ ok: false, error: THREAD_NOT_FOUND });
    expect(await snapshot()).toEqual(before);
    expect(await queries.openVendorThread(asRival(), threadId)).toBeNull();
    expect((await queries.listVendorThreads(asRival())).some((t) => t.id === threadId)).toBe(false);
  });

  it("keeps each side to its own action", async () => {
    const threadId = await threadOf(f.planner.otherWeddingId, f.vendor.vendorId);
    session.identity = asPlanner();
    expect(await actions.postVendorMessageAction(null, form({ threadId, body: "Hi" }))).toEqual({
      ok: false,
      error: "Not found.",
    });
    session.identity = asVendor();
    expect(
      await actions.postPlannerMessageAction(
        null,
        form({ weddingId: f.planner.otherWeddingId, vendorId: f.vendor.vendorId, body: "Hi" }),
      ),
    ).toEqual({ ok: false, error: "Not found." });
  });

  it("shows another planner nothing of the conversation", async () => {
    expect(
      await queries.openPlannerConversation(asOtherPlanner(), f.planner.otherWeddingId, f.vendor.vendorId),
    ).toBeNull();
    expect(await queries.listWeddingThreads(asOtherPlanner(), f.planner.otherWeddingId)).toEqual([]);
  });
});
