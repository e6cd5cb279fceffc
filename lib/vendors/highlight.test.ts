import { describe, expect, it } from "vitest";
import { splitHighlight, START_SEL as S, STOP_SEL as E } from "./highlight";

describe("splitHighlight", () => {
  it("splits marked matches from the plain text around them", () => {
    expect(splitHighlight(`A ${S}floral${E} arch and ${S}florals${E}.`)).toEqual([
      { text: "A ", match: false },
      { text: "floral", match: true },
      { text: " arch and ", match: false },
      { text: "florals", match: true },
      { text: ".", match: false },
    ]);
  });

  it("keeps markup as text: it is never HTML", () => {
    expect(splitHighlight(`<img src=x onerror=alert(1)> ${S}<b>floral</b>${E}`)).toEqual([
      { text: "<img src=x onerror=alert(1)> ", match: false },
      { text: "<b>floral</b>", match: true },
    ]);
  });

  it("survives unbalanced markers, empty input and emoji", () => {
    expect(splitHighlight(`${E}a${S}b`)).toEqual([
      { text: "a", match: false },
      { text: "b", match: true },
    ]);
    expect(splitHighlight("")).toEqual([]);
    expect(splitHighlight(`💐 ${S}flowers${E}`)).toEqual([
      { text: "💐 ", match: false },
      { text: "flowers", match: true },
    ]);
  });
});
