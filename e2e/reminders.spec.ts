import { hash, type Algorithm } from "@node-rs/argon2";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { signIn } from "./helpers/sign-in";

// A planner reminds the guests who have not answered an event. The planner and
// their wedding are this spec's own: auth.spec.ts changes planner3's password
// (ending that account's other sessions) while specs run in parallel. The e2e
// server has no SMTP_URL, so the reminders stay queued and the page says so.

const ARGON2ID = 2 as Algorithm;
const RUN = `${Date.now()}`;
const PLANNER = { email: `reminders-${RUN}@example.test`, password: "reminders-e2e-passphrase" };
const OTHER_PLANNER = { email: `reminders-other-${RUN}@example.test`, password: "reminders-e2e-passphrase" };

type Fixture = { weddingId: number; ceremonyId: number; brunchId: number };

async function withOwner<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const url = process.env.E2E_OWNER_DATABASE_URL;
  if (!url) throw new Error("E2E_OWNER_DATABASE_URL is not set: run the end-to-end tests through `npm test`.");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("BEGIN");
    // Row-level security is forced on the owner too: write as the system identity, like the seed.
    await client.query("SELECT set_config('app.role', 'admin', true), set_config('app.user_id', '0', true)");
    const result = await run(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}

async function one<T>(client: pg.Client, sql: string, params: unknown[]): Promise<T> {
  const { rows } = await client.query(sql, params);
  if (!rows[0]) throw new Error(`no row for ${sql}`);
  return Object.values(rows[0] as Record<string, unknown>)[0] as T;
}

/** A wedding whose ceremony has guests who answered every way there is. */
async function createFixture(): Promise<Fixture> {
  const passwordHash = await hash(PLANNER.password, { algorithm: ARGON2ID });
  return withOwner(async (c) => {
    const other = await one<number>(
      c,
      "INSERT INTO users (email, name, role, password_hash) VALUES ($1, 'Omar Other', 'planner', $2) RETURNING user_id",
      [OTHER_PLANNER.email, passwordHash],
    );
    await c.query("INSERT INTO planner (user_id) VALUES ($1)", [other]);
    const userId = await one<number>(
      c,
      "INSERT INTO users (email, name, role, password_hash) VALUES ($1, 'Rhea Reminder', 'planner', $2) RETURNING user_id",
      [PLANNER.email, passwordHash],
    );
    const plannerId = await one<number>(c, "INSERT INTO planner (user_id) VALUES ($1) RETURNING planner_id", [userId]);
    const clientId = await one<number>(
      c,
      "INSERT INTO client (planner_id, name) VALUES ($1, 'Mira & Jon') RETURNING client_id",
      [plannerId],
    );
    const weddingId = await one<number>(
      c,
      `INSERT INTO wedding (planner_id, client_id, wedding_name, wedding_date, rsvp_deadline)
       VALUES ($1, $2, 'Mira & Jon (reminders)', current_date + 90, current_date + 30) RETURNING wedding_id`,
      [plannerId, clientId],
    );
    const event = (name: string, type: string) =>
      one<number>(
        c,
        `INSERT INTO event (wedding_id, name, event_type, region, event_date, start_time, end_time, location)
         VALUES ($1, $2, $3, 'Bled', current_date + 90, '15:00', '17:00', 'Lake chapel') RETURNING event_id`,
        [weddingId, name, type],
      );
    const ceremonyId = await event("Ceremony", "Ceremony");
    const brunchId = await event("Brunch", "Brunch");
    const guests: [string, string | null, [number, string][]][] = [
      ["Ida Pending", "ida@example.test", [[ceremonyId, "Pending"]]],
      [
        "Ole Pending",
        "ole@example.test",
        [
          [ceremonyId, "Pending"],
          [brunchId, "Accepted"],
        ],
      ],
      ["Pia Pending", "pia@example.test", [[ceremonyId, "Pending"]]],
      ["Noa Nomail", null, [[ceremonyId, "Pending"]]],
      ["Ava Accepted", "ava@example.test", [[ceremonyId, "Accepted"]]],
      ["Dan Declined", "dan@example.test", [[ceremonyId, "Declined"]]],
      ["Bea Brunchonly", "bea@example.test", [[brunchId, "Pending"]]],
    ];
    for (const [name, email, rsvps] of guests) {
      const householdId = await one<number>(
        c,
        "INSERT INTO household (wedding_id, name) VALUES ($1, $2) RETURNING household_id",
        [weddingId, name],
      );
      const guestId = await one<number>(
        c,
        "INSERT INTO guest (wedding_id, household_id, full_name, email) VALUES ($1, $2, $3, $4) RETURNING guest_id",
        [weddingId, householdId, name, email],
      );
      for (const [eventId, status] of rsvps) {
        await c.query(
          `INSERT INTO event_rsvp (wedding_id, event_id, guest_id, status, responded_at)
           VALUES ($1, $2, $3, $4::rsvp_status, CASE WHEN $4::rsvp_status = 'Pending' THEN NULL ELSE now() END)`,
          [weddingId, eventId, guestId, status],
        );
      }
    }
    return { weddingId, ceremonyId, brunchId };
  });
}

/** Who a reminder should reach, straight from the database: Pending for the event, with an email address. */
async function pendingWithEmail(eventId: number): Promise<string[]> {
  return withOwner(async (c) => {
    const { rows } = await c.query<{ email: string }>(
      `SELECT g.email FROM event_rsvp r JOIN guest g ON g.guest_id = r.guest_id
       WHERE r.event_id = $1 AND r.status = 'Pending' AND g.email IS NOT NULL ORDER BY g.email`,
      [eventId],
    );
    return rows.map((r) => r.email);
  });
}

async function outboxOf(weddingId: number): Promise<{ to_address: string; status: string }[]> {
  return withOwner(async (c) => {
    const { rows } = await c.query<{ to_address: string; status: string }>(
      "SELECT to_address, status FROM outbox WHERE wedding_id = $1 ORDER BY to_address",
      [weddingId],
    );
    return rows;
  });
}

let fixture: Fixture;

test.beforeAll(async () => {
  fixture = await createFixture();
});

test("a planner reminds an event's non-responders; with sending off the reminders wait in the outbox", async ({
  page,
}) => {
  const expected = await pendingWithEmail(fixture.ceremonyId);
  expect(expected).toEqual(["ida@example.test", "ole@example.test", "pia@example.test"]);
  const n = expected.length;

  await signIn(page, PLANNER.email, PLANNER.password);
  await page.goto(`/weddings/${fixture.weddingId}/outbox`);
  await expect(page.getByRole("heading", { level: 1, name: "Outbox" })).toBeVisible();
  await expect(page.getByTestId("sending-off")).toContainText("Sending is off: set SMTP_URL.");
  await expect(page.getByText("No messages yet")).toBeVisible();

  // A link from elsewhere (?event=) chooses the event to start with.
  await page.goto(`/weddings/${fixture.weddingId}/outbox?event=${fixture.brunchId}`);
  const select = page.getByLabel("Event");
  await expect(select.locator("option:checked")).toHaveText(/^Brunch · .* — 1 pending, 1 with email$/);
  await select.selectOption(String(fixture.ceremonyId));
  await expect(select.locator("option:checked")).toHaveText(/^Ceremony · .* — 4 pending, 3 with email$/);
  await page.getByRole("button", { name: "Remind non-responders" }).click();

  const result = page.getByTestId("remind-result");
  await expect(result).toContainText(`Queued ${n} reminders for Ceremony. Skipped 1 guest without an email address.`);
  await expect(result).toContainText("Sending is off: set SMTP_URL.");

  const table = page.getByRole("table");
  await expect(table.getByRole("row")).toHaveCount(n + 1);
  await expect(table.getByRole("cell", { name: "Queued", exact: true })).toHaveCount(n);
  for (const email of expected) await expect(table.getByText(email)).toBeVisible();
  await expect(page.getByRole("link", { name: `Queued (${n})` })).toBeVisible();
  expect(await outboxOf(fixture.weddingId)).toEqual(expected.map((to_address) => ({ to_address, status: "queued" })));

  // A second click the same day reaches nobody twice.
  await page.getByRole("button", { name: "Remind non-responders" }).click();
  await expect(result).toContainText(`No reminders queued for Ceremony.`);
  await expect(result).toContainText(`Skipped ${n} guests: reminded recently`);
  expect(await outboxOf(fixture.weddingId)).toHaveLength(n);

  await page.getByRole("link", { name: `Queued (${n})` }).click();
  await expect(page).toHaveURL(new RegExp(`/weddings/${fixture.weddingId}/outbox\\?status=queued$`));
  await expect(page.getByRole("link", { name: `Queued (${n})` })).toHaveAttribute("aria-current", "page");
});

test("another planner's outbox is not found", async ({ page }) => {
  await signIn(page, OTHER_PLANNER.email, OTHER_PLANNER.password);
  const response = await page.goto(`/weddings/${fixture.weddingId}/outbox`);
  expect(response?.status()).toBe(404);
});
