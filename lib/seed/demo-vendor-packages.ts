import { Prisma } from "@/lib/generated/prisma/client";
import type { ServiceCategory } from "@/lib/generated/prisma/enums";
import { DEMO_VENDOR_NAME } from "./catalogue";
import type { DemoPlan } from "./types";

// Packages for the demo vendors, so the vendor search has package text to
// find ("floral" finds florists through their packages too) and the detail
// pages have something to list. Fixed per category and scaled by the vendor's
// price band: deterministic, no random numbers. Runs inside the seed's
// transaction, as its admin identity; the trigger on vendor_package fills
// vendor.packages_text.

type Tx = Prisma.TransactionClient;

/** [name, description, base price in EUR at price band 1]. */
type PackageSpec = [name: string, description: string, basePrice: number];

const PACKAGES: Partial<Record<ServiceCategory, PackageSpec[]>> = {
  Florist: [
    ["Bridal bouquet", "A hand-tied bridal bouquet with a matching boutonniere, in seasonal blooms.", 180],
    [
      "Floral ceremony arch",
      "A floral arch or ceremony backdrop with garden roses and trailing greenery, set up and taken down.",
      650,
    ],
    [
      "Full floral styling",
      "Bouquets, ceremony flowers, centerpieces for every table and floral decoration of the reception.",
      2400,
    ],
  ],
  Catering: [
    ["Welcome drinks and canapés", "Six canapés per guest with prosecco and lemonade for one hour.", 18],
    ["Three-course dinner", "A plated three-course dinner with bread, water and coffee, per guest.", 55],
    ["Family-style feast", "Sharing platters of grilled fish, roast lamb and seasonal vegetables, per guest.", 65],
  ],
  Photography: [
    ["Ceremony coverage", "Four hours from the ceremony to the first dance, with an online gallery.", 900],
    ["Full day", "Getting ready to the last dance, an engagement session and a fine-art album.", 2200],
  ],
  Videography: [
    ["Highlight film", "A four-minute highlight film delivered within eight weeks.", 1100],
    ["Feature film", "A twenty-minute film with the full ceremony and speeches.", 2300],
  ],
  Music: [
    ["Ceremony music", "A string duo or trio for the ceremony and the cocktail hour.", 450],
    ["Evening party", "Five hours of live music or DJ with sound and dance-floor lighting.", 1200],
  ],
  Decoration: [
    ["Table styling", "Linen, candles and lanterns for up to 20 tables.", 700],
    ["Venue styling", "Draping, floral garlands, fairy lights and a ceremony backdrop.", 1900],
  ],
  Cake: [
    ["Two-tier cake", "A two-tier buttercream cake for up to 60 guests, decorated with fresh flowers.", 320],
    ["Dessert table", "Macarons, tartlets, baklava and a three-tier cake for up to 150 guests.", 950],
  ],
  Attire: [["Bridal gown fitting", "Three fittings and alterations for a gown from our collection.", 400]],
  Beauty: [["Bridal hair and makeup", "A trial session and the wedding-day look, with touch-ups.", 250]],
  Transport: [["Classic car", "A classic car with chauffeur for four hours, decorated with ribbons.", 350]],
  Stationery: [["Invitation suite", "Save-the-dates, invitations and place cards for 100 guests.", 600]],
  Officiant: [["Civil ceremony", "A personal ceremony written with the couple, in two languages.", 450]],
  Lighting: [["Festoon lighting", "Festoon lights and uplighting for a courtyard or marquee.", 800]],
  Rentals: [["Marquee and tables", "A marquee with farm tables and chairs for 120 guests.", 2500]],
};

/** The demo vendor (the vendor login's own) gets names of its own, so its detail page reads well. */
const DEMO_VENDOR_PACKAGES: [name: string, description: string, price: string, active: boolean][] = [
  [
    "Peony bridal bouquet",
    "A hand-tied bouquet of peonies and garden roses, with a matching boutonniere.",
    "240.00",
    true,
  ],
  [
    "Lakeside floral arch",
    "A floral ceremony arch with peonies, ranunculus and trailing vines, on the lake shore.",
    "890.00",
    true,
  ],
  [
    "Complete floral styling",
    "Bouquets, arch, aisle flowers and a floral centerpiece for every table.",
    "3200.00",
    true,
  ],
  [
    "Winter dried flowers",
    "Dried flower and pampas arrangements for winter weddings; back next season.",
    "420.00",
    false,
  ],
];

/** Packages for the plan's vendors only: vendors people added themselves are left alone. */
export async function insertDemoVendorPackages(tx: Tx, plan: DemoPlan): Promise<void> {
  const vendors = await tx.vendor.findMany({
    where: { name: { in: plan.vendors.map((v) => v.name) } },
    select: { id: true, name: true, serviceCategory: true, priceBand: true },
    orderBy: { id: "asc" },
  });
  const data = vendors.flatMap((vendor) => {
    if (vendor.name === DEMO_VENDOR_NAME) {
      return DEMO_VENDOR_PACKAGES.map(([name, description, price, active]) => ({
        vendorId: vendor.id,
        name,
        description,
        price: new Prisma.Decimal(price),
        active,
      }));
    }
    return (PACKAGES[vendor.serviceCategory] ?? []).map(([name, description, basePrice]) => ({
      vendorId: vendor.id,
      name,
      description,
      // Each band up costs half as much again: band 1 = base, band 4 = 2.5 × base.
      price: new Prisma.Decimal(((basePrice * (1 + vendor.priceBand)) / 2).toFixed(2)),
      active: true,
    }));
  });
  await tx.vendorPackage.createMany({ data });
}
