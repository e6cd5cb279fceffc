import path from "node:path";
import { describe, expect, it } from "vitest";
import { databaseName, redactUrl, resolveDbTarget, withDatabase } from "./config";

describe("resolveDbTarget", () => {
  it("defaults to the embedded cluster in .data/postgres on port 5433", () => {
    expect(resolveDbTarget({}, "/repo")).toEqual({
      kind: "embedded",
      port: 5433,
      dataDir: path.resolve("/repo/.data/postgres"),
      dbName: "wedding_planner",
    });
  });

  it("takes the port from EMBEDDED_PG_PORT and refuses nonsense", () => {
    expect(resolveDbTarget({ EMBEDDED_PG_PORT: "6000" }, "/repo")).toMatchObject({ port: 6000 });
    expect(() => resolveDbTarget({ EMBEDDED_PG_PORT: "80" }, "/repo")).toThrow(
      /EMBEDDED_PG_PORT must be a port number/,
    );
    expect(() => resolveDbTarget({ EMBEDDED_PG_PORT: "abc" }, "/repo")).toThrow(/got "abc"/);
  });

  it("uses DATABASE_URL as the owner and APP_DATABASE_URL for the app when set", () => {
    expect(resolveDbTarget({ DATABASE_URL: "postgresql://owner:pw@db.example:5432/wp" })).toEqual({
      kind: "external",
      ownerUrl: "postgresql://owner:pw@db.example:5432/wp",
      appUrl: "postgresql://owner:pw@db.example:5432/wp",
    });
    expect(
      resolveDbTarget({ DATABASE_URL: "postgres://o@h/wp", APP_DATABASE_URL: "postgres://wedding_app@h/wp" }),
    ).toMatchObject({ appUrl: "postgres://wedding_app@h/wp" });
  });

  it("explains a malformed DATABASE_URL", () => {
    expect(() => resolveDbTarget({ DATABASE_URL: "localhost:5432" })).toThrow(/must start with postgresql:\/\//);
    expect(() => resolveDbTarget({ DATABASE_URL: "not a url" })).toThrow(/not a valid URL/);
    expect(() => resolveDbTarget({ DATABASE_URL: "postgresql://h:5432" })).toThrow(/must name a database/);
  });

  it("never repeats the password of a malformed URL", () => {
    const cases: Record<string, string>[] = [
      { DATABASE_URL: "mysql://owner:Hunter2-secret@db.example/wp" },
      { DATABASE_URL: "postgresql://owner:Hunter2-secret@db.example:5432" },
      { DATABASE_URL: "postgresql://owner:Hunter2-secret@db.example:99999/wp" },
      { DATABASE_URL: "postgresql://o@h/wp", APP_DATABASE_URL: "http://wedding_app:Hunter2-secret@h/wp" },
      { DATABASE_URL: "postgresql://o@h/wp", APP_DATABASE_URL: "postgresql://wedding_app:Hunter2-secret@h" },
    ];
    for (const env of cases) {
      let message = "";
      try {
        resolveDbTarget(env);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message, JSON.stringify(env)).not.toBe("");
      expect(message).not.toContain("Hunter2");
    }
  });
});

describe("URL helpers", () => {
  it("redact the password", () => {
    expect(redactUrl("postgresql://u:secret@h:5432/db")).toBe("postgresql://u:***@h:5432/db");
    expect(redactUrl("postgresql://u@h/db")).toBe("postgresql://u@h/db");
    expect(redactUrl("postgresql://u:p%40ss%3Aw0rd@h/db?sslmode=verify-full")).toBe(
      "postgresql://u:***@h/db?sslmode=verify-full",
    );
    expect(redactUrl("postgresql://u:secret@[::1/db")).toBe("(unparseable URL)");
  });

  it("swap and read the database name", () => {
    const url = withDatabase("postgresql://u:p@h:5432/one?sslmode=require", "two");
    expect(url).toBe("postgresql://u:p@h:5432/two?sslmode=require");
    expect(databaseName(url)).toBe("two");
  });
});
