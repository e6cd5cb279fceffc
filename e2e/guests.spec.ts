import { expect, test, type Page } from "@playwright/test";
import { ownerQuery } from "./helpers/db";
import { DEMO, signIn } from "./helpers/sign-in";

// A planner adds a household and two guests, invites them to two events with
// a bulk action, sees them as Pending in the guest list, and sees the invited
// counts go up on the wedding overview. As planner2, on their latest wedding
// (other specs use other planners' data; csv-import.spec.ts takes planner2's
// second-latest wedding). Fixtures and checks read the database as its owner.

type Fixture = { weddingId: number; events: { id: number; name: string }[] };

async function findWedding(): Promise<Fixture> {
  const rows = await ownerQuery<{ wedding_id: number; event_id: number; name: string }>(
    `WITH w AS (
       SELECT w.wedding_id FROM wedding w JOIN planner p USING (planner_id) JOIN users u ON u.user_id = p.user_id
        WHERE lower(u.email) = lower($1)
          AND (SELECT count(*) FROM event e WHERE e.wedding_id = w.wedding_id AND e.status IN ('Scheduled', 'Confirmed')) >= 2
        ORDER BY w.wedding_date DESC, w.wedding_id DESC LIMIT 1)
     SELECT e.wedding_id, e.event_id, e.name FROM event e JOIN w USING (wedding_id)
      WHERE e.status IN ('Scheduled', 'Confirmed')
        AND (SELECT count(*) FROM event o WHERE o.wedding_id = e.wedding_id AND o.name = e.name) = 1
      ORDER BY e.event_date, e.start_time, e.event_id LIMIT 2`,
    [DEMO.planner2.email],
  );
  if (rows.length < 2) throw new Error("The e2e database has no wedding of planner2 with two active events.");
  return { weddingId: rows[0]!.wedding_id, events: rows.map((r) => ({ id: r.event_id, name: r.name })) };
}

/** Invitations per event, as the overview's RSVP table (the chart's text version) states them. */
async function overviewInvited(page: Page, fixture: Fixture): Promise<number[]> {
  await page.goto(`/weddings/${fixture.weddingId}`);
  const counts: number[] = [];
  for (const event of fixture.events) {
    const cell = page.locator(`tr[data-event-id="${event.id}"] td`).first();
    counts.push(Number(((await cell.textContent()) ?? "").replace(/\D/g, "")));
  }
  return counts;
}

test("a planner adds a household and guests, invites them to two events, and sees the dashboard change", async ({
  page,
}) => {
  // A long walk through the app; with every spec running at once, each step can take a second or two.
  test.setTimeout(90_000);
  const fixture = await findWedding();
  const suffix = `${Date.now().toString(36)}${test.info().workerIndex}`;
  const household = `E2E household ${suffix}`;
  const guests = [`Nora E2E${suffix}`, `Owen E2E${suffix}`];

  await signIn(page, DEMO.planner2.email, DEMO.planner2.password);
  const before = await overviewInvited(page, fixture);

  await page.goto(`/weddings/${fixture.weddingId}/guests`);
  await expect(page.getByRole("heading", { level: 1, name: "Guests" })).toBeVisible();

  const addHousehold = page.getByRole("form", { name: "Add a household" });
  await addHousehold.getByLabel("Household name").fill(household);
  await addHousehold.getByLabel("Plus-one allowance").fill("1");
  await addHousehold.getByRole("button", { name: "Add household" }).click();
  await expect(addHousehold.getByRole("status").filter({ hasText: `Added the household ${household}.` })).toBeVisible();

  const addGuest = page.getByRole("form", { name: "Add a guest" });
  for (const [index, name] of guests.entries()) {
    await addGuest.getByLabel("Full name").fill(name);
    await addGuest.getByLabel("Household").selectOption({ label: household });
    await addGuest.getByLabel("Email (optional)").fill(`guest${index}.${suffix}@example.test`);
    await addGuest.getByRole("button", { name: "Add guest" }).click();
    await expect(addGuest.getByRole("status").filter({ hasText: `Added ${name}.` })).toBeVisible();
  }

  // Search is in the address, so the filtered list could be bookmarked.
  await page.getByRole("searchbox", { name: "Search" }).fill(suffix);
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]q=${suffix}`));
  const table = page.getByRole("table", { name: /^Guests/ });
  await expect(table.locator("tbody tr")).toHaveCount(2);

  for (const name of guests) await table.getByRole("checkbox", { name: `Select ${name}` }).check();
  const bulk = page.getByRole("form", { name: "Bulk actions for the selected guests" });
  await expect(bulk.getByText("2 selected")).toBeVisible();
  for (const event of fixture.events) {
    await bulk.getByLabel("Event", { exact: true }).selectOption({ value: String(event.id) });
    await bulk.getByRole("button", { name: "Invite to event" }).click();
    await expect(bulk.getByRole("status").filter({ hasText: `Invited 2 guests to ${event.name}.` })).toBeVisible();
  }

  for (const name of guests) {
    const row = table.getByRole("row", { name: new RegExp(name) });
    await expect(row.getByText("Pending", { exact: true })).toHaveCount(2);
  }
  const stored = await ownerQuery<{ full_name: string; event_id: number; status: string }>(
    `SELECT g.full_name, r.event_id, r.status FROM event_rsvp r JOIN guest g USING (guest_id)
      WHERE g.full_name = ANY($1) ORDER BY g.full_name, r.event_id`,
    [guests],
  );
  expect(stored).toEqual(
    guests.flatMap((name) =>
      fixture.events
        .map((e) => e.id)
        .sort((a, b) => a - b)
        .map((eventId) => ({ full_name: name, event_id: eventId, status: "Pending" })),
    ),
  );

  // The overview (Engineer A's dashboard) counts the new invitations.
  const after = await overviewInvited(page, fixture);
  expect(after).toEqual(before.map((n) => n + 2));
  await expect(page.getByRole("heading", { name: "RSVP replies" })).toBeVisible();
});
