import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, parseLogLevel, scrubLine, secretValues } from "./logger";
import { chooseRequestId } from "./request-id";

const ENV = {
  NEXTAUTH_SECRET: "nextauth-secret-value-0123456789abcdef",
  ENCRYPTION_KEY: "encryption-key-value-abcdefghijklmnop",
  METRICS_TOKEN: "metrics-token-value-zyxwvutsrqponmlkj",
  APP_DATABASE_URL: "postgresql://wedding_app:db-password-value-42@db.internal:5432/wedding_planner",
  SMTP_URL: "smtps://mailer:smtp%2Fpassword-value@mail.example.com:465",
};

function capture(env: Record<string, string | undefined> = ENV) {
  const lines: string[] = [];
  const logger = createLogger({
    env,
    destination: new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  });
  return { logger, output: () => lines.join("") };
}

const SECRETS = [
  "nextauth-secret-value-0123456789abcdef",
  "encryption-key-value-abcdefghijklmnop",
  "metrics-token-value-zyxwvutsrqponmlkj",
  "db-password-value-42",
  "smtp/password-value",
  "smtp%2Fpassword-value",
  "hunter2-password",
  "guest-token-value",
  "session=cookie-value",
];

describe("the logger never writes secrets", () => {
  it("redacts secret fields by name, at the top and one level down", () => {
    const { logger, output } = capture();
    logger.info({
      password: "hunter2-password",
      user: { email: "a@example.test", passwordHash: "hash", mfaSecret: "totp" },
      input: { guestToken: "guest-token-value", token: "x" },
      headers: { authorization: `Bearer ${ENV.METRICS_TOKEN}`, cookie: "session=cookie-value" },
      NEXTAUTH_SECRET: ENV.NEXTAUTH_SECRET,
    });
    const line = output();
    for (const secret of SECRETS) expect(line).not.toContain(secret);
    expect(line).toContain("a@example.test");
    expect(JSON.parse(line)).toMatchObject({ password: "[Redacted]", user: { passwordHash: "[Redacted]" } });
  });

  it("masks the secret settings' values and URL credentials wherever they appear, errors included", () => {
    const { logger, output } = capture();
    logger.error(
      { err: new Error(`connect failed for ${ENV.APP_DATABASE_URL}`), mail: ENV.SMTP_URL },
      `key ${ENV.ENCRYPTION_KEY} and secret ${ENV.NEXTAUTH_SECRET}`,
    );
    logger.warn(`scraper sent ${ENV.METRICS_TOKEN}; smtp://user:plain-pass-99@host`);
    const text = output();
    for (const secret of [...SECRETS, "plain-pass-99"]) expect(text).not.toContain(secret);
    expect(text).toContain("postgresql://wedding_app:[Redacted]@db.internal:5432/wedding_planner");
    expect(text).toContain("smtp://user:[Redacted]@host");
  });

  it("writes one JSON object per line with an ISO time and the level's name", () => {
    const { logger, output } = capture();
    logger.child({ reqId: "r-1" }).info("hello");
    expect(JSON.parse(output())).toMatchObject({ level: "info", msg: "hello", reqId: "r-1" });
    expect(JSON.parse(output()).time).toMatch(/^\d{4}-\d\d-\d\dT/);
  });
});

describe("secretValues and scrubLine", () => {
  it("takes secrets from the settings, ignoring values too short to be secrets", () => {
    expect(secretValues({ NEXTAUTH_SECRET: "short", SMTP_URL: "not a url" })).toEqual([]);
    expect(secretValues(ENV)).toContain("smtp/password-value");
  });

  it("masks JSON-escaped and percent-encoded forms", () => {
    expect(scrubLine('{"a":"x smtp%2Fpassword-value y"}', ["smtp/password-value"])).toBe('{"a":"x [Redacted] y"}');
    expect(scrubLine('{"a":"q\\"uote-secret"}', ['q"uote-secret'])).toBe('{"a":"[Redacted]"}');
  });
});

describe("parseLogLevel", () => {
  it("defaults to info and accepts pino's levels in any case", () => {
    expect(parseLogLevel(undefined)).toBe("info");
    expect(parseLogLevel(" DEBUG ")).toBe("debug");
    expect(parseLogLevel("silent")).toBe("silent");
  });

  it("refuses anything else with a message", () => {
    expect(() => parseLogLevel("verbose")).toThrow(/^LOG_LEVEL must be one of fatal, error/);
  });

  it("silences lines below the level", () => {
    const { logger, output } = capture({ LOG_LEVEL: "warn" });
    logger.info("quiet");
    logger.warn("loud");
    expect(output()).not.toContain("quiet");
    expect(output()).toContain("loud");
  });
});

describe("chooseRequestId", () => {
  const generate = () => "generated-id";
  it("generates an id unless a trusted proxy sent a well-formed one", () => {
    expect(chooseRequestId("proxy-id-12345", {}, generate)).toBe("generated-id");
    expect(chooseRequestId("proxy-id-12345", { TRUSTED_PROXY_HEADER: "x-forwarded-for" }, generate)).toBe(
      "proxy-id-12345",
    );
    for (const bad of ["short", "has space in it", "x".repeat(129), "<script>alert(1)</script>", undefined]) {
      expect(chooseRequestId(bad, { TRUSTED_PROXY_HEADER: "x-forwarded-for" }, generate)).toBe("generated-id");
    }
  });
});
