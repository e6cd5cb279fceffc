import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { TOO_MANY_REQUESTS_MESSAGE } from "@/lib/rsvp/rate-limit";
import { parsePoolMax, parsePoolUsage } from "./app-server";
import { spread } from "./fixture";
import { processGroupAlive, processTreeTicks } from "./machine";
import { buildScenarios, clientAddress, RATE_LIMITED_TEXT, type TLoadtestFixture } from "./scenarios";

const fixture: TLoadtestFixture = {
  planners: [
    { plannerId: 1, cookie: "wp.session=one", weddingIds: [1, 2], address: clientAddress(0) },
    { plannerId: 9, cookie: "wp.session=nine", weddingIds: [401], address: clientAddress(1) },
  ],
  terms: { common: ["garden"], rare: ["zeppelin"] },
  rsvpTokens: ["tokenAAAAAAAAAAAAAAAAAAA", "tokenBBBBBBBBBBBBBBBBBBB"],
};

describe("simulated client addresses", () => {
  it("come from 198.18.0.0/15 and differ for 131,072 clients", () => {
    expect(clientAddress(0)).toBe("198.18.0.0");
    expect(clientAddress(258)).toBe("198.18.1.2");
    expect(clientAddress(65_536)).toBe("198.19.0.0");
    expect(clientAddress(131_071)).toBe("198.19.255.255");
    const seen = new Set(Array.from({ length: 131_072 }, (_, i) => clientAddress(i)));
    expect(seen.size).toBe(131_072);
  });
});

describe("the scenarios", () => {
  const scenarios = buildScenarios(fixture, ["cockpit", "overview", "guests", "vendors", "rsvp", "floor"]);
  const byPage = Object.fromEntries(scenarios.map((s) => [s.page, s]));
  const first = () => 0;
  const last = () => 0.999;

  it("send each planner's own cookie and address, for that planner's weddings", () => {
    expect(byPage.cockpit!.variants[0]!.next(first)).toEqual({
      path: "/weddings",
      headers: { cookie: "wp.session=one", "x-forwarded-for": "198.18.0.0" },
    });
    expect(byPage.overview!.variants[0]!.next(last)).toEqual({
      path: "/weddings/401",
      headers: { cookie: "wp.session=nine", "x-forwarded-for": "198.18.0.1" },
    });
    expect(byPage.guests!.variants[0]!.next(first).path).toBe("/weddings/1/guests");
  });

  it("search common and rare terms as two variants", () => {
    expect(byPage.vendors!.variants.map((v) => [v.name, v.next(first).path])).toEqual([
      ["common terms", "/vendors?q=garden"],
      ["rare terms", "/vendors?q=zeppelin"],
    ]);
  });

  it("open each RSVP link without a session, from an address of its own", () => {
    const a = byPage.rsvp!.variants[0]!.next(first);
    const b = byPage.rsvp!.variants[0]!.next(last);
    expect(a).toEqual({ path: "/rsvp/tokenAAAAAAAAAAAAAAAAAAA", headers: { "x-forwarded-for": "198.18.0.2" } });
    expect(b.headers["x-forwarded-for"]).toBe("198.18.0.3");
    expect(a.headers).not.toHaveProperty("cookie");
  });

  it("ask the floor, the health check, without a session, and accept only a healthy answer", () => {
    const floor = byPage.floor!;
    expect(floor.variants[0]!.next(first)).toEqual({
      path: "/api/health",
      headers: { "x-forwarded-for": "198.18.0.0" },
    });
    expect(floor.checkBody('{"status":"ok","database":"up","migration":"x","migrations":40}')).toBeNull();
    expect(floor.checkBody('{"status":"error","database":"down"}')).toBe("not a healthy answer");
  });

  it("fail a 2xx that is the error page, the rate-limit notice, or not the page", () => {
    const check = byPage.rsvp!.checkBody;
    expect(check("<h1>You are invited</h1>")).toBeNull();
    expect(check(`<h1>${TOO_MANY_REQUESTS_MESSAGE}</h1>`)).toBe("rate limited");
    expect(check("<h1>Something went wrong</h1> You are invited")).toBe("error page");
    expect(check("<h1>Sign in</h1>")).toBe("not an invitation");
    expect(RATE_LIMITED_TEXT.length).toBeGreaterThan(0);
    expect(TOO_MANY_REQUESTS_MESSAGE).toContain(RATE_LIMITED_TEXT);
  });

  it("refuse to build without sessions, weddings, terms or tokens", () => {
    expect(() => buildScenarios({ ...fixture, planners: [] }, ["cockpit"])).toThrow(/signed-in planners/);
    expect(() =>
      buildScenarios({ ...fixture, planners: [{ ...fixture.planners[0]!, weddingIds: [] }] }, ["cockpit"]),
    ).toThrow(/at least one wedding/);
    expect(() => buildScenarios({ ...fixture, terms: { common: [], rare: ["x"] } }, ["vendors"])).toThrow(/terms/);
    expect(() => buildScenarios({ ...fixture, rsvpTokens: [] }, ["rsvp"])).toThrow(/tokens/);
    // Only the pages asked for are checked.
    expect(buildScenarios({ ...fixture, rsvpTokens: [] }, ["cockpit"])).toHaveLength(1);
  });
});

describe("helpers", () => {
  it("spread picks evenly, first and last included", () => {
    expect(spread([1, 2, 3, 4, 5, 6, 7, 8, 9], 3)).toEqual([1, 5, 9]);
    expect(spread([1, 2], 5)).toEqual([1, 2]);
    expect(spread([1, 2, 3], 1)).toEqual([1]);
  });

  it("parsePoolMax reads the main pool's size from Prometheus text", () => {
    const text = [
      "# HELP db_pool_max_connections The configured size of each app pool.",
      'db_pool_max_connections{pool="report"} 2',
      'db_pool_max_connections{pool="main"} 10',
    ].join("\n");
    expect(parsePoolMax(text)).toBe(10);
    expect(parsePoolMax('db_pool_max_connections{pool="report"} 2')).toBeNull();
  });

  it("parsePoolUsage reads the main pool's connections in use and requests waiting", () => {
    const text = [
      'db_pool_connections{pool="report",state="in_use"} 2',
      'db_pool_connections{pool="main",state="total"} 10',
      'db_pool_connections{pool="main",state="idle"} 3',
      'db_pool_connections{pool="main",state="in_use"} 7',
      'db_pool_connections{pool="main",state="waiting"} 41',
    ].join("\n");
    expect(parsePoolUsage(text)).toEqual({ inUse: 7, waiting: 41 });
    expect(parsePoolUsage('db_pool_connections{pool="main",state="in_use"} 0')).toBeNull();
  });

  it("processTreeTicks sums a process and its descendants, not its siblings", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "proc-"));
    const stat = (pid: number, ppid: number, utime: number, stime: number, name = "node") => {
      fs.mkdirSync(path.join(dir, String(pid)));
      // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime …
      fs.writeFileSync(
        path.join(dir, String(pid), "stat"),
        `${pid} (${name}) S ${ppid} 1 1 0 -1 0 0 0 0 0 ${utime} ${stime} 0 0 20 0 1 0`,
      );
    };
    try {
      stat(10, 1, 100, 20, "npm exec tsx");
      stat(11, 10, 5, 5);
      stat(12, 11, 300, 50, "next-server (v16)");
      stat(13, 1, 999, 999);
      expect(processTreeTicks(10, dir)).toBe(480);
      expect(processTreeTicks(12, dir)).toBe(350);
      expect(processTreeTicks(99, dir)).toBeNull();
      expect(processTreeTicks(10, path.join(dir, "missing"))).toBeNull();
      // Group 1 has running members; a group of zombies only is gone.
      expect(processGroupAlive(1, dir)).toBe(true);
      fs.mkdirSync(path.join(dir, "20"));
      fs.writeFileSync(path.join(dir, "20", "stat"), "20 (node) Z 1 20 20 0 -1 0 0 0 0 0 5 5 0 0 20 0 1 0");
      expect(processGroupAlive(20, dir)).toBe(false);
      expect(processGroupAlive(21, dir)).toBe(false);
      expect(processGroupAlive(1, path.join(dir, "missing"))).toBeNull();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
