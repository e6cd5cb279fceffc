import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { UserListRow } from "@/lib/admin/queries";
import { DEFAULT_USER_FILTERS } from "@/lib/admin/schema";
import { UsersTable } from "./users-table";

const user = (id: number, changes: Partial<UserListRow> = {}): UserListRow => ({
  id,
  email: `u${id}@example.test`,
  name: `User ${id}`,
  role: "planner",
  mfaEnabled: false,
  disabled: false,
  lastSignInAt: null,
  createdAt: "2026-11-01T10:00:00.000Z",
  organisation: null,
  ...changes,
});

describe("UsersTable", () => {
  const html = renderToStaticMarkup(
    createElement(UsersTable, {
      rows: [
        user(1, { role: "admin", mfaEnabled: true, lastSignInAt: "2026-11-02T08:30:00.000Z" }),
        user(2, { role: "vendor", disabled: true, organisation: "Peony & Vine" }),
      ],
      total: 2,
      page: 1,
      pageCount: 1,
      pageSize: 50,
      filters: DEFAULT_USER_FILTERS,
      selfId: 1,
    }),
  );

  it("shows role, MFA, status and last sign-in for each account", () => {
    expect(html).toContain("2 Nov 2026, 08:30:00 UTC");
    expect(html).toContain("Never");
    expect(html).toContain("Disabled");
    expect(html).toContain("Peony &amp; Vine");
    expect(html).toMatch(/<th[^>]*aria-sort="ascending"[^>]*>.*?Name/);
  });

  it("offers no disable or role change on the admin's own row", () => {
    expect(html).toContain("This is your account");
    expect(html.match(/Enable account|Disable account/g)).toEqual(["Enable account"]);
    expect(html.match(/Reset two-factor authentication<\/button>/g)).toHaveLength(2);
  });
});
