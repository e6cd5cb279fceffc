import pino, { type DestinationStream, type Logger } from "pino";
import { z } from "zod";

// Structured JSON logs (pino), one line per event, on stdout. Secrets never
// reach a log line, in two layers:
// 1. pino's redact paths replace the values of fields that hold secrets
//    (passwords, tokens, cookies, keys), wherever a caller put them;
// 2. every line is scrubbed before it is written: credentials inside URLs
//    (postgresql://user:PASSWORD@…, smtps://user:PASSWORD@…) and the values
//    of the secret settings themselves (NEXTAUTH_SECRET, ENCRYPTION_KEY,
//    METRICS_TOKEN, the database and SMTP passwords), so an error message that
//    quotes one is caught too.

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
const ZLevel = z.enum(LOG_LEVELS);

export const REDACTED = "[Redacted]";

const SECRET_KEYS = [
  "password",
  "passwordHash",
  "password_hash",
  "newPassword",
  "currentPassword",
  "secret",
  "mfaSecret",
  "mfa_secret",
  "totpSecret",
  "token",
  "accessToken",
  "refreshToken",
  "guestToken",
  "recoveryCode",
  "authorization",
  "cookie",
  "apiKey",
  "encryptionKey",
  "smtpUrl",
  "SMTP_URL",
  "DATABASE_URL",
  "APP_DATABASE_URL",
  "NEXTAUTH_SECRET",
  "ENCRYPTION_KEY",
  "METRICS_TOKEN",
];

/** Top-level, one level down, and inside request/response headers. */
export const REDACT_PATHS = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((key) => `*.${key}`),
  'req.headers["set-cookie"]',
  'res.headers["set-cookie"]',
  'headers["set-cookie"]',
  'headers["x-metrics-token"]',
];

const SECRET_SETTINGS = ["NEXTAUTH_SECRET", "ENCRYPTION_KEY", "ENCRYPTION_KEY_PREVIOUS", "METRICS_TOKEN"];
const URL_SETTINGS = ["DATABASE_URL", "APP_DATABASE_URL", "SMTP_URL"];
const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@"]*:)[^\s@/"]+@/gi;

/** Values too short to be a real secret would blank out ordinary words. */
const MIN_SECRET_LENGTH = 8;

export function secretValues(env: Record<string, string | undefined>): string[] {
  const values = new Set<string>();
  for (const name of SECRET_SETTINGS) {
    const value = env[name]?.trim();
    if (value) values.add(value);
  }
  for (const name of URL_SETTINGS) {
    try {
      const password = decodeURIComponent(new URL(env[name] ?? "").password);
      if (password) values.add(password);
    } catch {
      // Not a URL: nothing to take from it.
    }
  }
  return [...values].filter((value) => value.length >= MIN_SECRET_LENGTH);
}

/** One serialized log line with URL credentials and known secret values masked. */
export function scrubLine(line: string, secrets: readonly string[]): string {
  let out = line.replace(URL_CREDENTIALS, `$1${REDACTED}@`);
  for (const secret of secrets) {
    // The value as it appears inside a JSON string, and percent-encoded in a URL.
    for (const form of new Set([JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)])) {
      out = out.split(form).join(REDACTED);
    }
  }
  return out;
}

export function parseLogLevel(raw: string | undefined): (typeof LOG_LEVELS)[number] {
  const value = raw?.trim().toLowerCase();
  if (!value) return "info";
  const parsed = ZLevel.safeParse(value);
  if (!parsed.success) throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")} (got "${raw}").`);
  return parsed.data;
}

export type LoggerOptions = {
  env?: Record<string, string | undefined>;
  destination?: DestinationStream;
};

export function createLogger(options: LoggerOptions = {}): Logger {
  const env = options.env ?? process.env;
  const secrets = secretValues(env);
  return pino(
    {
      level: parseLogLevel(env.LOG_LEVEL),
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
      hooks: { streamWrite: (line) => scrubLine(line, secrets) },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

const KEY = Symbol.for("wedding-planner.logger");

/** The process's logger, shared by server.ts and Next's bundles. */
export function getLogger(): Logger {
  const store = globalThis as unknown as Record<symbol, Logger | undefined>;
  store[KEY] ??= createLogger();
  return store[KEY];
}
