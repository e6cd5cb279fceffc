import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

// Every request gets an id, which server.ts writes into the request (for the
// app: headers().get("x-request-id")) and into the response, and which every
// log line about the request carries. An id sent by the client is ignored,
// unless the app runs behind a proxy (TRUSTED_PROXY_HEADER) that sets it:
// then the proxy's logs and ours share the id.

export const REQUEST_ID_HEADER = "x-request-id";
const WELL_FORMED = /^[A-Za-z0-9._:-]{8,128}$/;

export function chooseRequestId(
  sent: string | string[] | undefined,
  env: Record<string, string | undefined> = process.env,
  generate: () => string = randomUUID,
): string {
  const trusted = Boolean(env.TRUSTED_PROXY_HEADER?.trim());
  if (trusted && typeof sent === "string" && WELL_FORMED.test(sent)) return sent;
  return generate();
}

export function assignRequestId(req: IncomingMessage, res: ServerResponse): string {
  const id = chooseRequestId(req.headers[REQUEST_ID_HEADER]);
  req.headers[REQUEST_ID_HEADER] = id;
  res.setHeader(REQUEST_ID_HEADER, id);
  return id;
}
