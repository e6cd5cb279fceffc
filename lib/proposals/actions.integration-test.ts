import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import type { Identity } from "@/lib/db/with-identity";
import type * as Actions from "./actions";
import type * as Queries from "./queries";
import type * as Documents from "./contract-document";
import {
  CONTRACT_NOT_FOUND,
  PROPOSAL_EXPIRED,
  PROPOSAL_NOT_FOUND,
  VALID_UNTIL_PAST,
  VENDOR_NOT_ACTIVE,
  WEDDING_NOT_FOUND,
} from "./proposals";
import { createPortalFixture, expireProposal, type PortalFixture } from "./test-fixture";

// The proposal actions, called as the browser calls them (FormData in, plain
// result out) against a real database as the app role; only who is signed in
// is stubbed. Every refusal leaves the tables and the audit trail as they were.

const session = vi.hoisted(() => ({ identity: null as Identity | null }));
vi.mock("@/lib/auth/current-identity", () => ({ getCurrentIdentity: async () => session.identity }));
vi.mock("@/lib/auth/admin-ip", () => ({ isAdminAddressAllowed: async () => true }));
const revalidatePath = vi.hoisted(() => vi.fn());
vi.mock("next/cache", () => ({ revalidatePath }));

let db: TestDatabase;
let f: PortalFixture;
let actions: typeof Actions;
let queries: typeof Queries;
let documents: typeof Documents;
let disconnectApp: () => Promise<void>;

const asPlanner = (): Identity => ({ kind: "user", userId: f.planner.userId, role: "planner" });
const asOtherPlanner = (): Identity => ({ kind: "user", userId: f.other.userId, role: "planner" });
const asVendor = (): Identity => ({ kind: "user", userId: f.vendor.userId, role: "vendor" });
const asRival = (): Identity => ({ kind: "user", userId: f.rival.userId, role: "vendor" });

function form(fields: Record<string, string | number>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.append(key, String(value));
  return data;
}

function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** A valid "Send proposal" form: two lines, 12 × 45.50 + 1 × 150 = 696.00. */
function proposalForm(overrides: Record<string, string | number> = {}, weddingId = f.planner.weddingId) {
  return form({
    weddingId,
    vendorId: f.vendor.vendorId,
    validUntil: inDays(30),
    message: "Peonies and garden roses, as discussed.",
    "lines.0.description": "Table centrepiece",
    "lines.0.quantity": "12",
    "lines.0.unitPrice": "45.5",
    "lines.1.description": "Delivery and set-up",
    "lines.1.quantity": "1",
    "lines.1.unitPrice": "150",
    ...overrides,
  });
}

async function one<T>(sql: string, params: unknown[] = []): Promise<T> {
  const { rows } = await db.pool.query(sql, params);
  if (!rows[0]) throw new Error(`no row for ${sql}`);
  return rows[0] as T;
}

/** Everything a proposal action could change. */
async function snapshot() {
  return one<Record<string, string | null>>(
    `SELECT (SELECT md5(string_agg(p::text, '|' ORDER BY proposal_id)) FROM proposal p) AS proposal,
            (SELECT md5(string_agg(l::text, '|' ORDER BY line_id)) FROM proposal_line l) AS lines,
            (SELECT md5(string_agg(c::text, '|' ORDER BY contract_id)) FROM contract c) AS contract,
            (SELECT md5(string_agg(t::text, '|' ORDER BY thread_id)) FROM message_thread t) AS threads,
            (SELECT count(*) FROM audit_log)::text AS audit`,
  );
}

async function send(overrides: Record<string, string | number> = {}, weddingId?: number): Promise<number> {
  session.identity = asPlanner();
  const result = await actions.sendProposalAction(null, proposalForm(overrides, weddingId));
  if (!result.ok) throw new Error(`send failed: ${JSON.stringify(result)}`);
  return result.proposalId;
}

async function answer(proposalId: number, decision: string, identity = asVendor()) {
  session.identity = identity;
  return actions.answerProposalAction(null, form({ proposalId, decision }));
}

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.APP_DATABASE_URL = db.appUrl;
  f = await createPortalFixture(db);
  actions = await import("./actions");
  queries = await import("./queries");
  documents = await import("./contract-document");
  const { getPrisma } = await import("@/lib/db/client");
  disconnectApp = () => getPrisma().$disconnect();
});

beforeEach(() => {
  session.identity = asPlanner();
  revalidatePath.mockClear();
});

afterAll(async () => {
  await disconnectApp?.();
  await db?.drop();
});

describe("sendProposalAction", () => {
  it("sends the proposal with its lines and an exact total, opens the thread, and refreshes the page", async () => {
    const result = await actions.sendProposalAction(null, proposalForm());
    expect(result).toMatchObject({
      ok: true,
      message: expect.stringMatching(/^Sent Peony & Vine Florals a proposal of 696\.00 [A-Z]{3}\.$/),
    });
    if (!result.ok) return;
    const proposal = await one<Record<string, unknown>>(
      `SELECT status, total_amount::text AS total, message, created_by, valid_until::text AS valid_until, currency
       FROM proposal WHERE proposal_id = $1`,
      [result.proposalId],
    );
    const wedding = await one<{ currency: string }>(`SELECT currency FROM wedding WHERE wedding_id = $1`, [
      f.planner.weddingId,
    ]);
    expect(proposal).toEqual({
      status: "Sent",
      total: "696.00",
      message: "Peonies and garden roses, as discussed.",
      created_by: f.planner.userId,
      valid_until: inDays(30),
      currency: wedding.currency,
    });
    const { rows: lines } = await db.pool.query(
      `SELECT position, description, quantity, unit_price::text AS price, line_total::text AS total
       FROM proposal_line WHERE proposal_id = $1 ORDER BY position`,
      [result.proposalId],
    );
    expect(lines).toEqual([
      { position: 1, description: "Table centrepiece", quantity: 12, price: "45.50", total: "546.00" },
      { position: 2, description: "Delivery and set-up", quantity: 1, price: "150.00", total: "150.00" },
    ]);
    const { rows: threads } = await db.pool.query(
      `SELECT 1 FROM message_thread WHERE wedding_id = $1 AND vendor_id = $2`,
      [f.planner.weddingId, f.vendor.vendorId],
    );
    expect(threads).toHaveLength(1);
    expect(revalidatePath).toHaveBeenCalledWith(`/weddings/${f.planner.weddingId}/vendors`);
  });

  it("adds cents exactly, where floats would not", async () => {
    const id = await send({
      "lines.0.quantity": "3",
      "lines.0.unitPrice": "0.10",
      "lines.1.quantity": "1",
      "lines.1.unitPrice": "0.20",
    });
    expect(
      (await one<{ t: string }>(`SELECT total_amount::text AS t FROM proposal WHERE proposal_id = $1`, [id])).t,
    ).toBe("0.50");
  });

  const bad: [string, Record<string, string | number>, string, RegExp][] = [
    [
      "an empty line",
      { "lines.0.description": "", "lines.0.quantity": "", "lines.0.unitPrice": "" },
      "lines.0.description",
      /Describe this line/,
    ],
    ["an empty quantity", { "lines.0.quantity": "" }, "lines.0.quantity", /Enter a quantity/],
    ["a zero quantity", { "lines.1.quantity": "0" }, "lines.1.quantity", /at least 1/],
    ["a fractional quantity", { "lines.0.quantity": "2.5" }, "lines.0.quantity", /whole number/],
    ["a quantity in words", { "lines.0.quantity": "twelve" }, "lines.0.quantity", /whole number/],
    ["a huge quantity", { "lines.0.quantity": "100001" }, "lines.0.quantity", /at most 100,000/],
    ["a negative price", { "lines.0.unitPrice": "-5" }, "lines.0.unitPrice", /cannot be negative/],
    ["a price in words", { "lines.0.unitPrice": "a lot" }, "lines.0.unitPrice", /digits/],
    ["a price with three decimals", { "lines.0.unitPrice": "1.005" }, "lines.0.unitPrice", /2 decimal/],
    [
      "a line over the limit",
      { "lines.0.quantity": "100000", "lines.0.unitPrice": "9999999999" },
      "lines.0.unitPrice",
      /more than 9999999999\.99/,
    ],
    ["a description too long", { "lines.1.description": "x".repeat(301) }, "lines.1.description", /at most 300/],
    ["no validity day", { validUntil: "" }, "validUntil", /last day/],
    ["a validity day that is not a date", { validUntil: "2027-02-30" }, "validUntil", /date like/],
    ["a message too long", { message: "x".repeat(2001) }, "message", /at most 2000/],
    ["no vendor", { vendorId: "" }, "vendorId", /vendor/],
    ["a vendor id in words", { vendorId: "peony" }, "vendorId", /vendor/],
  ];
  for (const [what, overrides, field, message] of bad) {
    it(`refuses ${what} next to its field, and changes nothing`, async () => {
      const before = await snapshot();
      const result = await actions.sendProposalAction(null, proposalForm(overrides));
      expect(result).toMatchObject({ ok: false, fieldErrors: { [field]: [expect.stringMatching(message)] } });
      expect(await snapshot()).toEqual(before);
    });
  }

  it("refuses a form without lines, and one with more than 50", async () => {
    const empty = form({ weddingId: f.planner.weddingId, vendorId: f.vendor.vendorId, validUntil: inDays(3) });
    expect(await actions.sendProposalAction(null, empty)).toMatchObject({
      ok: false,
      fieldErrors: { lines: ["Add at least one line."] },
    });
    const many: Record<string, string> = {};
    for (let i = 0; i < 51; i++) {
      many[`lines.${i}.description`] = `Item ${i}`;
      many[`lines.${i}.quantity`] = "1";
      many[`lines.${i}.unitPrice`] = "1";
    }
    const before = await snapshot();
    expect(await actions.sendProposalAction(null, proposalForm(many))).toMatchObject({
      ok: false,
      fieldErrors: { lines: [expect.stringMatching(/at most 50 lines/)] },
    });
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a proposal that comes to more than numeric(12,2) holds", async () => {
    const result = await actions.sendProposalAction(
      null,
      proposalForm({ "lines.0.quantity": "1", "lines.0.unitPrice": "9999999999.99", "lines.1.unitPrice": "0.01" }),
    );
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: { lines: [expect.stringMatching(/more than 9999999999\.99/)] },
    });
  });

  it("refuses a validity day in the past, by the database's calendar, next to the field", async () => {
    const before = await snapshot();
    const result = await actions.sendProposalAction(null, proposalForm({ validUntil: "2001-01-01" }));
    expect(result).toMatchObject({
      ok: false,
      error: VALID_UNTIL_PAST,
      fieldErrors: { validUntil: [VALID_UNTIL_PAST] },
    });
    expect(await snapshot()).toEqual(before);
  });

  it("refuses unknown and inactive vendors", async () => {
    const before = await snapshot();
    for (const vendorId of [999_999, f.inactiveVendorId]) {
      const result = await actions.sendProposalAction(null, proposalForm({ vendorId }));
      expect(result).toMatchObject({ ok: false, fieldErrors: { vendorId: [VENDOR_NOT_ACTIVE] } });
    }
    expect(await snapshot()).toEqual(before);
  });

  it("refuses another planner's wedding and an unknown one, as if they did not exist", async () => {
    const before = await snapshot();
    for (const weddingId of [f.other.weddingId, 999_999]) {
      expect(await actions.sendProposalAction(null, proposalForm({}, weddingId))).toEqual({
        ok: false,
        error: WEDDING_NOT_FOUND,
      });
    }
    expect(await snapshot()).toEqual(before);
  });

  it("is not for vendors", async () => {
    session.identity = asVendor();
    expect(await actions.sendProposalAction(null, proposalForm())).toEqual({ ok: false, error: "Not found." });
  });
});

describe("answerProposalAction", () => {
  it("accepts: the contract exists at once, with the time of acceptance and its document", async () => {
    const id = await send();
    const result = await answer(id, "Accepted");
    expect(result).toMatchObject({ ok: true, message: expect.stringMatching(/accepted/) });
    expect(revalidatePath).toHaveBeenCalledWith("/vendor", "layout");
    const contract = await one<Record<string, unknown>>(
      `SELECT c.total_amount::text AS total, c.accepted_at = p.responded_at AS same_time, c.status
       FROM contract c JOIN proposal p USING (proposal_id) WHERE c.proposal_id = $1`,
      [id],
    );
    expect(contract).toEqual({ total: "696.00", same_time: true, status: "Active" });
    const actor = await one<{ changed_by: string }>(
      `SELECT changed_by FROM audit_log WHERE table_name = 'contract' AND operation = 'INSERT'
         AND record_id = (SELECT contract_id FROM contract WHERE proposal_id = $1)`,
      [id],
    );
    expect(actor.changed_by).toBe(`user:${f.vendor.userId}`);

    // Both sides see it, and the document matches its digest.
    const planned = await queries.getWeddingVendorsPage(asPlanner(), f.planner.weddingId);
    const seen = planned!.proposals.find((p) => p.id === id)!;
    expect(seen).toMatchObject({ status: "Accepted", total: "696.00", contract: { status: "Active" } });
    expect(seen.lines.map((l) => l.lineTotal)).toEqual(["546.00", "150.00"]);
    const vendorSide = (await queries.listVendorProposals(asVendor())).find((p) => p.id === id)!;
    expect(vendorSide.contract?.sha256).toMatch(/^[0-9a-f]{64}$/);
    const doc = await documents.getContractDocument(asVendor(), vendorSide.contract!.id);
    expect(doc?.body.toString("utf8")).toContain("1. Table centrepiece: 12 x 45.50 = 546.00");
    expect(doc?.body.toString("utf8")).toContain("Total: 696.00");
    expect(await documents.getContractDocument(asPlanner(), vendorSide.contract!.id)).not.toBeNull();
    expect(await documents.getContractDocument(asOtherPlanner(), vendorSide.contract!.id)).toBeNull();
    expect(await documents.getContractDocument(asRival(), vendorSide.contract!.id)).toBeNull();
  });

  it("refuses to accept twice, or to decline after accepting, and changes nothing", async () => {
    const id = await send();
    expect((await answer(id, "Accepted")).ok).toBe(true);
    const before = await snapshot();
    expect(await answer(id, "Accepted")).toEqual({
      ok: false,
      error: "This proposal was already accepted. Nothing was changed.",
    });
    expect(await answer(id, "Declined")).toEqual({
      ok: false,
      error: "This proposal was already accepted. Nothing was changed.",
    });
    expect(await snapshot()).toEqual(before);
  });

  it("declines without a contract", async () => {
    const id = await send();
    expect(await answer(id, "Declined")).toEqual({ ok: true, message: "You declined the proposal." });
    const { rows } = await db.pool.query(`SELECT 1 FROM contract WHERE proposal_id = $1`, [id]);
    expect(rows).toEqual([]);
    expect((await answer(id, "Accepted")).ok).toBe(false);
  });

  it("refuses an expired proposal, judged by the database's clock", async () => {
    const id = await send();
    await expireProposal(db.pool, id);
    const before = await snapshot();
    expect(await answer(id, "Accepted")).toEqual({ ok: false, error: PROPOSAL_EXPIRED });
    expect(await answer(id, "Declined")).toEqual({ ok: false, error: PROPOSAL_EXPIRED });
    expect(await snapshot()).toEqual(before);
    const listed = (await queries.listVendorProposals(asVendor())).find((p) => p.id === id);
    expect(listed).toMatchObject({ status: "Sent", expired: true });
  });

  it("refuses another vendor's proposal and unknown ones, as if they did not exist", async () => {
    const id = await send();
    const before = await snapshot();
    expect(await answer(id, "Accepted", asRival())).toEqual({ ok: false, error: PROPOSAL_NOT_FOUND });
    expect(await answer(999_999, "Accepted")).toEqual({ ok: false, error: PROPOSAL_NOT_FOUND });
    expect(await snapshot()).toEqual(before);
    expect((await queries.listVendorProposals(asRival())).some((p) => p.id === id)).toBe(false);
  });

  it("refuses bad input next to its field", async () => {
    session.identity = asVendor();
    expect(await actions.answerProposalAction(null, form({ proposalId: "x", decision: "Accepted" }))).toMatchObject({
      ok: false,
      fieldErrors: { proposalId: [expect.any(String)] },
    });
    expect(await actions.answerProposalAction(null, form({ proposalId: 1, decision: "Maybe" }))).toMatchObject({
      ok: false,
      fieldErrors: { decision: ["Choose accept or decline."] },
    });
    expect(await actions.answerProposalAction(null, form({}))).toMatchObject({ ok: false });
  });

  it("is not for planners, even the one who sent it", async () => {
    const id = await send();
    expect(await answer(id, "Accepted", asPlanner())).toEqual({ ok: false, error: "Not found." });
  });

  it("lets exactly one of an accept and a decline racing win", async () => {
    const ids = await Promise.all([send(), send(), send(), send()]);
    session.identity = asVendor();
    for (const id of ids) {
      const results = await Promise.all([
        actions.answerProposalAction(null, form({ proposalId: id, decision: "Accepted" })),
        actions.answerProposalAction(null, form({ proposalId: id, decision: "Declined" })),
      ]);
      const winners = results.filter((r) => r.ok);
      expect(winners, JSON.stringify(results)).toHaveLength(1);
      const loser = results.find((r) => !r.ok);
      expect(loser).toMatchObject({ error: expect.stringMatching(/^This proposal was already (accepted|declined)\./) });
      const { status } = await one<{ status: string }>(`SELECT status FROM proposal WHERE proposal_id = $1`, [id]);
      const contracts = await db.pool.query(`SELECT 1 FROM contract WHERE proposal_id = $1`, [id]);
      expect(contracts.rowCount).toBe(status === "Accepted" ? 1 : 0);
    }
  });
});

describe("setContractStatusAction", () => {
  it("lets the planner complete a contract once; nobody else may", async () => {
    const id = await send();
    await answer(id, "Accepted");
    const { contract_id: contractId } = await one<{ contract_id: number }>(
      `SELECT contract_id FROM contract WHERE proposal_id = $1`,
      [id],
    );
    const fields = { weddingId: f.planner.weddingId, contractId, status: "Completed" };

    session.identity = asOtherPlanner();
    expect(await actions.setContractStatusAction(null, form(fields))).toEqual({ ok: false, error: CONTRACT_NOT_FOUND });
    session.identity = asVendor();
    expect(await actions.setContractStatusAction(null, form(fields))).toEqual({ ok: false, error: "Not found." });

    session.identity = asPlanner();
    expect(await actions.setContractStatusAction(null, form(fields))).toMatchObject({ ok: true });
    expect(await actions.setContractStatusAction(null, form({ ...fields, status: "Cancelled" }))).toEqual({
      ok: false,
      error: "This contract is already completed. Nothing was changed.",
    });
    expect(await actions.setContractStatusAction(null, form({ ...fields, status: "Active" }))).toMatchObject({
      ok: false,
      fieldErrors: { status: ["Choose Completed or Cancelled."] },
    });
  });
});

describe("the pages' queries", () => {
  it("show a planner nothing of another planner's wedding", async () => {
    expect(await queries.getWeddingVendorsPage(asOtherPlanner(), f.planner.weddingId)).toBeNull();
    const page = await queries.getWeddingVendorsPage(asPlanner(), f.planner.weddingId);
    expect(page?.vendors.every((v) => v.id !== f.inactiveVendorId)).toBe(true);
    expect(page?.today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
