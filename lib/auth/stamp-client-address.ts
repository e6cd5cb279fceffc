import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { CLIENT_IP_HEADER, SERVER_MARK_HEADER } from "./client-ip";

// server.ts runs this on every request before Next.js sees it: whatever the
// client sent under these names is dropped, and the TCP peer's address is
// written in its place, with the per-process mark that proves server.ts did it.
//
// One exception: Next.js forwards a server action posted to a page that does
// not own it with its own fetch over loopback, copying the original headers.
// That request carries this process's secret mark, which no client can know,
// so it keeps the address stamped on the original request instead of getting
// 127.0.0.1 (which would let an admin outside the allowlist through).

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

function sameMark(sent: string | string[] | undefined, mark: string): boolean {
  if (typeof sent !== "string" || sent.length !== mark.length) return false;
  return timingSafeEqual(Buffer.from(sent), Buffer.from(mark));
}

export function stampClientAddress(req: IncomingMessage, mark: string): void {
  const peer = req.socket?.remoteAddress;
  const forwardedByThisServer =
    !!peer &&
    LOOPBACK.has(peer) &&
    sameMark(req.headers[SERVER_MARK_HEADER], mark) &&
    typeof req.headers[CLIENT_IP_HEADER] === "string";
  if (forwardedByThisServer) return;
  delete req.headers[CLIENT_IP_HEADER];
  delete req.headers[SERVER_MARK_HEADER];
  if (peer) req.headers[CLIENT_IP_HEADER] = peer;
  req.headers[SERVER_MARK_HEADER] = mark;
}
