import type {
  BookingStatus,
  EventStatus,
  EventType,
  ExpenseStatus,
  PaymentStatus,
  RsvpStatus,
  ServiceCategory,
  UserRole,
  VendorStatus,
  WeddingStatus,
} from "@/lib/generated/prisma/enums";
import type { Cents } from "./values";

// The demo data as plain values, built before anything touches the database.
// Rows refer to each other by natural keys (e-mail, name, QR code) because the
// database assigns the ids.

export type Region = "Skopje" | "Ohrid" | "Bitola" | "Lake Prespa" | "Tuscany" | "Lake Como" | "Provence" | "Dalmatia";

export type UserPlan = {
  email: string;
  name: string;
  role: Exclude<UserRole, "guest">;
  password: string;
  salt: Uint8Array;
};

export type PlannerPlan = { email: string; companyName: string; phone: string };

export type VenuePlan = { name: string; region: Region; capacity: number; address: string };

export type VendorPlan = {
  name: string;
  serviceCategory: ServiceCategory;
  region: Region;
  status: VendorStatus;
  description: string;
  priceBand: number;
  userEmail: string | null;
};

export type ClientPlan = {
  name: string;
  email: string;
  phone: string;
  primaryContact: string;
  alternateContact: string;
};

export type EventPlan = {
  name: string;
  eventType: EventType;
  region: Region;
  eventDate: Date;
  startTime: Date;
  endTime: Date;
  status: EventStatus;
  location: string;
  notes: string | null;
};

export type RsvpPlan = {
  eventName: string;
  status: RsvpStatus;
  mealChoice: string | null;
  plusOnes: number;
  plusOneNames: string[];
  respondedAt: Date | null;
};

export type GuestPlan = {
  fullName: string;
  email: string | null;
  phone: string | null;
  dietaryPreference: string | null;
  qrCode: string;
  rsvps: RsvpPlan[];
};

export type HouseholdPlan = { name: string; plusOneAllowance: number; guests: GuestPlan[] };

export type BudgetPlan = { category: string; amount: Cents; notes: string | null };

export type ExpensePlan = {
  category: string;
  description: string;
  amount: Cents;
  status: ExpenseStatus;
  incurredOn: Date;
  eventName: string | null;
  vendorName: string | null;
};

export type PaymentPlan = {
  amount: Cents;
  status: PaymentStatus;
  /** The day it was paid, or for a payment still due, its due date (the partition key cannot be NULL). */
  paymentDate: Date;
  dueDate: Date;
  method: string | null;
};

export type BookingPlan = {
  venueName: string | null;
  vendorName: string | null;
  bookingDate: Date;
  eventDate: Date;
  status: BookingStatus;
  totalCost: Cents;
  notes: string | null;
  payments: PaymentPlan[];
};

export type WeddingPlan = {
  plannerEmail: string;
  client: ClientPlan;
  name: string;
  weddingDate: Date;
  status: WeddingStatus;
  guestCountTarget: number;
  currency: string;
  rsvpDeadline: Date;
  region: Region;
  events: EventPlan[];
  households: HouseholdPlan[];
  budgets: BudgetPlan[];
  expenses: ExpensePlan[];
  bookings: BookingPlan[];
};

export type DemoPlan = {
  users: UserPlan[];
  planners: PlannerPlan[];
  venues: VenuePlan[];
  vendors: VendorPlan[];
  weddings: WeddingPlan[];
};
