import { describe, expect, it } from "vitest";
import { formatCents, parseRouteId, proposalTotal, quantityProblem, toCents, ZSendProposalSchema } from "./schema";

const base = { weddingId: "3", vendorId: "7", validUntil: "2027-03-31" };

describe("ZSendProposalSchema", () => {
  it("gathers lines.N.field inputs into lines, in order", () => {
    const parsed = ZSendProposalSchema.parse({
      ...base,
      "lines.1.description": " Delivery ",
      "lines.1.quantity": "1",
      "lines.1.unitPrice": "150",
      "lines.0.description": "Bouquet",
      "lines.0.quantity": "04",
      "lines.0.unitPrice": "095.50",
    });
    expect(parsed.lines).toEqual([
      { description: "Bouquet", quantity: 4, unitPrice: "95.50" },
      { description: "Delivery", quantity: 1, unitPrice: "150" },
    ]);
    expect(parsed.message).toBeUndefined();
  });

  it("reports a gap in the rows under the missing row's own field names", () => {
    const result = ZSendProposalSchema.safeParse({
      ...base,
      "lines.1.description": "Delivery",
      "lines.1.quantity": "1",
      "lines.1.unitPrice": "150",
    });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((issue) => issue.path.join("."));
    expect(paths).toEqual(["lines.0.description", "lines.0.quantity", "lines.0.unitPrice"]);
  });

  it("refuses a row index past the 50-line limit", () => {
    const result = ZSendProposalSchema.safeParse({
      ...base,
      "lines.0.description": "A",
      "lines.0.quantity": "1",
      "lines.0.unitPrice": "1",
      "lines.999.description": "B",
    });
    expect(result.success).toBe(false);
    expect(result.error!.issues.some((issue) => /at most 50 lines/.test(issue.message))).toBe(true);
  });
});

describe("money in cents", () => {
  it("converts exactly, both ways", () => {
    expect(toCents("0.1")).toBe(10n);
    expect(toCents("1250.05")).toBe(125005n);
    expect(formatCents(125005n)).toBe("1250.05");
    expect(formatCents(7n)).toBe("0.07");
    expect(formatCents(999_999_999_999n)).toBe("9999999999.99");
  });

  it("totals lines without float error", () => {
    expect(
      proposalTotal([
        { description: "a", quantity: 3, unitPrice: "0.1" },
        { description: "b", quantity: 1, unitPrice: "0.2" },
      ]),
    ).toBe("0.50");
  });
});

describe("quantityProblem", () => {
  it("takes whole numbers from 1 to 100,000 only", () => {
    expect(quantityProblem("1")).toBeNull();
    expect(quantityProblem("100000")).toBeNull();
    expect(quantityProblem("")).toMatch(/Enter a quantity/);
    expect(quantityProblem("0")).toMatch(/at least 1/);
    expect(quantityProblem("-1")).toMatch(/whole number/);
    expect(quantityProblem("1e3")).toMatch(/whole number/);
    expect(quantityProblem("100001")).toMatch(/at most/);
  });
});

describe("parseRouteId", () => {
  it("takes plain digits only", () => {
    expect(parseRouteId("42")).toBe(42);
    for (const bad of ["0", "1e3", " 7", "7 ", "-1", "99999999999", "x"]) expect(parseRouteId(bad), bad).toBeNull();
  });
});
