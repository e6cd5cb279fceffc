import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "@/lib/log/logger";
import { createTestDatabase, type TestDatabase } from "@/lib/test/db";
import { instrumentRequest } from "./instrument";

// GET /api/metrics (app/api/metrics/route.ts), called through a node:http
// server instrumented like server.ts: off without METRICS_TOKEN, 401 without
// the right bearer token, and with it the Prometheus text with the request
// latency histogram, the pools and the slow-query counter.

const TOKEN = "metrics-endpoint-test-token-0123456789";

let db: TestDatabase;
let server: Server;
let base: string;
let disconnect: () => Promise<void>;

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.APP_DATABASE_URL = db.appUrl;
  const { GET } = await import("@/app/api/metrics/route");
  const { getPrisma } = await import("@/lib/db/client");
  disconnect = () => getPrisma().$disconnect();
  const silent = createLogger({ env: { LOG_LEVEL: "silent" } });
  server = createServer(async (req, res) => {
    instrumentRequest(req, res, ["/api/metrics"], silent);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
    const response = await GET(new Request(`http://localhost${req.url}`, { headers }));
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(await response.text());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  delete process.env.METRICS_TOKEN;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await disconnect();
  await db.drop();
});

const scrape = (authorization?: string) =>
  fetch(`${base}/api/metrics`, { headers: authorization ? { authorization } : {} });

describe("GET /api/metrics", () => {
  it("does not exist without METRICS_TOKEN", async () => {
    delete process.env.METRICS_TOKEN;
    const response = await scrape(`Bearer ${TOKEN}`);
    expect(response.status).toBe(404);
  });

  it("is misconfigured (503) with a token too short to be one", async () => {
    process.env.METRICS_TOKEN = "short";
    expect((await scrape("Bearer short")).status).toBe(503);
  });

  it("answers 401 without a token or with a wrong one", async () => {
    process.env.METRICS_TOKEN = TOKEN;
    for (const header of [undefined, `Bearer ${TOKEN}-wrong`, `Basic ${TOKEN}`, "Bearer "]) {
      const response = await scrape(header);
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe('Bearer realm="metrics"');
      expect(await response.text()).not.toContain("http_request_duration_seconds");
    }
  });

  it("serves Prometheus text with the right token, including the requests it has seen and the pools", async () => {
    process.env.METRICS_TOKEN = TOKEN;
    const { withIdentity } = await import("@/lib/db/with-identity");
    await withIdentity({ kind: "guest", guestToken: "x" }, (tx) => tx.$executeRaw`SELECT pg_sleep(0.6)`);
    await scrape(`Bearer ${TOKEN}`);
    const response = await scrape(`Bearer ${TOKEN}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain; version=0.0.4");
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const body = await response.text();
    expect(body).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/api\/metrics",status="401"\} \d+/);
    expect(body).toMatch(
      /http_request_duration_seconds_bucket\{le="0\.15",method="GET",route="\/api\/metrics",status="200"\} \d+/,
    );
    expect(body).toContain('db_pool_max_connections{pool="main"} 10');
    expect(body).toMatch(/db_pool_connections\{pool="main",state="total"\} [1-9]/);
    expect(body).toMatch(/db_slow_queries_total\{pool="main"\} [1-9]/);
    expect(body).toContain("# TYPE job_runs_total counter");
    expect(body).toContain("process_cpu_seconds_total");
  });
});
