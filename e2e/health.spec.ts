import { expect, test } from "@playwright/test";

test("GET /api/health reports the database up and the latest migration", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(response.headers()["cache-control"]).toContain("no-store");

  const body = await response.json();
  expect(body).toMatchObject({ status: "ok", database: "up" });
  expect(body.migration).toMatch(/^\d{14}_/);
  expect(body.migrations).toBeGreaterThan(0);
});
