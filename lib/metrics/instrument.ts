import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { assignRequestId } from "@/lib/log/request-id";
import { observeHttpRequest } from "./registry";
import { routeLabel } from "./routes";

/**
 * For server.ts, on every request: gives it an id (x-request-id, in the request
 * for the app and in the response), and when the response is done, records its
 * latency under its route pattern and writes one log line. Returns the id.
 */
export function instrumentRequest(
  req: IncomingMessage,
  res: ServerResponse,
  routes: readonly string[],
  log: Logger,
): string {
  const reqId = assignRequestId(req, res);
  const started = process.hrtime.bigint();
  res.once("close", () => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const route = routeLabel(req.url, routes);
    // 499: the client went away before the response was complete (nginx's convention).
    const status = res.writableFinished ? res.statusCode : 499;
    observeHttpRequest(req.method ?? "GET", route, status, seconds);
    // The route pattern, never the raw path: paths carry RSVP and calendar tokens.
    const entry = { reqId, method: req.method, route, status, ms: Math.round(seconds * 10_000) / 10 };
    if (route.startsWith("/_next")) log.debug(entry, "request");
    else log.info(entry, "request");
  });
  return reqId;
}
