import { defineConfig, devices } from "@playwright/test";
import { E2E_METRICS_TOKEN } from "./e2e/helpers/metrics";

// End-to-end tests against a production build (server.ts) on a seeded
// throwaway database. scripts/test.ts prepares both and sets E2E_APP_DATABASE_URL.
// Playwright cannot download its browser here: it drives Debian's Chromium.

const port = Number(process.env.E2E_PORT ?? 3100);
const chromium = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2,
  timeout: 30_000,
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [["list"], ["json"]] : [["list"]],
  outputDir: "test-results/e2e",
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: chromium,
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
          ],
        },
      },
    },
  ],
  webServer: {
    // server.ts, like npm start: it passes the client's address to the app.
    command: "npx --no-install tsx server.ts",
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      // Loopback minus 127.0.0.2, from which http-matrix.spec.ts plays an admin
      // outside the allowlist; the browser and every other request use 127.0.0.1.
      ADMIN_IP_ALLOWLIST: "127.0.0.1/32,::1/128",
      APP_DATABASE_URL: process.env.E2E_APP_DATABASE_URL ?? "",
      // admin-health.spec.ts scrapes /api/metrics with it.
      METRICS_TOKEN: E2E_METRICS_TOKEN,
      NEXT_TELEMETRY_DISABLED: "1",
      NODE_ENV: "production",
      PORT: String(port),
    },
  },
});
