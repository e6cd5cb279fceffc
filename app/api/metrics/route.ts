import { getLogger } from "@/lib/log/logger";
import { startHostSampler } from "@/lib/metrics/host";
import { renderMetrics } from "@/lib/metrics/registry";
import { getMetricsToken, isAuthorized } from "@/lib/metrics/token";

export const dynamic = "force-dynamic";

const TEXT = { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" };

// GET /api/metrics: Prometheus text for a scraper with METRICS_TOKEN as its
// bearer token. Without METRICS_TOKEN the endpoint does not exist (404); with
// a malformed one it is misconfigured (503, and the log says why).
export async function GET(request: Request) {
  const setting = getMetricsToken();
  if (setting.kind === "off") return new Response("Not found\n", { status: 404, headers: TEXT });
  if (setting.kind === "invalid") {
    getLogger().error({ reason: setting.reason }, "metrics endpoint misconfigured");
    return new Response("Metrics are misconfigured.\n", { status: 503, headers: TEXT });
  }
  if (!isAuthorized(request.headers.get("authorization"), setting.token)) {
    return new Response("Unauthorized\n", {
      status: 401,
      headers: { ...TEXT, "WWW-Authenticate": 'Bearer realm="metrics"' },
    });
  }
  startHostSampler();
  const { contentType, body } = await renderMetrics();
  return new Response(body, { headers: { "Content-Type": contentType, "Cache-Control": "no-store" } });
}
