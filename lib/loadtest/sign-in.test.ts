import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookieHeader, storeSetCookies } from "./cookies";
import { SignInError, signInWithCredentials } from "./sign-in";
import { createFakeAuth, FAKE_PASSWORD } from "./testing/fake-auth";

describe("the load test's cookie jar", () => {
  it("keeps each cookie's name and value and drops the attributes", () => {
    const jar = storeSetCookies([
      "next-auth.csrf-token=abc%7Cdef; Path=/; HttpOnly; SameSite=Lax",
      "wp.session=eyJ.a=b.c; Path=/; Expires=Wed, 01 Jan 2100 00:00:00 GMT; HttpOnly",
    ]);
    expect([...jar]).toEqual([
      ["next-auth.csrf-token", "abc%7Cdef"],
      // An "=" inside the value stays in the value.
      ["wp.session", "eyJ.a=b.c"],
    ]);
    expect(cookieHeader(jar)).toBe("next-auth.csrf-token=abc%7Cdef; wp.session=eyJ.a=b.c");
    expect(cookieHeader(jar, ["wp.session"])).toBe("wp.session=eyJ.a=b.c");
  });

  it("treats an empty value, Max-Age=0 and a past Expires as deletion", () => {
    const jar = storeSetCookies(["a=1", "b=2", "c=3", "d=4"]);
    storeSetCookies(
      ["a=; Path=/", "b=x; Max-Age=0", "c=x; Expires=Thu, 01 Jan 1970 00:00:00 GMT", "d=5; Max-Age=60"],
      jar,
    );
    expect([...jar]).toEqual([["d", "5"]]);
  });

  it("ignores lines without a name", () => {
    expect(storeSetCookies(["=value", "no-equals-sign", ""]).size).toBe(0);
  });
});

describe("signInWithCredentials", () => {
  const auth = createFakeAuth();
  let server: Server;
  let baseUrl: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      void auth.handle(req, res).then((handled) => {
        if (!handled) {
          res.statusCode = 404;
          res.end();
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("sends the CSRF cookie and token back and returns only the session cookie", async () => {
    const cookie = await signInWithCredentials(baseUrl, {
      email: "planner7@bench.wedding",
      password: FAKE_PASSWORD,
      headers: { "x-forwarded-for": "198.18.0.7" },
    });
    expect(cookie).toBe("wp.session=session-of-planner7%40bench.wedding");
    expect(auth.signIns.at(-1)).toEqual({ email: "planner7@bench.wedding", address: "198.18.0.7" });
  });

  it("fails with the sign-in page's reason when the password is wrong", async () => {
    await expect(
      signInWithCredentials(baseUrl, { email: "planner7@bench.wedding", password: "wrong" }),
    ).rejects.toThrow(
      new SignInError("Sign-in as planner7@bench.wedding failed (401: Email or password is incorrect.)."),
    );
  });

  it("fails clearly when the server is not next-auth", async () => {
    const other = createServer((_req, res) => {
      res.statusCode = 404;
      res.end("Not found");
    });
    await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
      await expect(signInWithCredentials(url, { email: "x@y.z", password: "p" })).rejects.toThrow(
        /GET \/api\/auth\/csrf answered 404/,
      );
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });
});
