import { expect, test } from "@playwright/test";
import { createAdminAccount, signInAndEnroll } from "./helpers/admin";
import { ownerQuery } from "./helpers/db";

// A guest changes one answer on their RSVP page; an admin then finds that
// change in the audit log, credited to the guest by name, with the status's
// old and new value. The whole path runs through the app: the form, the
// action as the guest, the audit trigger and the viewer.

const ADMIN = { email: "rsvp-audit-e2e-admin@example.test", password: "rsvp-audit-e2e-admin-password" };

type Fixture = { rsvp_id: number; guest_id: number; full_name: string; qr_code: string; event_name: string };

/**
 * An accepted RSVP at an event without a meal, in a shared household whose
 * invitation is otherwise complete (nothing pending, meals chosen, no
 * plus-ones), so the form saves as it stands once this one answer changes.
 * Other specs take single-guest or pending households.
 */
async function findAcceptedAnswer(): Promise<Fixture> {
  const [fixture] = await ownerQuery<Fixture>(
    `SELECT r.rsvp_id, g.guest_id, g.full_name, g.qr_code, e.name AS event_name
       FROM event_rsvp r
       JOIN guest g ON g.guest_id = r.guest_id
       JOIN event e ON e.event_id = r.event_id
       JOIN wedding w ON w.wedding_id = g.wedding_id
      WHERE coalesce(w.rsvp_deadline, w.wedding_date) >= (now() AT TIME ZONE 'UTC')::date
        AND r.status = 'Accepted' AND e.status <> 'Cancelled'
        AND e.event_type NOT IN ('Reception', 'Rehearsal', 'Dinner', 'Brunch')
        AND (SELECT count(*) FROM guest m WHERE m.household_id = g.household_id) > 1
        AND (SELECT count(*) FROM guest m WHERE m.household_id = g.household_id AND m.full_name = g.full_name) = 1
        AND (SELECT count(*) FROM event o WHERE o.wedding_id = e.wedding_id AND o.name = e.name
              AND o.status <> 'Cancelled') = 1
        AND NOT EXISTS (
          SELECT 1 FROM event_rsvp o
            JOIN guest m ON m.guest_id = o.guest_id
            JOIN event oe ON oe.event_id = o.event_id
           WHERE m.household_id = g.household_id AND oe.status <> 'Cancelled'
             AND (o.status = 'Pending'
                  OR cardinality(o.plus_one_names) > 0
                  OR (o.status = 'Accepted' AND oe.event_type IN ('Reception', 'Rehearsal', 'Dinner', 'Brunch')
                      AND coalesce(o.meal_choice, '') NOT IN
                          ('Beef', 'Chicken', 'Fish', 'Vegetarian', 'Vegan', 'Child''s menu'))))
      ORDER BY g.household_id DESC, r.rsvp_id
      LIMIT 1`,
  );
  if (!fixture) throw new Error("The e2e database has no complete shared invitation with an accepted answer.");
  return fixture;
}

async function rsvpStatus(rsvpId: number): Promise<string> {
  const [row] = await ownerQuery<{ status: string }>("SELECT status::text FROM event_rsvp WHERE rsvp_id = $1", [
    rsvpId,
  ]);
  return row!.status;
}

test("a guest's changed answer shows in the audit log under their name, with the old and new status", async ({
  page,
}) => {
  test.setTimeout(90_000);
  const fixture = await findAcceptedAnswer();

  await page.goto(`/rsvp/${fixture.qr_code}`);
  const answer = page
    .getByRole("group", { name: fixture.event_name, exact: true })
    .getByRole("group", { name: fixture.full_name, exact: true });
  await expect(answer.getByRole("radio", { name: "Accept" })).toBeChecked();
  await answer.getByRole("radio", { name: "Decline" }).check();
  await page.getByRole("button", { name: "Save answers" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Thank you! Your answers are saved." })).toBeVisible();
  expect(await rsvpStatus(fixture.rsvp_id)).toBe("Declined");

  await createAdminAccount(ADMIN, "RSVP Audit Reviewer");
  await signInAndEnroll(page, ADMIN);
  await page.goto("/admin/audit");
  const filters = page.getByRole("form", { name: "Filter the audit log" });
  await filters.getByLabel("Table").selectOption("event_rsvp");
  await filters.getByLabel("Record id").fill(String(fixture.rsvp_id));
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/[?&]table=event_rsvp(&|$)/);
  await expect(page).toHaveURL(new RegExp(`[?&]record=${fixture.rsvp_id}(&|$)`));

  const rows = page
    .getByRole("table", { name: /audit log entries/i })
    .getByRole("row")
    .filter({ has: page.getByRole("cell") });
  const change = rows.filter({ hasText: `Guest: ${fixture.full_name}` });
  await expect(change).toHaveCount(1);
  await expect(change).toContainText("UPDATE");
  await expect(change).toContainText("status");
  await expect(change.getByTitle(`guest:${fixture.guest_id}`, { exact: true })).toBeVisible();

  await change.getByRole("link", { name: /Details of entry/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: /Audit entry #\d+/ })).toBeVisible();
  await expect(page.getByText(`UPDATE on event_rsvp record ${fixture.rsvp_id}`)).toBeVisible();
  await expect(page.getByText(`Guest: ${fixture.full_name} (guest:${fixture.guest_id})`)).toBeVisible();
  const status = page
    .getByRole("table", { name: "Changed values" })
    .getByRole("row")
    .filter({ has: page.getByRole("rowheader", { name: "status", exact: true }) });
  await expect(status.getByRole("cell").nth(0)).toHaveText("Accepted");
  await expect(status.getByRole("cell").nth(1)).toHaveText(/Declined$/);
});
