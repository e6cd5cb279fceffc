import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { GuestListEvent, GuestListRow } from "@/lib/guests/queries";
import { DEFAULT_GUEST_FILTERS, type TGuestFilters } from "@/lib/guests/schema";
import { GuestTable } from "./guest-table";

const event = (id: number, name: string): GuestListEvent => ({
  id,
  name,
  eventType: name === "Reception" ? "Reception" : "Ceremony",
  date: "2027-06-12",
  startTime: "16:00",
  status: "Scheduled",
  offersMeal: name === "Reception",
  invited: 2,
  accepted: 1,
  declined: 0,
  pending: 1,
});

const guest = (
  id: number,
  fullName: string,
  householdName: string,
  rsvps: GuestListRow["rsvps"] = [],
): GuestListRow => ({
  id,
  fullName,
  email: null,
  phone: null,
  dietaryPreference: null,
  householdId: id,
  householdName,
  version: "2026-11-25T10:00:00.000000Z",
  rsvps,
});

const rsvp = (
  eventId: number,
  status: "Pending" | "Accepted" | "Declined",
  extra: Partial<GuestListRow["rsvps"][number]> = {},
) => ({
  rsvpId: eventId * 100,
  eventId,
  status,
  mealChoice: null,
  plusOnes: 0,
  plusOneNames: [],
  respondedAt: null,
  version: "2026-11-25T10:00:00.000000Z",
  ...extra,
});

const events = [event(1, "Ceremony"), event(2, "Reception")];
const rows = [
  guest(10, "Ana Berg", "Zeta household", [rsvp(1, "Pending")]),
  guest(11, "Cleo Adams", "Alpha household", [
    rsvp(1, "Accepted"),
    rsvp(2, "Accepted", { mealChoice: "Fish", plusOnes: 2 }),
  ]),
  guest(12, "Bo Chen", "Mid household", [rsvp(2, "Declined")]),
];

function render(filters: Partial<TGuestFilters> = {}) {
  return renderToStaticMarkup(
    createElement(GuestTable, { weddingId: 5, events, rows, filters: { ...DEFAULT_GUEST_FILTERS, ...filters } }),
  );
}

const order = (html: string) => [...html.matchAll(/Select (\w+ \w+)"/g)].map((m) => m[1]);

describe("GuestTable", () => {
  it("sorts in the browser by the column the address names", () => {
    expect(order(render())).toEqual(["Ana Berg", "Bo Chen", "Cleo Adams"]);
    expect(order(render({ sort: "household" }))).toEqual(["Cleo Adams", "Bo Chen", "Ana Berg"]);
    expect(order(render({ sort: "name", dir: "desc" }))).toEqual(["Cleo Adams", "Bo Chen", "Ana Berg"]);
    // An event column: accepted, pending, declined, then not invited.
    expect(order(render({ sort: "event-1" }))).toEqual(["Cleo Adams", "Ana Berg", "Bo Chen"]);
    // A column that does not exist leaves the server's order.
    expect(order(render({ sort: "event-99" }))).toEqual(["Ana Berg", "Cleo Adams", "Bo Chen"]);
  });

  it("labels each checkbox with the guest's name and links each guest to their page", () => {
    const html = render();
    expect(html).toContain('aria-label="Select every guest shown"');
    expect(html).toContain('aria-label="Select Ana Berg"');
    expect(html).toContain('href="/weddings/5/guests/10"');
  });

  it("shows each event's RSVP, meal and plus-ones, and says who is not invited", () => {
    const html = render();
    expect(html).toContain("Pending");
    expect(html).toContain("Fish");
    expect(html).toContain("+2");
    expect(html.match(/Not invited/g)).toHaveLength(2);
  });

  it("keeps the filters in the sort links", () => {
    const html = render({ q: "berg", event: 1, status: "Pending" });
    expect(html).toContain('href="/weddings/5/guests?q=berg&amp;event=1&amp;status=Pending&amp;sort=household"');
    expect(html).toContain('aria-sort="ascending"');
  });
});
