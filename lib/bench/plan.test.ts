import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  checkPlan,
  describeNode,
  planFromExplainRow,
  plansFromAutoExplain,
  summarizePlan,
  type ExplainedPlan,
  type PlanContext,
  type PlanNode,
} from "./plan";

// Plans captured at `small` scale (lib/bench/load.ts) as the app's role under
// a planner's row-level security, with the database's partition map and row
// counts (fixtures/context.json). Failing cases are real plans too: the
// booking history with its client indexes dropped, the reconciliation
// without a date range.

const FIXTURES = path.join(import.meta.dirname, "fixtures");
const fixture = <T>(name: string): T => JSON.parse(fs.readFileSync(path.join(FIXTURES, name), "utf8")) as T;
const plan = (name: string): PlanNode => fixture<ExplainedPlan>(name).Plan;

const raw = fixture<{ parents: Record<string, string>; rows: Record<string, number> }>("context.json");
const context: PlanContext = { parents: new Map(Object.entries(raw.parents)), rows: new Map(Object.entries(raw.rows)) };

describe("describeNode", () => {
  it("names scans the way the report's tables do", () => {
    expect(
      describeNode({ "Node Type": "Index Scan", "Index Name": "idx_guest_wedding", "Relation Name": "guest" }),
    ).toBe("Index Scan using idx_guest_wedding on guest");
    expect(describeNode({ "Node Type": "Seq Scan", "Relation Name": "payment_2026_03" })).toBe(
      "Seq Scan on payment_2026_03",
    );
    expect(describeNode({ "Node Type": "Bitmap Index Scan", "Index Name": "idx_vendor_description_gin" })).toBe(
      "Bitmap Index Scan on idx_vendor_description_gin",
    );
    expect(describeNode({ "Node Type": "Aggregate", Strategy: "Hashed" })).toBe("HashAggregate");
    expect(describeNode({ "Node Type": "Aggregate", Strategy: "Sorted" })).toBe("GroupAggregate");
    expect(describeNode({ "Node Type": "Aggregate", Strategy: "Plain" })).toBe("Aggregate");
    expect(describeNode({ "Node Type": "Function Scan", "Function Name": "vendor_catalog_search" })).toBe(
      "Function Scan on vendor_catalog_search",
    );
    expect(describeNode({ "Node Type": "Limit" })).toBe("Limit");
  });
});

describe("summarizePlan", () => {
  it("gives the top node, the first table access and every scan of the guest lookup", () => {
    const summary = summarizePlan(plan("guest-lookup.json"), context);
    expect(summary.access).toBe("Index Scan using idx_guest_wedding on guest");
    const descriptions = summary.scans.map((s) => s.description);
    expect(descriptions).toContain("Index Scan using household_wedding_id_idx on household");
    expect(descriptions.some((d) => d.startsWith("Seq Scan"))).toBe(false);
    expect(summary.partitions).toEqual({});
  });

  it("maps partitions and their index copies to the partitioned parents", () => {
    const summary = summarizePlan(plan("reconciliation-month.json"), context);
    expect(summary.partitions.payment).toHaveLength(1);
    expect(summary.partitions.payment![0]).toMatch(/^payment_\d{4}_\d{2}$/);
    const booking = summary.scans.filter((s) => s.table === "booking" && s.index);
    expect(booking.length).toBeGreaterThan(0);
    // booking_2028_q1_booking_id_event_date_wedding_id_client_id_key → the parent's unique key
    expect(new Set(booking.map((s) => s.parentIndex))).toEqual(
      new Set(["booking_booking_id_event_date_wedding_id_client_id_key"]),
    );
    expect(booking.every((s) => s.index !== s.parentIndex)).toBe(true);
  });

  it("reads partitions by their names when no partition map is given", () => {
    const summary = summarizePlan(plan("reconciliation-no-range.json"));
    expect(summary.partitions.payment!.length).toBeGreaterThan(50);
  });

  it("refuses an empty list", () => {
    expect(() => summarizePlan([])).toThrow(/No plan/);
  });
});

describe("checkPlan", () => {
  it("passes the guest lookup, which uses its intended indexes", () => {
    const check = checkPlan(
      plan("guest-lookup.json"),
      { indexes: ["idx_guest_wedding", "household_wedding_id_idx"] },
      context,
    );
    expect(check.problems).toEqual([]);
    expect(check.ok).toBe(true);
  });

  it("fails a plan that misses an intended index, and names what it uses instead", () => {
    const check = checkPlan(
      plan("guest-lookup.json"),
      { indexes: [["event_rsvp_guest_id_wedding_id_idx", "idx_no_such_index"], "idx_guest_qr"] },
      context,
    );
    expect(check.ok).toBe(false);
    expect(check.problems).toHaveLength(1);
    expect(check.problems[0]).toMatch(/^does not use idx_guest_qr \(uses .*idx_guest_wedding/);
  });

  it("fails sequential scans that read a large table, here every booking partition", () => {
    const check = checkPlan(plan("booking-history-no-index.json"), {}, context);
    expect(check.ok).toBe(false);
    expect(check.problems.join("\n")).toMatch(
      /Seq Scans on \d+ partitions: a sequential scan of the large table booking \(100000 rows\)/,
    );
  });

  it("lets an expected sequential scan through when it is allowed, with a reason", () => {
    const check = checkPlan(
      plan("booking-history-no-index.json"),
      { allowSeqScan: [{ table: "booking", why: "a test of the allowance" }] },
      context,
    );
    expect(check.problems.filter((p) => p.includes("table booking"))).toEqual([]);
  });

  it("does not count a scan of a pruned month of payments as large, but does with an explicit list", () => {
    const month = plan("reconciliation-month.json");
    const seq = summarizePlan(month, context).scans.filter((s) => s.nodeType === "Seq Scan" && s.table === "payment");
    expect(seq).toHaveLength(1);
    expect(checkPlan(month, {}, context).problems).toEqual([]);
    expect(checkPlan(month, { largeTables: ["payment"] }, context).problems[0]).toMatch(
      /^Seq Scan on payment_\d{4}_\d{2}: a sequential scan of the large table payment$/,
    );
  });

  it("falls back to the list of benchmark tables without row counts", () => {
    const check = checkPlan(plan("booking-history-no-index.json"), {}, { parents: context.parents });
    expect(
      check.problems.some((p) => /Seq Scan on booking_\d{4}_q\d: a sequential scan of the large table booking/.test(p)),
    ).toBe(true);
  });

  it("checks partition pruning: one month passes, no date range fails", () => {
    const rule = { pruning: [{ table: "payment", maxPartitions: 1 }] };
    expect(checkPlan(plan("reconciliation-month.json"), rule, context).problems).toEqual([]);
    const all = checkPlan(plan("reconciliation-no-range.json"), rule, context);
    expect(all.ok).toBe(false);
    expect(all.problems.join("\n")).toMatch(
      /reads \d+ partitions of payment \(at most 1 expected\): no partition pruning/,
    );
  });

  it("fails pruning that cannot be checked because the table is not read", () => {
    const check = checkPlan(plan("guest-lookup.json"), { pruning: [{ table: "booking", maxPartitions: 2 }] }, context);
    expect(check.problems).toEqual(["does not read booking at all, so its pruning cannot be checked"]);
  });

  it("requires an index on a table only where that table is large", () => {
    const rule = { indexes: [{ index: "idx_budget_wedding", whenLarge: "budget" }] };
    // budget has 4,000 rows at small scale: not required.
    expect(checkPlan(plan("guest-lookup.json"), rule, context).problems).toEqual([]);
    const big: PlanContext = { ...context, rows: new Map([...context.rows!, ["budget", 800_000]]) };
    expect(checkPlan(plan("guest-lookup.json"), rule, big).problems[0]).toMatch(/^does not use idx_budget_wedding/);
    // Without row counts, it is required.
    expect(checkPlan(plan("guest-lookup.json"), rule).ok).toBe(false);
  });

  it("checks what a plan reads and what it must avoid", () => {
    const revenue = plan("monthly-revenue-nested.json");
    expect(checkPlan(revenue, { reads: ["mv_monthly_revenue"], avoids: ["payment", "booking"] }, context).ok).toBe(
      true,
    );
    const wrong = checkPlan(revenue, { reads: ["payment"], avoids: ["mv_monthly_revenue"] }, context);
    expect(wrong.problems).toEqual(["does not read payment", "reads mv_monthly_revenue, which it should not need"]);
  });
});

describe("reading plans", () => {
  it("takes the plan out of EXPLAIN (FORMAT JSON)'s row, as text or parsed", () => {
    const parsed = [{ Plan: { "Node Type": "Result" } }];
    expect(planFromExplainRow(parsed).Plan["Node Type"]).toBe("Result");
    expect(planFromExplainRow(JSON.stringify(parsed)).Plan["Node Type"]).toBe("Result");
    expect(() => planFromExplainRow([{ nothing: true }])).toThrow(/Not an EXPLAIN/);
    expect(() => planFromExplainRow(null)).toThrow(/Not an EXPLAIN/);
  });

  it("finds the plans in auto_explain's messages and ignores other messages", () => {
    const messages = fixture<string[]>("venue-availability-messages.json");
    const plans = plansFromAutoExplain(["NOTICE: something else", ...messages]);
    expect(plans).toHaveLength(messages.length);
    const inner = plans.find((p) => p["Query Text"]?.includes("public.booking b"));
    expect(inner).toBeDefined();
    const check = checkPlan(
      inner!.Plan,
      {
        indexes: [["booking_venue_day_key", "idx_venue_event_date"]],
        pruning: [{ table: "booking", maxPartitions: 2 }],
      },
      context,
    );
    expect(check.problems).toEqual([]);
  });
});
