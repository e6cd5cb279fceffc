import { describe, expect, it } from "vitest";
import { getPoolSettings, getReadPoolSettings } from "./pool-config";

describe("getPoolSettings", () => {
  it("gives the interactive pool 10 connections and a 10 s statement timeout, the report pool 2 and 2 minutes", () => {
    const pools = getPoolSettings({});
    expect(pools.main).toMatchObject({
      max: 10,
      statementTimeoutMs: 10_000,
      lockTimeoutMs: 0,
      transactionTimeoutMs: 15_000,
    });
    expect(pools.report).toMatchObject({
      max: 2,
      statementTimeoutMs: 120_000,
      lockTimeoutMs: 5_000,
      transactionTimeoutMs: 125_000,
      applicationName: "wedding-planner-report",
    });
  });

  it("reads every setting, and lets the transaction outlast its statements", () => {
    const pools = getPoolSettings({
      DB_POOL_SIZE: "20",
      DB_STATEMENT_TIMEOUT_MS: "30000",
      REPORT_DB_POOL_SIZE: "4",
      REPORT_STATEMENT_TIMEOUT_MS: "600000",
      REPORT_LOCK_TIMEOUT_MS: "0",
    });
    expect(pools.main).toMatchObject({ max: 20, statementTimeoutMs: 30_000, transactionTimeoutMs: 35_000 });
    expect(pools.report).toMatchObject({ max: 4, statementTimeoutMs: 600_000, lockTimeoutMs: 0 });
  });

  it.each([
    ["DB_POOL_SIZE", "0"],
    ["DB_POOL_SIZE", "ten"],
    ["DB_STATEMENT_TIMEOUT_MS", "-1"],
    ["REPORT_DB_POOL_SIZE", "51"],
    ["REPORT_DB_POOL_SIZE", "1.5"],
    ["REPORT_STATEMENT_TIMEOUT_MS", "99"],
    ["REPORT_LOCK_TIMEOUT_MS", "1e9"],
  ])("refuses %s=%s with a message naming the setting", (name, value) => {
    expect(() => getPoolSettings({ [name]: value })).toThrow(new RegExp(`^${name} must be`));
  });
});

describe("getReadPoolSettings", () => {
  it("follows the interactive pool unless READ_DB_POOL_SIZE is set", () => {
    expect(getReadPoolSettings({ DB_POOL_SIZE: "7", DB_STATEMENT_TIMEOUT_MS: "3000" })).toEqual({
      max: 7,
      statementTimeoutMs: 3_000,
      connectionWaitMs: 5_000,
      applicationName: "wedding-planner-read",
    });
    expect(getReadPoolSettings({ READ_DB_POOL_SIZE: "4" }).max).toBe(4);
  });

  it.each(["0", "501", "four", "2.5"])("refuses READ_DB_POOL_SIZE=%s with a message naming the setting", (value) => {
    expect(() => getReadPoolSettings({ READ_DB_POOL_SIZE: value })).toThrow(/^READ_DB_POOL_SIZE must be/);
  });
});
