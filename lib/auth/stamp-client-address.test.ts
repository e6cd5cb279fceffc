import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { CLIENT_IP_HEADER, SERVER_MARK_HEADER, getClientIp } from "./client-ip";
import { stampClientAddress } from "./stamp-client-address";

function request(headers: Record<string, string>, remoteAddress?: string): IncomingMessage {
  return { headers: { ...headers }, socket: { remoteAddress } } as unknown as IncomingMessage;
}

describe("stampClientAddress", () => {
  it("replaces a client-sent address and mark with the TCP peer's", () => {
    const req = request({ [CLIENT_IP_HEADER]: "127.0.0.1", [SERVER_MARK_HEADER]: "forged" }, "::ffff:198.51.100.4");
    stampClientAddress(req, "mark-1");
    expect(req.headers[CLIENT_IP_HEADER]).toBe("::ffff:198.51.100.4");
    expect(req.headers[SERVER_MARK_HEADER]).toBe("mark-1");
    const headers = new Headers(req.headers as Record<string, string>);
    expect(getClientIp(headers, { WEDDING_SERVER_MARK: "mark-1" })).toBe("198.51.100.4");
  });

  it("leaves no client-sent address when the peer is unknown", () => {
    const req = request({ [CLIENT_IP_HEADER]: "127.0.0.1" });
    stampClientAddress(req, "mark-1");
    expect(req.headers[CLIENT_IP_HEADER]).toBeUndefined();
    const headers = new Headers(req.headers as Record<string, string>);
    expect(getClientIp(headers, { WEDDING_SERVER_MARK: "mark-1" })).toBeNull();
  });

  it("keeps the original address on a request Next.js itself forwards over loopback with this process's mark", () => {
    const req = request({ [CLIENT_IP_HEADER]: "203.0.113.9", [SERVER_MARK_HEADER]: "mark-1" }, "127.0.0.1");
    stampClientAddress(req, "mark-1");
    expect(req.headers[CLIENT_IP_HEADER]).toBe("203.0.113.9");
  });

  it("ignores a mark that is wrong, or that arrives from anywhere but loopback", () => {
    const wrong = request({ [CLIENT_IP_HEADER]: "203.0.113.9", [SERVER_MARK_HEADER]: "mark-2" }, "127.0.0.1");
    stampClientAddress(wrong, "mark-1");
    expect(wrong.headers[CLIENT_IP_HEADER]).toBe("127.0.0.1");
    const remote = request({ [CLIENT_IP_HEADER]: "127.0.0.1", [SERVER_MARK_HEADER]: "mark-1" }, "198.51.100.4");
    stampClientAddress(remote, "mark-1");
    expect(remote.headers[CLIENT_IP_HEADER]).toBe("198.51.100.4");
  });
});
