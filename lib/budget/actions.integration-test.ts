import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import { seedDemoData } from "@/lib/seed/demo-data";
import type { Identity } from "@/lib/db/with-identity";
import type * as Actions from "./actions";
import type * as Queries from "./queries";
import type * as Overview from "@/lib/weddings/overview";
import { BUDGET_LINE_CONFLICT, BUDGET_LINE_GONE, WEDDING_NOT_FOUND } from "./budget-lines";
import { EXPENSE_CONFLICT, EXPENSE_GONE, EXPENSE_LOCKED } from "./expenses";

// The budget page's server actions, called as the browser calls them (FormData
// in, plain result out) against a real database as the app role. Only who is
// signed in is stubbed.

const session = vi.hoisted(() => ({ identity: null as Identity | null }));
vi.mock("@/lib/auth/current-identity", () => ({ getCurrentIdentity: async () => session.identity }));
vi.mock("@/lib/auth/admin-ip", () => ({ isAdminAddressAllowed: async () => true }));
const revalidatePath = vi.hoisted(() => vi.fn());
vi.mock("next/cache", () => ({ revalidatePath }));

let db: TestDatabase;
let actions: typeof Actions;
let getBudgetPage: typeof Queries.getBudgetPage;
let getWeddingOverview: typeof Overview.getWeddingOverview;
let disconnectApp: () => Promise<void>;
let plannerA: { userId: number; weddingIds: number[] };
let plannerB: { userId: number; weddingIds: number[] };
let weddingId: number;
let otherWeddingOfA: number;
let weddingOfB: number;

const asPlanner = (p: { userId: number }): Identity => ({ kind: "user", userId: p.userId, role: "planner" });
const TODAY = "2026-11-23";

function form(fields: Record<string, string | number | Blob>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value instanceof Blob ? value : String(value));
  return data;
}

async function rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db.pool.query(sql, params)).rows as T[];
}

async function one<T>(sql: string, params: unknown[] = []): Promise<T> {
  const [row] = await rows<T>(sql, params);
  if (!row) throw new Error(`no row for ${sql}`);
  return row;
}

/** Everything a budget action could change: the two tables and the audit trail. */
async function snapshot() {
  return one<{ budget: string | null; expense: string | null; audit: string }>(
    `SELECT (SELECT md5(string_agg(b::text, '|' ORDER BY budget_id)) FROM budget b) AS budget,
            (SELECT md5(string_agg(x::text, '|' ORDER BY expense_id)) FROM expense x) AS expense,
            (SELECT count(*) FROM audit_log)::text AS audit`,
  );
}

const VERSION_SQL = `to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

async function lineVersion(budgetId: number): Promise<string> {
  return (await one<{ v: string }>(`SELECT ${VERSION_SQL} AS v FROM budget WHERE budget_id = $1`, [budgetId])).v;
}

async function expenseVersion(expenseId: number): Promise<string> {
  return (await one<{ v: string }>(`SELECT ${VERSION_SQL} AS v FROM expense WHERE expense_id = $1`, [expenseId])).v;
}

async function lineByCategory(id: number, category: string) {
  return one<{ budget_id: number; category: string; budget_amount: string; notes: string | null }>(
    `SELECT budget_id, category, budget_amount::text, notes FROM budget WHERE wedding_id = $1 AND category = $2`,
    [id, category],
  );
}

async function spent(id: number): Promise<string> {
  return (await getWeddingOverview(session.identity!, id, TODAY))!.totals.spent;
}

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.APP_DATABASE_URL = db.appUrl;
  await seedDemoData(db.prisma);
  actions = await import("./actions");
  ({ getBudgetPage } = await import("./queries"));
  ({ getWeddingOverview } = await import("@/lib/weddings/overview"));
  const { getPrisma } = await import("@/lib/db/client");
  disconnectApp = () => getPrisma().$disconnect();
  const planners = await rows<{ user_id: number; ids: number[] }>(`
    SELECT p.user_id, array_agg(w.wedding_id ORDER BY w.wedding_id) AS ids
    FROM planner p JOIN wedding w USING (planner_id) GROUP BY p.user_id ORDER BY p.user_id`);
  plannerA = { userId: planners[0]!.user_id, weddingIds: planners[0]!.ids };
  plannerB = { userId: planners[1]!.user_id, weddingIds: planners[1]!.ids };
  weddingId = plannerA.weddingIds[0]!;
  otherWeddingOfA = plannerA.weddingIds[1]!;
  weddingOfB = plannerB.weddingIds[0]!;
});

beforeEach(() => {
  session.identity = asPlanner(plannerA);
  revalidatePath.mockClear();
});

afterAll(async () => {
  await disconnectApp?.();
  await db?.drop();
});

describe("createBudgetLineAction", () => {
  it("adds a line with the exact amount, as the planner, and refreshes the budget, overview and cockpit", async () => {
    const result = await actions.createBudgetLineAction(
      null,
      form({ weddingId, category: "  Fireworks ", amount: "012500.5", notes: "Over the lake at midnight" }),
    );
    expect(result).toEqual({ ok: true, message: "Added the budget line “Fireworks”." });
    const line = await lineByCategory(weddingId, "Fireworks");
    expect(line).toMatchObject({ budget_amount: "12500.50", notes: "Over the lake at midnight" });
    const audit = await one<{ changed_by: string; operation: string }>(
      `SELECT changed_by, operation FROM audit_log WHERE table_name = 'budget' AND record_id = $1`,
      [line.budget_id],
    );
    expect(audit).toEqual({ changed_by: `user:${plannerA.userId}`, operation: "INSERT" });
    expect(revalidatePath).toHaveBeenCalledWith(`/weddings/${weddingId}/budget`);
    expect(revalidatePath).toHaveBeenCalledWith(`/weddings/${weddingId}`);
    expect(revalidatePath).toHaveBeenCalledWith("/weddings");
    const overview = await getWeddingOverview(session.identity!, weddingId, TODAY);
    expect(overview!.budget.find((b) => b.category === "Fireworks")).toEqual({
      category: "Fireworks",
      budget: "12500.50",
      spent: "0.00",
    });
  });

  it("refuses a category the wedding has in another letter case, next to the field, and changes nothing", async () => {
    const [existing] = await rows<{ category: string }>(
      `SELECT category FROM budget WHERE wedding_id = $1 ORDER BY budget_id LIMIT 1`,
      [weddingId],
    );
    const before = await snapshot();
    const result = await actions.createBudgetLineAction(
      null,
      form({ weddingId, category: existing!.category.toUpperCase(), amount: "10" }),
    );
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: { category: [expect.stringContaining(`budget line for “${existing!.category}”`)] },
    });
    expect(await snapshot()).toEqual(before);
  });

  it("lets only one of two simultaneous lines that differ in case through", async () => {
    const results = await Promise.all([
      actions.createBudgetLineAction(null, form({ weddingId, category: "Lanterns", amount: "100" })),
      actions.createBudgetLineAction(null, form({ weddingId, category: "LANTERNS", amount: "200" })),
    ]);
    expect(results.filter((r) => r?.ok)).toHaveLength(1);
    expect(results.filter((r) => r && !r.ok && r.fieldErrors?.category)).toHaveLength(1);
    const found = await rows(`SELECT 1 FROM budget WHERE wedding_id = $1 AND lower(category) = 'lanterns'`, [
      weddingId,
    ]);
    expect(found).toHaveLength(1);
  });

  it.each([
    ["an empty category", { category: "   " }, "category", "Enter a category."],
    ["a category over 100 characters", { category: "x".repeat(101) }, "category", "at most 100"],
    ["an empty amount", { amount: "" }, "amount", "Enter an amount."],
    ["a negative amount", { amount: "-5" }, "amount", "cannot be negative"],
    ["more than 2 decimals", { amount: "10.005" }, "amount", "at most 2 decimal places"],
    ["more than 10 digits", { amount: "12345678901" }, "amount", "too large"],
    ["an amount in words", { amount: "ten euros" }, "amount", "in digits"],
    ["a float in exponent form", { amount: "1e5" }, "amount", "in digits"],
    ["notes over 2000 characters", { notes: "n".repeat(2001) }, "notes", "at most 2000"],
    ["a file instead of text", { category: new Blob(["x"]) }, "category", "Enter a category."],
    ["a wedding id that is not a number", { weddingId: "abc" }, "weddingId", "does not exist"],
  ])("refuses %s next to the field and changes nothing", async (_name, change, field, message) => {
    const before = await snapshot();
    const result = await actions.createBudgetLineAction(
      null,
      form({ weddingId, category: "Valid category", amount: "100", ...change }),
    );
    expect(result).toMatchObject({ ok: false, error: "Please correct the highlighted fields." });
    expect(result && !result.ok && result.fieldErrors?.[field]?.join(" ")).toContain(message);
    expect(await snapshot()).toEqual(before);
  });

  it("accepts exactly 10 digits and 2 decimals", async () => {
    const result = await actions.createBudgetLineAction(
      null,
      form({ weddingId: otherWeddingOfA, category: "Everything", amount: "9999999999.99" }),
    );
    expect(result.ok).toBe(true);
    expect((await lineByCategory(otherWeddingOfA, "Everything")).budget_amount).toBe("9999999999.99");
  });

  it("stores SQL and markup as plain text", async () => {
    const category = "Venue'); DROP TABLE budget; --";
    const notes = "<script>alert(1)</script> ' OR 1=1 --";
    expect((await actions.createBudgetLineAction(null, form({ weddingId, category, amount: "1", notes }))).ok).toBe(
      true,
    );
    expect(await lineByCategory(weddingId, category)).toMatchObject({ category, notes });
  });

  it("answers for another planner's wedding and an unknown one as if they did not exist", async () => {
    const before = await snapshot();
    for (const id of [weddingOfB, 999_999]) {
      const result = await actions.createBudgetLineAction(
        null,
        form({ weddingId: id, category: "Sneaky", amount: "1" }),
      );
      expect(result).toEqual({ ok: false, error: WEDDING_NOT_FOUND });
    }
    expect(await snapshot()).toEqual(before);
  });

  it("is closed to vendors and to nobody at all", async () => {
    const before = await snapshot();
    const vendor = await one<{ user_id: number }>(`SELECT user_id FROM users WHERE role = 'vendor' LIMIT 1`);
    for (const identity of [null, { kind: "user", userId: vendor.user_id, role: "vendor" } as const]) {
      session.identity = identity;
      const result = await actions.createBudgetLineAction(null, form({ weddingId, category: "X", amount: "1" }));
      expect(result).toEqual({ ok: false, error: "Not found." });
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe("updateBudgetLineAction and deleteBudgetLineAction", () => {
  it("saves the amount and notes for the version the form was opened with", async () => {
    const line = await lineByCategory(weddingId, "Fireworks");
    const version = await lineVersion(line.budget_id);
    const result = await actions.updateBudgetLineAction(
      null,
      form({ weddingId, budgetId: line.budget_id, version, amount: "13000", notes: "" }),
    );
    expect(result).toEqual({ ok: true, message: "Saved the budget line “Fireworks”." });
    expect(await lineByCategory(weddingId, "Fireworks")).toMatchObject({ budget_amount: "13000.00", notes: null });
    expect(await lineVersion(line.budget_id)).not.toBe(version);
  });

  it("refuses a stale version with the conflict message and keeps the other person's change", async () => {
    const line = await lineByCategory(weddingId, "Fireworks");
    const opened = await lineVersion(line.budget_id);
    // Someone else saves first.
    await db.pool.query(`UPDATE budget SET budget_amount = 14000 WHERE budget_id = $1`, [line.budget_id]);
    const before = await snapshot();
    const result = await actions.updateBudgetLineAction(
      null,
      form({ weddingId, budgetId: line.budget_id, version: opened, amount: "1" }),
    );
    expect(result).toEqual({ ok: false, error: BUDGET_LINE_CONFLICT });
    expect(await snapshot()).toEqual(before);
    expect((await lineByCategory(weddingId, "Fireworks")).budget_amount).toBe("14000.00");
    const stale = await actions.deleteBudgetLineAction(
      null,
      form({ weddingId, budgetId: line.budget_id, version: opened }),
    );
    expect(stale).toEqual({ ok: false, error: BUDGET_LINE_CONFLICT });
    expect(await snapshot()).toEqual(before);
  });

  it("tells a version apart to the microsecond", async () => {
    const line = await lineByCategory(weddingId, "Fireworks");
    const version = await lineVersion(line.budget_id);
    const sameMillisecond = version.replace(/(\d{3})(\d{3})Z$/, (_m, ms: string, us: string) => {
      return `${ms}${us === "999" ? "998" : String(Number(us) + 1).padStart(3, "0")}Z`;
    });
    const result = await actions.updateBudgetLineAction(
      null,
      form({ weddingId, budgetId: line.budget_id, version: sameMillisecond, amount: "1" }),
    );
    expect(result).toEqual({ ok: false, error: BUDGET_LINE_CONFLICT });
  });

  it("says an unknown line, another planner's line and a line of another wedding are gone", async () => {
    const ofB = await one<{ budget_id: number; v: string }>(
      `SELECT budget_id, ${VERSION_SQL} AS v FROM budget WHERE wedding_id = $1 LIMIT 1`,
      [weddingOfB],
    );
    const line = await lineByCategory(weddingId, "Fireworks");
    const version = await lineVersion(line.budget_id);
    const before = await snapshot();
    for (const fields of [
      { weddingId, budgetId: 999_999, version },
      { weddingId: weddingOfB, budgetId: ofB.budget_id, version: ofB.v },
      { weddingId, budgetId: ofB.budget_id, version: ofB.v },
      { weddingId: otherWeddingOfA, budgetId: line.budget_id, version },
    ]) {
      expect(await actions.updateBudgetLineAction(null, form({ ...fields, amount: "1" }))).toEqual({
        ok: false,
        error: BUDGET_LINE_GONE,
      });
      expect(await actions.deleteBudgetLineAction(null, form(fields))).toEqual({ ok: false, error: BUDGET_LINE_GONE });
    }
    expect(await snapshot()).toEqual(before);
  });

  it("refuses bad input next to the fields", async () => {
    const line = await lineByCategory(weddingId, "Fireworks");
    const result = await actions.updateBudgetLineAction(
      null,
      form({ weddingId, budgetId: "x", version: "yesterday", amount: "-1" }),
    );
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: { budgetId: [expect.any(String)], version: [expect.any(String)], amount: [expect.any(String)] },
    });
    expect((await lineByCategory(weddingId, "Fireworks")).budget_id).toBe(line.budget_id);
  });

  it("deletes a line at its current version", async () => {
    const line = await lineByCategory(weddingId, "Fireworks");
    const result = await actions.deleteBudgetLineAction(
      null,
      form({ weddingId, budgetId: line.budget_id, version: await lineVersion(line.budget_id) }),
    );
    expect(result).toMatchObject({ ok: true, message: expect.stringContaining("Deleted the budget line “Fireworks”") });
    expect(await rows(`SELECT 1 FROM budget WHERE budget_id = $1`, [line.budget_id])).toHaveLength(0);
  });
});

describe("expenses", () => {
  let eventId: number;
  let eventOfOtherWedding: number;
  let eventOfB: number;
  let vendorId: number;
  let category: string;

  beforeAll(async () => {
    eventId = (await one<{ event_id: number }>(`SELECT event_id FROM event WHERE wedding_id = $1 LIMIT 1`, [weddingId]))
      .event_id;
    eventOfOtherWedding = (
      await one<{ event_id: number }>(`SELECT event_id FROM event WHERE wedding_id = $1 LIMIT 1`, [otherWeddingOfA])
    ).event_id;
    eventOfB = (
      await one<{ event_id: number }>(`SELECT event_id FROM event WHERE wedding_id = $1 LIMIT 1`, [weddingOfB])
    ).event_id;
    vendorId = (await one<{ vendor_id: number }>(`SELECT vendor_id FROM vendor ORDER BY vendor_id LIMIT 1`)).vendor_id;
    category = (
      await one<{ category: string }>(`SELECT category FROM budget WHERE wedding_id = $1 ORDER BY budget_id LIMIT 1`, [
        weddingId,
      ])
    ).category;
  });

  async function expenseByDescription(description: string) {
    return one<{
      expense_id: number;
      category: string;
      status: string;
      actual_cost: string;
      event_id: number | null;
      vendor_id: number | null;
      incurred_on: string | null;
    }>(
      `SELECT expense_id, category, status::text, actual_cost::text, event_id, vendor_id, incurred_on::text
       FROM expense WHERE wedding_id = $1 AND description = $2`,
      [weddingId, description],
    );
  }

  async function setStatus(expenseId: number, status: string) {
    return actions.setExpenseStatusAction(
      null,
      form({ weddingId, expenseId, version: await expenseVersion(expenseId), status }),
    );
  }

  it("adds a Pending expense for an event, with a vendor and a date, that does not count as spent yet", async () => {
    const before = await spent(weddingId);
    const result = await actions.createExpenseAction(
      null,
      form({
        weddingId,
        description: "Sparklers for the exit",
        category: category.toLowerCase(),
        actualCost: "250.40",
        eventId,
        vendorId,
        incurredOn: "2027-05-01",
      }),
    );
    expect(result).toMatchObject({ ok: true });
    expect(await expenseByDescription("Sparklers for the exit")).toMatchObject({
      // The budget line's spelling, so the spend lands on that line.
      category,
      status: "Pending",
      actual_cost: "250.40",
      event_id: eventId,
      vendor_id: vendorId,
      incurred_on: "2027-05-01",
    });
    expect(await spent(weddingId)).toBe(before);
  });

  it("adds an expense for the whole wedding, without event, vendor or date", async () => {
    const result = await actions.createExpenseAction(
      null,
      form({
        weddingId,
        description: "Marriage licence",
        category: "Paperwork",
        actualCost: "0",
        eventId: "",
        vendorId: "",
        incurredOn: "",
      }),
    );
    expect(result.ok).toBe(true);
    expect(await expenseByDescription("Marriage licence")).toMatchObject({
      category: "Paperwork",
      actual_cost: "0.00",
      event_id: null,
      vendor_id: null,
      incurred_on: null,
    });
  });

  it("approving adds the cost to spent; back to Pending and rejecting leave it out", async () => {
    const expense = await expenseByDescription("Sparklers for the exit");
    const before = await spent(weddingId);
    const cents = (amount: string) => Math.round(Number(amount) * 100);

    expect(await setStatus(expense.expense_id, "Approved")).toMatchObject({ ok: true });
    expect(cents(await spent(weddingId)) - cents(before)).toBe(25040);
    const page = await getBudgetPage(session.identity!, weddingId);
    expect(page!.expenses.find((x) => x.id === expense.expense_id)?.status).toBe("Approved");

    // A decision is undone before the other one is taken.
    const direct = await setStatus(expense.expense_id, "Rejected");
    expect(direct).toMatchObject({ ok: false, error: expect.stringContaining("goes back to Pending") });
    expect(cents(await spent(weddingId)) - cents(before)).toBe(25040);

    expect(await setStatus(expense.expense_id, "Pending")).toMatchObject({ ok: true });
    expect(await spent(weddingId)).toBe(before);
    expect(await setStatus(expense.expense_id, "Rejected")).toMatchObject({ ok: true });
    expect(await spent(weddingId)).toBe(before);
    expect(await setStatus(expense.expense_id, "Rejected")).toMatchObject({
      ok: false,
      error: expect.stringContaining("already"),
    });
    expect(await setStatus(expense.expense_id, "Pending")).toMatchObject({ ok: true });
  });

  it("locks an approved expense against edits and deletion", async () => {
    const expense = await expenseByDescription("Marriage licence");
    expect(await setStatus(expense.expense_id, "Approved")).toMatchObject({ ok: true });
    const version = await expenseVersion(expense.expense_id);
    const before = await snapshot();
    const edit = await actions.updateExpenseAction(
      null,
      form({
        weddingId,
        expenseId: expense.expense_id,
        version,
        description: "Changed",
        category: "Paperwork",
        actualCost: "1",
      }),
    );
    expect(edit).toEqual({ ok: false, error: EXPENSE_LOCKED });
    const remove = await actions.deleteExpenseAction(null, form({ weddingId, expenseId: expense.expense_id, version }));
    expect(remove).toEqual({ ok: false, error: EXPENSE_LOCKED });
    expect(await snapshot()).toEqual(before);
    expect(await setStatus(expense.expense_id, "Pending")).toMatchObject({ ok: true });
  });

  it("edits a pending expense at its version, and refuses a stale one without changing anything", async () => {
    const expense = await expenseByDescription("Marriage licence");
    const opened = await expenseVersion(expense.expense_id);
    const fields = { weddingId, expenseId: expense.expense_id, category: "Paperwork", description: "Marriage licence" };
    const saved = await actions.updateExpenseAction(
      null,
      form({ ...fields, version: opened, actualCost: "35", eventId }),
    );
    expect(saved).toMatchObject({ ok: true });
    expect(await expenseByDescription("Marriage licence")).toMatchObject({ actual_cost: "35.00", event_id: eventId });

    const before = await snapshot();
    for (const result of [
      await actions.updateExpenseAction(null, form({ ...fields, version: opened, actualCost: "99" })),
      await actions.setExpenseStatusAction(
        null,
        form({ weddingId, expenseId: expense.expense_id, version: opened, status: "Approved" }),
      ),
      await actions.deleteExpenseAction(null, form({ weddingId, expenseId: expense.expense_id, version: opened })),
    ]) {
      expect(result).toEqual({ ok: false, error: EXPENSE_CONFLICT });
    }
    expect(await snapshot()).toEqual(before);
  });

  it("refuses an event of another wedding, another planner's event and an unknown vendor, next to the fields", async () => {
    const before = await snapshot();
    for (const [field, value] of [
      ["eventId", eventOfOtherWedding],
      ["eventId", eventOfB],
      ["eventId", 999_999],
      ["vendorId", 999_999],
    ] as const) {
      const result = await actions.createExpenseAction(
        null,
        form({ weddingId, description: "Wrong link", category: "Misc", actualCost: "1", [field]: value }),
      );
      expect(result).toMatchObject({ ok: false, fieldErrors: { [field]: [expect.any(String)] } });
    }
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    ["an empty description", { description: "" }, "description"],
    ["a description over 500 characters", { description: "d".repeat(501) }, "description"],
    ["an empty category", { category: "" }, "category"],
    ["a negative cost", { actualCost: "-0.01" }, "actualCost"],
    ["a cost with 3 decimals", { actualCost: "1.999" }, "actualCost"],
    ["a cost over 10 digits", { actualCost: "10000000000" }, "actualCost"],
    ["a day that does not exist", { incurredOn: "2027-02-30" }, "incurredOn"],
    ["a date in another format", { incurredOn: "12/06/2027" }, "incurredOn"],
    ["an event id that is not a number", { eventId: "first" }, "eventId"],
    ["a vendor id with a fraction", { vendorId: "1.5" }, "vendorId"],
  ])("refuses %s next to the field and changes nothing", async (_name, change, field) => {
    const before = await snapshot();
    const result = await actions.createExpenseAction(
      null,
      form({ weddingId, description: "Valid", category: "Valid", actualCost: "10", ...change }),
    );
    expect(result).toMatchObject({ ok: false, fieldErrors: { [field]: [expect.any(String)] } });
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a status outside the workflow", async () => {
    const expense = await expenseByDescription("Marriage licence");
    const result = await actions.setExpenseStatusAction(
      null,
      form({
        weddingId,
        expenseId: expense.expense_id,
        version: await expenseVersion(expense.expense_id),
        status: "Paid",
      }),
    );
    expect(result).toMatchObject({ ok: false, fieldErrors: { status: [expect.any(String)] } });
  });

  it("says another planner's expense and an unknown one are gone, and changes nothing", async () => {
    const ofB = await one<{ expense_id: number; v: string }>(
      `SELECT expense_id, ${VERSION_SQL} AS v FROM expense WHERE wedding_id = $1 LIMIT 1`,
      [weddingOfB],
    );
    const before = await snapshot();
    for (const fields of [
      { weddingId: weddingOfB, expenseId: ofB.expense_id, version: ofB.v },
      { weddingId, expenseId: ofB.expense_id, version: ofB.v },
      { weddingId, expenseId: 999_999, version: ofB.v },
    ]) {
      expect(await actions.setExpenseStatusAction(null, form({ ...fields, status: "Approved" }))).toEqual({
        ok: false,
        error: EXPENSE_GONE,
      });
      expect(await actions.deleteExpenseAction(null, form(fields))).toEqual({ ok: false, error: EXPENSE_GONE });
      expect(
        await actions.updateExpenseAction(null, form({ ...fields, description: "x", category: "x", actualCost: "1" })),
      ).toEqual({ ok: false, error: EXPENSE_GONE });
    }
    expect(
      await actions.createExpenseAction(
        null,
        form({ weddingId: weddingOfB, description: "x", category: "x", actualCost: "1" }),
      ),
    ).toEqual({ ok: false, error: WEDDING_NOT_FOUND });
    expect(await snapshot()).toEqual(before);
  });

  it("stores SQL as plain text and deletes a pending expense", async () => {
    const description = "'; DELETE FROM expense; --";
    expect(
      (await actions.createExpenseAction(null, form({ weddingId, description, category: "x", actualCost: "1" }))).ok,
    ).toBe(true);
    const expense = await expenseByDescription(description);
    const result = await actions.deleteExpenseAction(
      null,
      form({ weddingId, expenseId: expense.expense_id, version: await expenseVersion(expense.expense_id) }),
    );
    expect(result).toMatchObject({ ok: true });
    expect(await rows(`SELECT 1 FROM expense WHERE expense_id = $1`, [expense.expense_id])).toHaveLength(0);
  });
});

describe("getBudgetPage", () => {
  it("lists the wedding's lines and expenses with microsecond versions, events and vendors", async () => {
    const page = (await getBudgetPage(session.identity!, weddingId))!;
    const lines = await rows<{ budget_id: number; budget_amount: string; v: string }>(
      `SELECT budget_id, budget_amount::text, ${VERSION_SQL} AS v FROM budget WHERE wedding_id = $1`,
      [weddingId],
    );
    expect(page.lines.map((l) => [l.id, l.amount, l.version]).sort()).toEqual(
      lines.map((l) => [l.budget_id, l.budget_amount, l.v]).sort(),
    );
    const expenses = await rows<{ n: number; pending: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE status = 'Pending')::int AS pending FROM expense WHERE wedding_id = $1`,
      [weddingId],
    );
    expect(page.expenses).toHaveLength(expenses[0]!.n);
    expect(page.statusCounts.Pending).toBe(expenses[0]!.pending);
    expect(page.expenses.every((x) => /^\d+\.\d{2}$/.test(x.actualCost))).toBe(true);
    expect(page.events.length).toBeGreaterThan(0);
    expect(page.vendors.length).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(page))).toEqual(page);
  });

  it("filters expenses by status and keeps the counts of all", async () => {
    const all = (await getBudgetPage(session.identity!, weddingId))!;
    const approved = (await getBudgetPage(session.identity!, weddingId, { status: "Approved" }))!;
    expect(approved.expenses.every((x) => x.status === "Approved")).toBe(true);
    expect(approved.expenses).toHaveLength(all.statusCounts.Approved);
    expect(approved.statusCounts).toEqual(all.statusCounts);
  });

  it("is null for another planner's wedding and an unknown one; an admin sees any", async () => {
    expect(await getBudgetPage(session.identity!, weddingOfB)).toBeNull();
    expect(await getBudgetPage(session.identity!, 999_999)).toBeNull();
    const admin = await one<{ user_id: number }>(`SELECT user_id FROM users WHERE role = 'admin' LIMIT 1`);
    expect(await getBudgetPage({ kind: "user", userId: admin.user_id, role: "admin" }, weddingOfB)).not.toBeNull();
  });
});
