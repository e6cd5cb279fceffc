import { describe, expect, it } from "vitest";
import { actorIds, describeActor, parseActor, type ActorDirectory } from "./actor";

const directory: ActorDirectory = {
  users: new Map([[5, { name: "Pia Planner", email: "pia@example.test" }]]),
  guests: new Map([[12, { fullName: "Ana Petrova" }]]),
};

describe("describeActor", () => {
  it("names accounts and guests, keeping the raw actor", () => {
    expect(describeActor("user:5", directory)).toEqual({ raw: "user:5", label: "Pia Planner (pia@example.test)" });
    expect(describeActor("guest:12", directory)).toEqual({ raw: "guest:12", label: "Guest: Ana Petrova" });
  });

  it("says when the person is gone", () => {
    expect(describeActor("user:6", directory).label).toBe("Unknown user #6");
    expect(describeActor("guest:13", directory).label).toBe("Unknown guest #13");
  });

  it("calls user:0 the system and anything else a database role", () => {
    expect(describeActor("user:0", directory).label).toBe("System");
    expect(describeActor("wedding_app", directory).label).toBe("Database role wedding_app");
    expect(describeActor("user:99999999999", directory).label).toBe("Database role user:99999999999");
  });
});

describe("actorIds", () => {
  it("collects distinct account and guest ids, skipping the system and roles", () => {
    expect(actorIds(["user:5", "user:5", "guest:12", "user:0", "postgres", "user:x"])).toEqual({
      userIds: [5],
      guestIds: [12],
    });
  });

  it("parses only the exact forms", () => {
    expect(parseActor("user:5 ")).toEqual({ kind: "role", name: "user:5 " });
    expect(parseActor("guest:7")).toEqual({ kind: "guest", id: 7 });
  });
});
