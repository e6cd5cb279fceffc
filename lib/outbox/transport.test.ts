import { describe, expect, it } from "vitest";
import { DEFAULT_MAIL_FROM, describeSendError, getMailSettings } from "./transport";

describe("getMailSettings", () => {
  it("is off without SMTP_URL, or with a blank one", () => {
    expect(getMailSettings({})).toEqual({ kind: "off" });
    expect(getMailSettings({ SMTP_URL: "  " })).toEqual({ kind: "off" });
  });

  it("is on for smtp:// and smtps://, with MAIL_FROM or the default sender", () => {
    expect(getMailSettings({ SMTP_URL: "smtp://127.0.0.1:2525" })).toEqual({
      kind: "on",
      url: "smtp://127.0.0.1:2525",
      from: DEFAULT_MAIL_FROM,
      secrets: ["smtp://127.0.0.1:2525"],
    });
    expect(DEFAULT_MAIL_FROM).toBe("Wedding Planner <no-reply@localhost>");
    const on = getMailSettings({
      SMTP_URL: "smtps://mailer:p%40ss%2Fword@smtp.example.test",
      MAIL_FROM: "Us <us@x.test>",
    });
    expect(on).toMatchObject({ kind: "on", from: "Us <us@x.test>" });
    // The password is masked in both its written and its decoded form.
    expect(on.kind === "on" && on.secrets).toEqual(
      expect.arrayContaining([
        "p%40ss%2Fword",
        "p@ss/word",
        "mailer",
        "smtps://mailer:p%40ss%2Fword@smtp.example.test",
      ]),
    );
  });

  it("is invalid for anything else, without repeating the value", () => {
    const notUrl = getMailSettings({ SMTP_URL: "mail server with secret" });
    expect(notUrl).toEqual({ kind: "invalid", reason: expect.stringContaining("SMTP_URL is not a URL") });
    expect(JSON.stringify(notUrl)).not.toContain("secret");
    expect(getMailSettings({ SMTP_URL: "https://user:pw@mail.example.test" })).toEqual({
      kind: "invalid",
      reason: "SMTP_URL must start with smtp:// or smtps://.",
    });
  });
});

describe("describeSendError", () => {
  it("gives the code, the response code and the first line", () => {
    const error = Object.assign(new Error("Can't send mail - all recipients were rejected: 550 no\nsecond line"), {
      code: "EENVELOPE",
      responseCode: 550,
    });
    expect(describeSendError(error)).toBe("EENVELOPE 550: Can't send mail - all recipients were rejected: 550 no");
  });

  it("masks secrets, longest first, and credentials in any URL", () => {
    const error = new Error(
      "auth failed for mailer with pass-word-1 at smtp://mailer:pass-word-1@host and ftp://a:b@c",
    );
    expect(describeSendError(error, ["mailer", "pass-word-1", "pass"])).toBe(
      "auth failed for *** with *** at smtp://***@host and ftp://***@c",
    );
  });

  it("copes with things that are not errors, and keeps at most 500 characters", () => {
    expect(describeSendError("plain string")).toBe("plain string");
    expect(describeSendError(undefined)).toBe("undefined");
    expect(describeSendError(new Error(""))).toBe("Unknown error");
    const long = describeSendError(new Error("x".repeat(2000)));
    expect(long).toHaveLength(500);
  });
});
