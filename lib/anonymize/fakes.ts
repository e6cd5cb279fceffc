import { createHmac } from "node:crypto";
import { base, en, Faker, fi } from "@faker-js/faker";
import type { TFakeKind } from "./catalog";

// Deterministic fakes: HMAC-SHA256(secret, kind + original) seeds faker, so
// the same value gets the same fake wherever it appears (a guest's email in
// guest, outbox and the audit trail; a name in users, client, guest and a
// plus-one list), and nothing about the original
// can be recovered without the secret. Same secret, same faker version: same
// fakes, run after run.
//
// The fakes are Finnish names and places (faker's fi locale), which the demo
// data never uses, so a fake is never mistaken for, or equal to, a demo
// person; emails use the reserved example.test domain and phones Ofcom's
// drama range (+44 7700 900xxx), so nothing in a copy reaches anyone.

export type TFakeFn = (kind: TFakeKind, original: string) => string;

const DIETS = ["Vegetarian", "Vegan", "Gluten-free", "No nuts", "Lactose-free", "No shellfish"];
const PAYMENT_METHODS = ["Bank transfer", "Card", "Cash"];

function normalize(kind: TFakeKind, value: string): string {
  return kind === "email" ? value.trim().toLowerCase() : value;
}

/** ASCII letters only, for an email's local part: "Hämäläinen" → "hamalainen". */
function asciiWord(value: string): string {
  return value
    .normalize("NFD")
    .replace(/[^A-Za-z]/g, "")
    .toLowerCase();
}

function seedFrom(digest: Buffer): number[] {
  return Array.from({ length: 8 }, (_, i) => digest.readUInt32BE(i * 4));
}

/** base64url characters of HMAC(secret, …), as many as the original had. */
function tokenLike(secret: Buffer, original: string): string {
  let out = "";
  for (let block = 0; out.length < original.length; block++) {
    out += createHmac("sha256", secret).update(`token\0${block}\0${original}`).digest("base64url");
  }
  return out.slice(0, Math.max(1, original.length));
}

export function createFaker(secret: Buffer): TFakeFn {
  if (secret.length < 16) throw new Error("The anonymization secret must be at least 16 bytes.");
  const faker = new Faker({ locale: [fi, en, base] });
  return (kind, original) => {
    if (kind === "token") return tokenLike(secret, original);
    const digest = createHmac("sha256", secret)
      .update(`${kind}\0${normalize(kind, original)}`)
      .digest();
    faker.seed(seedFrom(digest));
    const pick = (list: string[]) => list[digest.readUInt32BE(28) % list.length]!;
    switch (kind) {
      case "personName":
        return `${faker.person.firstName()} ${faker.person.lastName()}`;
      case "email": {
        const local = `${asciiWord(faker.person.firstName())}.${asciiWord(faker.person.lastName())}`;
        // The suffix keeps distinct originals distinct (users.email is unique).
        return `${local}.${digest.subarray(0, 5).toString("hex")}@example.test`;
      }
      case "phone":
        return `+44 7700 900${String(digest.readUInt16BE(0) % 1000).padStart(3, "0")}`;
      case "companyName":
        return faker.company.name().slice(0, 200);
      case "address":
        return `${faker.location.streetAddress()}, ${faker.location.city()}`.slice(0, 300);
      case "freeText":
        return faker.lorem.sentence({ min: 3, max: 12 }).slice(0, 200);
      case "paymentMethod":
        return pick(PAYMENT_METHODS);
      case "dietary":
        return pick(DIETS);
      case "weddingName":
        return `${faker.person.lastName()} & ${faker.person.lastName()} wedding`;
      case "householdName":
        return `${faker.person.lastName()} family`;
      case "messageSubject":
        return `Please reply: ${faker.lorem.words(3)}`;
      case "messageBody":
        return faker.lorem.paragraphs(3, "\n\n").slice(0, 5000);
    }
  };
}
