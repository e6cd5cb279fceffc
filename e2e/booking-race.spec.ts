import { expect, test, type Browser, type Page } from "@playwright/test";
import { ownerQuery } from "./helpers/db";
import { DEMO, signIn } from "./helpers/sign-in";

// Two planners, each in a browser of their own, press "Book" for the same
// venue and day at the same moment: one gets it, the other reads the conflict
// message, and the database holds one live booking. Then a planner books a
// vendor from the link a vendor search gives (/weddings/{id}/bookings?vendor={id}).
// Each run picks a day nobody has booked yet, so reruns on one database work.

type Wedding = { wedding_id: number; expected: number };

/** The planner's wedding that takes bookings and expects the fewest guests. */
async function weddingOf(email: string): Promise<Wedding> {
  const [row] = await ownerQuery<Wedding>(
    `SELECT w.wedding_id,
            greatest(w.guest_count_target,
              (SELECT count(*) FROM guest g WHERE g.wedding_id = w.wedding_id)
              + (SELECT coalesce(sum(h.plus_one_allowance), 0) FROM household h WHERE h.wedding_id = w.wedding_id)
            )::int AS expected
       FROM wedding w JOIN planner p USING (planner_id) JOIN users u USING (user_id)
      WHERE lower(u.email) = lower($1) AND w.status IN ('Planning', 'Confirmed')
      ORDER BY expected, w.wedding_id LIMIT 1`,
    [email],
  );
  if (!row) throw new Error(`The e2e database has no open wedding for ${email}.`);
  return row;
}

/** A day in 2030 on which nothing holds the venue or vendor, starting somewhere random so reruns do not collide. */
async function freeDay(column: "venue_id" | "vendor_id", id: number): Promise<string> {
  const [row] = await ownerQuery<{ day: string }>(
    `SELECT d::date::text AS day
       FROM generate_series(DATE '2030-01-01' + (random() * 300)::int, DATE '2030-12-31', INTERVAL '1 day') AS d
      WHERE NOT EXISTS (SELECT 1 FROM booking b WHERE b.${column} = $1 AND b.event_date = d::date)
      ORDER BY d LIMIT 1`,
    [id],
  );
  if (!row) throw new Error(`No free day in 2030 for ${column} ${id}.`);
  return row.day;
}

async function plannerPage(browser: Browser, who: { email: string; password: string }): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, who.email, who.password);
  return page;
}

async function fillReservation(page: Page, day: string, total: string) {
  const form = page.getByRole("form", { name: "New booking" });
  await form.getByLabel("Event date").fill(day);
  await form.getByLabel(/Total cost/).fill(total);
  return form;
}

test("two planners race for the same venue and day: one books it, the other sees the conflict", async ({ browser }) => {
  const [w1, w2] = await Promise.all([weddingOf(DEMO.planner1.email), weddingOf(DEMO.planner2.email)]);
  const [venue] = await ownerQuery<{ venue_id: number; name: string }>(
    "SELECT venue_id, name FROM venue WHERE capacity >= $1 ORDER BY capacity DESC, venue_id LIMIT 1",
    [Math.max(w1.expected, w2.expected)],
  );
  if (!venue) throw new Error("The e2e database has no venue big enough for both weddings.");
  const day = await freeDay("venue_id", venue.venue_id);

  const [one, two] = await Promise.all([plannerPage(browser, DEMO.planner1), plannerPage(browser, DEMO.planner2)]);
  try {
    const forms = [];
    for (const [page, wedding] of [
      [one, w1],
      [two, w2],
    ] as const) {
      await page.goto(`/weddings/${wedding.wedding_id}/bookings?venue=${venue.venue_id}`);
      await expect(page.getByLabel("Venue or vendor")).toHaveValue(`venue:${venue.venue_id}`);
      forms.push(await fillReservation(page, day, "4200"));
    }

    await Promise.all(forms.map((form) => form.getByRole("button", { name: "Book" }).click()));

    const booked = `Booked Venue ${venue.name} for ${day}.`;
    const conflict = `Venue ${venue.name} is already booked on ${day}`;
    const outcomes = await Promise.all(
      forms.map(async (form) => {
        const message = form.getByText(new RegExp(`${escape(booked)}|${escape(conflict)}`));
        await expect(message).toBeVisible({ timeout: 15_000 });
        return (await message.textContent())?.trim();
      }),
    );
    expect(outcomes.sort()).toEqual([booked, conflict].sort());
    const live = await ownerQuery(
      "SELECT booking_id FROM booking WHERE venue_id = $1 AND event_date = $2 AND status <> 'Cancelled'",
      [venue.venue_id, day],
    );
    expect(live).toHaveLength(1);
  } finally {
    await Promise.all([one.context().close(), two.context().close()]);
  }
});

test("a planner books a vendor from the vendor search's link", async ({ page }) => {
  const wedding = await weddingOf(DEMO.planner3.email);
  const [vendor] = await ownerQuery<{ vendor_id: number; name: string }>(
    `SELECT vendor_id, name FROM vendor
      WHERE status = 'Active' AND service_category = 'Florist' AND NOT one_event_per_day
      ORDER BY vendor_id LIMIT 1`,
  );
  if (!vendor) throw new Error("The e2e database has no active florist.");
  const day = await freeDay("vendor_id", vendor.vendor_id);
  const notes = `e2e ${Date.now().toString(36)}`;

  await signIn(page, DEMO.planner3.email, DEMO.planner3.password);
  await page.goto(`/weddings/${wedding.wedding_id}/bookings?vendor=${vendor.vendor_id}`);
  await expect(
    page.getByRole("navigation", { name: "Wedding sections" }).getByRole("link", { name: "Bookings" }),
  ).toHaveAttribute("aria-current", "page");
  await expect(page.getByLabel("Venue or vendor")).toHaveValue(`vendor:${vendor.vendor_id}`);

  const form = await fillReservation(page, day, "-10");
  await form.getByRole("button", { name: "Book" }).click();
  await expect(form.getByText("An amount cannot be negative.")).toBeVisible();

  await form.getByLabel(/Total cost/).fill("1250.50");
  await form.getByLabel("Notes (optional)").fill(notes);
  await form.getByRole("button", { name: "Book" }).click();
  await expect(form.getByRole("status").filter({ hasText: `Booked Vendor ${vendor.name} for ${day}.` })).toBeVisible();

  const row = page.getByRole("region", { name: "Bookings" }).getByRole("row").filter({ hasText: notes });
  await expect(row).toContainText(vendor.name);
  await expect(row).toContainText("Confirmed");
  const [saved] = await ownerQuery<{ total_cost: string; status: string }>(
    "SELECT total_cost::text, status::text FROM booking WHERE vendor_id = $1 AND event_date = $2 AND notes = $3",
    [vendor.vendor_id, day, notes],
  );
  expect(saved).toEqual({ total_cost: "1250.50", status: "Confirmed" });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
