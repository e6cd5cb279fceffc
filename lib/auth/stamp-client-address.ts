import type { IncomingMessage } from "node:http";
import { CLIENT_IP_HEADER, SERVER_MARK_HEADER } from "./client-ip";

// server.ts runs this on every request before Next.js sees it: whatever the
// client sent under these names is dropped, and the TCP peer's address is
// written in its place, with the per-process mark that proves server.ts did it.

export function stampClientAddress(req: IncomingMessage, mark: string): void {
  delete req.headers[CLIENT_IP_HEADER];
  delete req.headers[SERVER_MARK_HEADER];
  const peer = req.socket?.remoteAddress;
  if (peer) req.headers[CLIENT_IP_HEADER] = peer;
  req.headers[SERVER_MARK_HEADER] = mark;
}
