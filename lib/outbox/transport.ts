import nodemailer from "nodemailer";

// How mail leaves: SMTP_URL (smtp:// or smtps://, credentials in the URL) and
// MAIL_FROM. Without SMTP_URL nothing is sent and messages stay queued. Used by
// the web app and by scripts/outbox-send.ts, so nothing here is server-only.

export const DEFAULT_MAIL_FROM = "Wedding Planner <no-reply@localhost>";

export type OutgoingMail = { from: string; to: string; subject: string; text: string };

/** What the sender needs from a nodemailer transporter; tests pass their own. */
export type MailTransport = { sendMail: (mail: OutgoingMail) => Promise<unknown> };

export type MailSettings =
  { kind: "off" } | { kind: "invalid"; reason: string } | { kind: "on"; url: string; from: string; secrets: string[] };

type Env = Record<string, string | undefined>;

export function getMailSettings(env: Env = process.env): MailSettings {
  const url = env.SMTP_URL?.trim();
  if (!url) return { kind: "off" };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Never echo the value: it may hold a password.
    return { kind: "invalid", reason: "SMTP_URL is not a URL. Use smtp://user:password@host:587 or smtps://…" };
  }
  if (parsed.protocol !== "smtp:" && parsed.protocol !== "smtps:") {
    return { kind: "invalid", reason: "SMTP_URL must start with smtp:// or smtps://." };
  }
  const secrets = [url, parsed.password, decodeURIComponent(parsed.password), parsed.username]
    .concat(parsed.username ? [decodeURIComponent(parsed.username)] : [])
    .filter((secret) => secret.length >= 3);
  return { kind: "on", url, from: env.MAIL_FROM?.trim() || DEFAULT_MAIL_FROM, secrets };
}

/** A nodemailer SMTP transporter, with timeouts short enough for a person waiting on a page. */
export function createSmtpTransport(url: string): MailTransport & { close: () => void } {
  return nodemailer.createTransport(url, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
}

const MAX_ERROR = 500;

/**
 * One line for last_error: the error's code and first line, with the SMTP
 * credentials and any user:password@ in a URL masked.
 */
export function describeSendError(error: unknown, secrets: readonly string[] = []): string {
  const details = (error && typeof error === "object" ? error : {}) as {
    code?: unknown;
    responseCode?: unknown;
    message?: unknown;
  };
  let text = typeof details.message === "string" ? (details.message.split("\n")[0] ?? "") : String(error);
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) text = text.split(secret).join("***");
  text = text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]*@/gi, "$1***@").trim() || "Unknown error";
  const code = [details.code, details.responseCode].filter(
    (part) => typeof part === "string" || typeof part === "number",
  );
  const line = code.length ? `${code.join(" ")}: ${text}` : text;
  return line.length > MAX_ERROR ? `${line.slice(0, MAX_ERROR - 1)}…` : line;
}
