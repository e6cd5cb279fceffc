import fs from "node:fs/promises";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { DEMO, signIn } from "./helpers/sign-in";

// Right of access and erasure in the browser: planner1 downloads a guest's
// personal data as JSON, then erases the guest by typing their name, and the
// guest is gone from the list. The guest is made for this spec, so no other
// spec loses one of its guests.

async function ownerQuery<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const url = process.env.E2E_OWNER_DATABASE_URL;
  if (!url) throw new Error("E2E_OWNER_DATABASE_URL is not set: run the end-to-end tests through `npm test`.");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

test("a planner downloads a guest's personal data and erases the guest", async ({ page }) => {
  const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const name = `Privacy Person ${suffix}`;
  const email = `privacy.${suffix}@example.com`;
  const [guest] = await ownerQuery<{ guest_id: number; wedding_id: number }>(
    `INSERT INTO guest (wedding_id, household_id, full_name, email)
     SELECT h.wedding_id, h.household_id, $1, $2
       FROM household h JOIN wedding w USING (wedding_id) JOIN planner p USING (planner_id) JOIN users u USING (user_id)
      WHERE lower(u.email) = lower($3)
      ORDER BY w.wedding_date DESC, h.household_id LIMIT 1
     RETURNING guest_id, wedding_id`,
    [name, email, DEMO.planner1.email],
  );
  if (!guest) throw new Error("planner1 has no household in the e2e database.");
  const guestPath = `/weddings/${guest.wedding_id}/guests/${guest.guest_id}`;

  await signIn(page, DEMO.planner1.email, DEMO.planner1.password, { next: guestPath });
  await page.goto(guestPath);
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download personal data (JSON)" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^personal-data-guest-\d+-\d{4}-\d{2}-\d{2}\.json$/);
  const file = await download.path();
  const data = JSON.parse(await fs.readFile(file, "utf8")) as { guests: { fullName: string; email: string }[] };
  expect(data.guests).toContainEqual(expect.objectContaining({ fullName: name, email }));

  const confirmation = page.getByLabel(`Type ${name} to erase this guest`);
  await confirmation.fill("somebody else");
  await page.getByRole("button", { name: "Erase guest permanently" }).click();
  await expect(page.getByText(`Type the guest's name, ${name}, to confirm.`)).toBeVisible();

  await confirmation.fill(name);
  await page.getByRole("button", { name: "Erase guest permanently" }).click();
  await page.waitForURL(new RegExp(`/weddings/${guest.wedding_id}/guests$`));
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByText(name)).toHaveCount(0);
  expect(await ownerQuery("SELECT 1 FROM guest WHERE guest_id = $1", [guest.guest_id])).toHaveLength(0);

  // The export of an erased guest is not found.
  const gone = await page.request.get(`${guestPath}/export`);
  expect(gone.status()).toBe(404);
});
