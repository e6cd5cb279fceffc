import http from "node:http";
import type { BrowserContext } from "@playwright/test";

// Requests from a chosen local address. server.ts tells the app the TCP
// peer's address, and playwright.config.ts allows only 127.0.0.1 (and ::1) at
// /admin, so a request bound to 127.0.0.2 is an admin outside the allowlist.
// Playwright's own request API cannot choose its source address.

export const ALLOWED_ADDRESS = "127.0.0.1";
export const OUTSIDE_ADDRESS = "127.0.0.2";

export type RawResponse = { status: number; headers: http.IncomingHttpHeaders; body: string };

export type RawRequest = {
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: Buffer;
};

export function requestFrom(localAddress: string, url: string, request: RawRequest = {}): Promise<RawResponse> {
  const body = request.body;
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      url,
      {
        method: request.method ?? "GET",
        localAddress,
        headers: { ...request.headers, ...(body ? { "content-length": String(body.length) } : {}) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        response.on("error", reject);
      },
    );
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

/** The browser context's cookies as one Cookie header, for requestFrom. */
export async function cookieHeader(context: BrowserContext): Promise<string> {
  return (await context.cookies()).map((cookie) => `${cookie.name}=${cookie.value}`).join("; ");
}
