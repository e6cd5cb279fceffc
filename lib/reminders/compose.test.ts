import { describe, expect, it } from "vitest";
import { composeReminder, type ReminderEvent } from "./compose";

const event: ReminderEvent = {
  weddingName: "Ana & Bo",
  eventName: "Reception",
  eventDate: "2027-06-12",
  startTime: "19:00",
  endTime: "01:30",
  location: "Lake House",
  rsvpDeadline: "2027-05-01",
};
const guest = { fullName: "Cleo Marsh", qrCode: "abcDEF123_-xyzABC123_-xy" };

describe("composeReminder", () => {
  it("greets the guest and gives the event, the deadline and their own RSVP link", () => {
    const { subject, body } = composeReminder(event, guest, "https://plan.example.test", "2027-04-01");
    expect(subject).toBe("Please reply: Reception (Ana & Bo)");
    expect(body).toBe(
      [
        "Dear Cleo Marsh,",
        "",
        "We have not had your reply yet for Reception, part of Ana & Bo:",
        "",
        "  12 Jun 2027, 19:00–01:30",
        "  Lake House",
        "",
        "Please let us know by 1 May 2027 whether you will come.",
        "",
        "Your personal RSVP link:",
        "https://plan.example.test/rsvp/abcDEF123_-xyzABC123_-xy",
        "",
        "This link is yours alone: please do not share it.",
        "",
        "With warm wishes,",
        "The planning team of Ana & Bo",
      ].join("\n"),
    );
  });

  it("still asks on the deadline day, and says when the deadline has passed or there is none", () => {
    expect(composeReminder(event, guest, "https://x.test", "2027-05-01").body).toContain(
      "Please let us know by 1 May 2027",
    );
    expect(composeReminder(event, guest, "https://x.test", "2027-05-02").body).toContain(
      "The reply deadline was 1 May 2027; please let us know as soon as you can whether you will come.",
    );
    expect(composeReminder({ ...event, rsvpDeadline: null }, guest, "https://x.test", "2027-05-02").body).toContain(
      "Please let us know as soon as you can whether you will come.",
    );
  });

  it("leaves out a missing location", () => {
    const { body } = composeReminder({ ...event, location: null }, guest, "https://x.test", "2027-04-01");
    expect(body).toContain("  12 Jun 2027, 19:00–01:30\n\nPlease let us know");
  });

  it("keeps the subject on one line, whatever the names hold, and at most 300 characters", () => {
    const odd = { ...event, eventName: "Brunch\r\nBcc: everyone@example.test", weddingName: "A\nB" };
    const { subject } = composeReminder(odd, guest, "https://x.test", "2027-04-01");
    expect(subject).toBe("Please reply: Brunch Bcc: everyone@example.test (A B)");
    const long = composeReminder({ ...event, eventName: "x".repeat(400) }, guest, "https://x.test", "2027-04-01");
    expect(long.subject).toHaveLength(300);
    expect(long.subject.endsWith("…")).toBe(true);
  });

  it("escapes the token in the link", () => {
    const { body } = composeReminder(event, { ...guest, qrCode: "a/b?c" }, "https://x.test", "2027-04-01");
    expect(body).toContain("https://x.test/rsvp/a%2Fb%3Fc");
  });
});
