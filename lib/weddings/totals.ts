import type { WeddingSummary } from "./queries";

export type WeddingTotals = { weddings: number; guests: number };

export function getWeddingTotals(weddings: Pick<WeddingSummary, "guestCount">[]): WeddingTotals {
  return {
    weddings: weddings.length,
    guests: weddings.reduce((sum, wedding) => sum + wedding.guestCount, 0),
  };
}
