import { expect, test } from "@playwright/test";
import { ownerQuery } from "./helpers/db";
import { DEMO, signIn } from "./helpers/sign-in";

// A CSV import is all or nothing: one bad row imports nothing and the row's
// error is shown by row and column; once it is fixed, every row is imported.
// As planner2, on their second-latest wedding (guests.spec.ts takes the
// latest). Counts come from the database, read as its owner.

async function findWedding(): Promise<number> {
  const [row] = await ownerQuery<{ wedding_id: number }>(
    `SELECT w.wedding_id FROM wedding w JOIN planner p USING (planner_id) JOIN users u ON u.user_id = p.user_id
      WHERE lower(u.email) = lower($1)
      ORDER BY w.wedding_date DESC, w.wedding_id DESC OFFSET 1 LIMIT 1`,
    [DEMO.planner2.email],
  );
  if (!row) throw new Error("The e2e database has too few weddings for planner2.");
  return row.wedding_id;
}

async function guestCount(weddingId: number): Promise<number> {
  const [row] = await ownerQuery<{ n: number }>("SELECT count(*)::int AS n FROM guest WHERE wedding_id = $1", [
    weddingId,
  ]);
  return row!.n;
}

function csvFile(suffix: string, thirdEmail: string): Buffer {
  const lines = [
    "household,plus_one_allowance,full_name,email,phone,dietary_preference",
    // A quoted field with a comma and doubled quotes.
    `"Lane, Eva & Sam ${suffix}",1,"Eva ""Evie"" Lane ${suffix}",eva.${suffix}@example.test,+44 20 7946 0000,`,
    `"Lane, Eva & Sam ${suffix}",1,Sam Lane ${suffix},,,"Vegan, no nuts"`,
    `Hart ${suffix},0,Jo Hart ${suffix},${thirdEmail},,`,
  ];
  // UTF-8 with a byte-order mark and CRLF line ends, as Excel saves it.
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join("\r\n")}\r\n`, "utf8")]);
}

test("a CSV import with one bad row imports nothing and shows the row's error", async ({ page }) => {
  // A long walk through the app; with every spec running at once, each step can take a second or two.
  test.setTimeout(90_000);
  const weddingId = await findWedding();
  const suffix = `${Date.now().toString(36)}${test.info().workerIndex}`;
  const before = await guestCount(weddingId);

  await signIn(page, DEMO.planner2.email, DEMO.planner2.password);
  await page.goto(`/weddings/${weddingId}/guests`);
  await page.getByRole("link", { name: "Import CSV" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Import guests" })).toBeVisible();

  const form = page.getByRole("form", { name: "Import guests from a CSV file" });
  await form.getByLabel(/CSV file/).setInputFiles({
    name: "guests.csv",
    mimeType: "text/csv",
    buffer: csvFile(suffix, "jo.hart-at-example.test"),
  });
  await form.getByRole("button", { name: "Import guests" }).click();
  const problems = form.getByRole("alert");
  await expect(problems).toContainText("Nothing was imported: 1 problem in the file.");
  await expect(problems.getByRole("listitem")).toHaveText([
    "Row 4, email: Invalid email address, expected something like name@example.com.",
  ]);
  expect(await guestCount(weddingId)).toBe(before);

  await form.getByLabel(/CSV file/).setInputFiles({
    name: "guests-fixed.csv",
    mimeType: "text/csv",
    buffer: csvFile(suffix, `jo.${suffix}@example.test`),
  });
  await form.getByRole("button", { name: "Import guests" }).click();
  await expect(form.getByRole("status").filter({ hasText: "Imported: 3 guests added" })).toBeVisible();
  await expect(form.getByRole("alert")).toHaveCount(0);
  expect(await guestCount(weddingId)).toBe(before + 3);

  const stored = await ownerQuery<{ household: string; full_name: string; dietary_preference: string | null }>(
    `SELECT h.name AS household, g.full_name, g.dietary_preference FROM guest g JOIN household h USING (household_id)
      WHERE g.wedding_id = $1 AND g.full_name LIKE $2 ORDER BY g.guest_id`,
    [weddingId, `%${suffix}`],
  );
  expect(stored).toEqual([
    { household: `Lane, Eva & Sam ${suffix}`, full_name: `Eva "Evie" Lane ${suffix}`, dietary_preference: null },
    { household: `Lane, Eva & Sam ${suffix}`, full_name: `Sam Lane ${suffix}`, dietary_preference: "Vegan, no nuts" },
    { household: `Hart ${suffix}`, full_name: `Jo Hart ${suffix}`, dietary_preference: null },
  ]);

  // The guest list shows them.
  await page.goto(`/weddings/${weddingId}/guests?q=${suffix}`);
  await expect(page.getByRole("table", { name: /^Guests/ }).locator("tbody tr")).toHaveCount(3);
});
