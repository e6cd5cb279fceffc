// What a failed job's error may show on the admin page: one bounded line of
// text without credentials. Errors from the driver can quote connection
// strings, and a job's own message can quote a password setting.

export const MAX_ERROR_LENGTH = 1000;

const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]*(?::[^\s/@]*)?@/gi;
const SECRET_SETTING = /\b(password|passwd|pwd|secret|token|api[_-]?key)(\s*[=:]\s*)("[^"]*"|'[^']*'|\S+)/gi;

export function redactError(error: unknown): string {
  const raw =
    error instanceof Error ? error.message || error.name : typeof error === "string" ? error : JSON.stringify(error);
  const text = (raw ?? "unknown error")
    .replace(URL_CREDENTIALS, "$1***@")
    .replace(SECRET_SETTING, "$1$2***")
    .replace(/\s+/g, " ")
    .trim();
  const clean = text || "unknown error";
  return clean.length > MAX_ERROR_LENGTH ? `${clean.slice(0, MAX_ERROR_LENGTH - 1)}…` : clean;
}
