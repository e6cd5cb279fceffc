import { expect, test, type Page } from "@playwright/test";
import pg from "pg";

// A guest answers from their personal link, without an account. Their token is
// read straight from the seeded database (as its owner): the app exposes no
// way to look one up, on purpose.

type Invitee = { token: string; guestId: number; fullName: string; events: { name: string; eventType: string }[] };

async function findInvitees(count: number): Promise<Invitee[]> {
  const url = process.env.E2E_OWNER_DATABASE_URL;
  if (!url) throw new Error("E2E_OWNER_DATABASE_URL is not set: run the end-to-end tests through `npm test`.");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Guests who answer alone, at a wedding still taking replies, invited to a ceremony and a reception.
    const guests = await client.query<{ qr_code: string; guest_id: number; full_name: string }>(
      `SELECT g.qr_code, g.guest_id, g.full_name
         FROM guest g JOIN wedding w ON w.wedding_id = g.wedding_id
        WHERE w.rsvp_deadline >= (now() AT TIME ZONE 'UTC')::date
          AND (SELECT count(*) FROM guest m WHERE m.household_id = g.household_id) = 1
          AND (SELECT count(DISTINCT e.event_type) FROM event_rsvp r JOIN event e ON e.event_id = r.event_id
                WHERE r.guest_id = g.guest_id AND e.status <> 'Cancelled'
                  AND e.event_type IN ('Ceremony', 'Reception')) = 2
        ORDER BY g.guest_id
        LIMIT $1`,
      [count],
    );
    if (guests.rows.length < count) throw new Error("The e2e database has too few open single-guest invitations.");
    const invitees: Invitee[] = [];
    for (const guest of guests.rows) {
      const events = await client.query<{ name: string; event_type: string }>(
        `SELECT e.name, e.event_type::text FROM event_rsvp r JOIN event e ON e.event_id = r.event_id
          WHERE r.guest_id = $1 AND e.status <> 'Cancelled' ORDER BY e.event_date, e.start_time`,
        [guest.guest_id],
      );
      invitees.push({
        token: guest.qr_code,
        guestId: guest.guest_id,
        fullName: guest.full_name,
        events: events.rows.map((e) => ({ name: e.name, eventType: e.event_type })),
      });
    }
    return invitees;
  } finally {
    await client.end();
  }
}

/** Accepts the reception with a meal and declines every other event. */
async function answerAll(page: Page, invitee: Invitee, meal: string) {
  for (const event of invitee.events) {
    const group = page.getByRole("group", { name: event.name, exact: true });
    if (event.eventType === "Reception") {
      await group.getByRole("radio", { name: "Accept" }).check();
      await group.getByLabel(`Meal for ${invitee.fullName}`).selectOption(meal);
    } else {
      await group.getByRole("radio", { name: "Decline" }).check();
    }
  }
}

let invitees: Invitee[];

test.beforeAll(async () => {
  invitees = await findInvitees(2);
});

test.describe("the RSVP page", () => {
  test("a guest accepts one event with a meal, declines another, saves, and finds the answers after a reload", async ({
    page,
  }) => {
    const invitee = invitees[0]!;
    const response = await page.goto(`/rsvp/${invitee.token}`);
    expect(response?.status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.getByText(/^Invitation for /)).toBeVisible();

    await answerAll(page, invitee, "Fish");
    await page.getByRole("button", { name: "Save answers" }).click();

    const confirmation = page.getByRole("status").filter({ hasText: "Thank you! Your answers are saved." });
    await expect(confirmation).toBeVisible();
    await expect(confirmation.getByText("Attending · Fish")).toBeVisible();
    await expect(confirmation.getByText("Not attending").first()).toBeVisible();

    await page.reload();
    await expect(confirmation).toHaveCount(0);
    const reception = page.getByRole("group", { name: "Reception", exact: true });
    const ceremony = page.getByRole("group", { name: "Ceremony", exact: true });
    await expect(reception.getByRole("radio", { name: "Accept" })).toBeChecked();
    await expect(reception.getByLabel(`Meal for ${invitee.fullName}`)).toHaveValue("Fish");
    await expect(ceremony.getByRole("radio", { name: "Decline" })).toBeChecked();
    await expect(ceremony.getByRole("radio", { name: "Accept" })).not.toBeChecked();
  });

  test("a missing meal is pointed out next to the field and nothing is saved", async ({ page }) => {
    const invitee = invitees[1]!;
    await page.goto(`/rsvp/${invitee.token}`);
    await answerAll(page, invitee, "");
    await page.getByRole("button", { name: "Save answers" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Please correct the highlighted answers." })).toBeVisible();
    const meal = page.getByRole("group", { name: "Reception", exact: true }).getByLabel(`Meal for ${invitee.fullName}`);
    await expect(meal).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText(`Choose a meal for ${invitee.fullName}.`)).toBeVisible();
  });

  test("stores markup in the dietary field as text and never runs it", async ({ page }) => {
    const invitee = invitees[1]!;
    const payload = "<script>window.__xss=1</script><img src=x onerror=window.__xss=2>";
    await page.goto(`/rsvp/${invitee.token}`);
    await page.getByLabel(`Dietary needs for ${invitee.fullName}`).fill(payload);
    await answerAll(page, invitee, "Vegan");
    await page.getByRole("button", { name: "Save answers" }).click();

    const confirmation = page.getByRole("status").filter({ hasText: "Thank you! Your answers are saved." });
    await expect(confirmation.getByText(payload)).toBeVisible();
    expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();

    await page.reload();
    await expect(page.getByLabel(`Dietary needs for ${invitee.fullName}`)).toHaveValue(payload);
    expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
  });

  test("answers malformed and unknown tokens with the same 404 page", async ({ page }) => {
    const pages: string[] = [];
    for (const token of [
      "AAAAAAAAAAAAAAAAAAAAAAAA",
      "not-a-token",
      encodeURIComponent("' OR 1=1 --"),
      encodeURIComponent("😀".repeat(12)),
      "A".repeat(10_000),
    ]) {
      const response = await page.goto(`/rsvp/${token}`);
      expect(response?.status(), token.slice(0, 40)).toBe(404);
      await expect(page.getByRole("heading", { level: 1, name: "Invitation not found" })).toBeVisible();
      pages.push(await page.getByRole("main").innerText());
    }
    expect(new Set(pages).size).toBe(1);
  });
});
