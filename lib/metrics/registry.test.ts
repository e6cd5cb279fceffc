import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createLogger } from "@/lib/log/logger";
import { instrumentRequest } from "./instrument";
import { getMetrics, observeQuery, recordJobOutcome, registerPool, renderMetrics } from "./registry";

describe("the metrics registry", () => {
  it("is one per process, even when the module is loaded again (server.ts and Next's bundles)", async () => {
    recordJobOutcome("singleton-check", true);
    vi.resetModules();
    const again = await import("./registry");
    expect(again.getMetrics()).toBe(getMetrics());
    expect((await again.renderMetrics()).body).toContain('job_runs_total{job="singleton-check",outcome="ok"} 1');
  });

  it("counts job outcomes, with unusual names folded into one label", async () => {
    recordJobOutcome("refresh_revenue", true);
    recordJobOutcome("refresh_revenue", false);
    recordJobOutcome("refresh_revenue", false);
    recordJobOutcome('bad"name{}', false);
    recordJobOutcome("x".repeat(100), true);
    const { body } = await renderMetrics();
    expect(body).toContain('job_runs_total{job="refresh_revenue",outcome="ok"} 1');
    expect(body).toContain('job_runs_total{job="refresh_revenue",outcome="failed"} 2');
    expect(body).toContain('job_runs_total{job="other",outcome="failed"} 1');
    expect(body).toContain('job_runs_total{job="other",outcome="ok"} 1');
  });

  it("counts statements over 500 ms as slow", async () => {
    expect(observeQuery("test-pool", 499)).toBe(false);
    expect(observeQuery("test-pool", 500)).toBe(false);
    expect(observeQuery("test-pool", 501)).toBe(true);
    const { body } = await renderMetrics();
    expect(body).toContain('db_slow_queries_total{pool="test-pool"} 1');
    expect(body).toContain('db_query_duration_seconds_count{pool="test-pool"} 3');
  });

  it("reports a pool's connections as it is at scrape time", async () => {
    const pool = { totalCount: 4, idleCount: 1, waitingCount: 2 };
    registerPool("fake", pool, 5);
    let { body } = await renderMetrics();
    expect(body).toContain('db_pool_connections{pool="fake",state="in_use"} 3');
    expect(body).toContain('db_pool_connections{pool="fake",state="waiting"} 2');
    expect(body).toContain('db_pool_max_connections{pool="fake"} 5');
    pool.waitingCount = 0;
    ({ body } = await renderMetrics());
    expect(body).toContain('db_pool_connections{pool="fake",state="waiting"} 0');
  });
});

describe("instrumentRequest (server.ts)", () => {
  let server: Server;
  let base: string;
  const lines: string[] = [];
  const log = createLogger({
    env: {},
    destination: new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  });

  beforeAll(async () => {
    server = createServer((req, res) => {
      instrumentRequest(req, res, ["/weddings/[id]", "/rsvp/[token]"], log);
      res.statusCode = req.url?.startsWith("/rsvp") ? 404 : 200;
      res.end(String(req.headers["x-request-id"]));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("gives each request a fresh id, in the request and the response, ignoring the client's", async () => {
    const response = await fetch(`${base}/weddings/42`, { headers: { "x-request-id": "client-chosen-id-123" } });
    const id = response.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await response.text()).toBe(id);
  });

  it("records latency by route pattern and logs one line per request without the raw path", async () => {
    await fetch(`${base}/weddings/7`);
    await fetch(`${base}/rsvp/very-secret-token`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const { body } = await renderMetrics();
    expect(body).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/weddings\/\[id\]",status="200"\} [2-9]/,
    );
    expect(body).toContain(
      'http_request_duration_seconds_bucket{le="0.15",method="GET",route="/rsvp/[token]",status="404"}',
    );
    expect(body).not.toContain("very-secret-token");
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.find((e) => e.route === "/rsvp/[token]")).toMatchObject({
      msg: "request",
      status: 404,
      method: "GET",
    });
    expect(lines.join("")).not.toContain("very-secret-token");
    expect(entries.every((e) => typeof e.reqId === "string")).toBe(true);
  });
});
