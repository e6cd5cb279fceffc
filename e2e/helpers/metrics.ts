/** The METRICS_TOKEN the end-to-end server runs with (playwright.config.ts), for admin-health.spec.ts. */
export const E2E_METRICS_TOKEN = "e2e-metrics-token-0123456789abcdef";
