import { Faker, base, en } from "@faker-js/faker";

// Building blocks for the demo data. Every random choice comes from one seeded
// Faker and every relative date from DEMO_TODAY, never from the clock, so the
// seed writes the same rows on any machine and on any day.

export const DEMO_SEED = 20261101;
export const DEMO_TODAY = utcDate(2026, 11, 1);

const DAY_MS = 86_400_000;

export function createDemoFaker(): Faker {
  const faker = new Faker({ locale: [en, base], seed: DEMO_SEED });
  faker.setDefaultRefDate(DEMO_TODAY);
  return faker;
}

/** A calendar day (DATE column) as midnight UTC; month is 1-based. */
export function utcDate(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month - 1, day));
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

export function daysBetween(from: Date, to: Date): number {
  return Math.round((to.getTime() - from.getTime()) / DAY_MS);
}

export function minDate(a: Date, b: Date): Date {
  return a <= b ? a : b;
}

export function maxDate(a: Date, b: Date): Date {
  return a >= b ? a : b;
}

/** The first day on or after `date` that falls on `weekday` (0 = Sunday). */
export function nextWeekday(date: Date, weekday: number): Date {
  return addDays(date, (weekday - date.getUTCDay() + 7) % 7);
}

/** A TIME column value: Prisma carries it as a Date on 1970-01-01 UTC. */
export function timeOfDay(hours: number, minutes = 0): Date {
  return new Date(Date.UTC(1970, 0, 1, hours, minutes));
}

/** A moment on a given day (TIMESTAMPTZ column). */
export function atTime(day: Date, hours: number, minutes = 0): Date {
  return new Date(day.getTime() + (hours * 60 + minutes) * 60_000);
}

export function randomDay(faker: Faker, from: Date, to: Date): Date {
  if (to <= from) return from;
  return addDays(from, faker.number.int({ min: 0, max: daysBetween(from, to) }));
}

export function randomMoment(faker: Faker, from: Date, to: Date): Date {
  const day = randomDay(faker, from, to);
  return atTime(day, faker.number.int({ min: 8, max: 21 }), faker.number.int({ min: 0, max: 59 }));
}

// Money stays in integer cents until it is written as a NUMERIC string, so no
// amount ever passes through a binary float.
export type Cents = number;

export function formatCents(cents: Cents): string {
  if (!Number.isSafeInteger(cents) || cents < 0) throw new Error(`Not an amount in cents: ${cents}`);
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}

/** `cents * fraction`, rounded to a multiple of `step` cents. */
export function scaleCents(cents: Cents, fraction: number, step = 100): Cents {
  return Math.max(step, Math.round((cents * fraction) / step) * step);
}

/** Splits `total` into `parts` positive amounts that add up to it exactly. */
export function splitCents(faker: Faker, total: Cents, parts: number): Cents[] {
  if (parts <= 1 || total < parts * 100) return [total];
  const weights = Array.from({ length: parts }, () => faker.number.int({ min: 3, max: 10 }));
  const sum = weights.reduce((a, b) => a + b, 0);
  const amounts = weights.slice(0, -1).map((w) => Math.max(1, Math.floor((total * w) / sum)));
  return [...amounts, total - amounts.reduce((a, b) => a + b, 0)];
}

/** 18 seeded random bytes as base64url: the shape of the database's own default. */
export function createQrCode(faker: Faker): string {
  return Buffer.from(randomBytes(faker, 18)).toString("base64url");
}

export function randomBytes(faker: Faker, length: number): Uint8Array {
  return Uint8Array.from({ length }, () => faker.number.int(255));
}

export function chance(faker: Faker, probability: number): boolean {
  return faker.number.float({ min: 0, max: 1 }) < probability;
}

/** Lowercase ASCII for e-mail local parts ("Štefan Ćorić" -> "stefan.coric"). */
export function toEmailPart(...words: string[]): string {
  return words
    .join(".")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/gi, "d")
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, "");
}
