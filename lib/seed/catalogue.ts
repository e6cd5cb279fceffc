import type { Faker } from "@faker-js/faker";
import type { ServiceCategory, VendorStatus } from "@/lib/generated/prisma/enums";
import type { Region, VendorPlan, VenuePlan } from "./types";

// The venues and vendors every planner can book. Names are written by hand so
// the demo reads like a real catalogue; descriptions are assembled from a
// wedding vocabulary so that full-text search ("floral", "decoration",
// "photography") finds several vendors.

export const DEMO_VENDOR_NAME = "Peony & Vine Florals";

type VenueSpec = [name: string, region: Region, capacity: number, address: string];

const VENUES: VenueSpec[] = [
  ["Vodno Terrace Hall", "Skopje", 220, "Bulevar Partizanski Odredi 88, Skopje"],
  ["Old Bazaar Courtyard", "Skopje", 120, "Ulica Bitpazarska 14, Skopje"],
  ["Matka Canyon Lodge", "Skopje", 90, "Matka bb, Saraj, Skopje"],
  ["Vardar Riverside Ballroom", "Skopje", 400, "Kej 13 Noemvri 2, Skopje"],
  ["Lakeside Villa Ohrid", "Ohrid", 150, "Kej Makedonija 5, Ohrid"],
  ["St. Sophia Gardens", "Ohrid", 200, "Ulica Car Samoil 40, Ohrid"],
  ["Kaneo Cliff Terrace", "Ohrid", 80, "Kaneo 3, Ohrid"],
  ["Ohrid Pearl Ballroom", "Ohrid", 350, "Ulica Turistička 52, Ohrid"],
  ["Shirok Sokak Loft", "Bitola", 100, "Ulica Širok Sokak 61, Bitola"],
  ["Heraclea Vineyard Estate", "Bitola", 180, "Heraclea Road 7, Bitola"],
  ["Pelister Mountain Lodge", "Bitola", 70, "Nacionalen Park Pelister, Bitola"],
  ["Prespa Orchard House", "Lake Prespa", 110, "Stenje 21, Resen"],
  ["Golem Grad Shore Pavilion", "Lake Prespa", 60, "Konsko bb, Resen"],
  ["Oteshevo Lake Resort", "Lake Prespa", 240, "Oteševo bb, Resen"],
  ["Villa Cipressi", "Tuscany", 140, "Via del Chianti 12, Greve in Chianti"],
  ["Borgo San Lorenzo Estate", "Tuscany", 260, "Località San Lorenzo 4, Montalcino"],
  ["Podere delle Vigne", "Tuscany", 90, "Strada delle Vigne 9, Montepulciano"],
  ["Castello di Monteverde", "Tuscany", 300, "Via del Castello 1, San Gimignano"],
  ["Villa Bellagio Gardens", "Lake Como", 180, "Via Garibaldi 22, Bellagio"],
  ["Varenna Lakeside Terrace", "Lake Como", 100, "Riva del Lago 3, Varenna"],
  ["Mas des Lavandes", "Provence", 120, "Chemin des Lavandes, Gordes"],
  ["Château de Valmont", "Provence", 220, "Route de Valmont, Aix-en-Provence"],
  ["Bastide des Oliviers", "Provence", 160, "Chemin des Oliviers 8, Lourmarin"],
  ["Hvar Harbour Terrace", "Dalmatia", 130, "Riva 15, Hvar"],
  ["Split Palace Courtyard", "Dalmatia", 200, "Dioklecijanova 3, Split"],
  ["Korčula Stone Winery", "Dalmatia", 80, "Lumbarda 44, Korčula"],
];

type VendorSpec = [name: string, category: ServiceCategory, region: Region, status?: VendorStatus];

const VENDORS: VendorSpec[] = [
  [DEMO_VENDOR_NAME, "Florist", "Ohrid"],
  ["Wild Poppy Flower Studio", "Florist", "Skopje"],
  ["Lavender Lane Fleurs", "Florist", "Provence"],
  ["Fiori di Campo", "Florist", "Tuscany"],
  ["Olive & Oleander Florals", "Florist", "Dalmatia"],
  ["Prespa Meadow Flowers", "Florist", "Lake Prespa"],
  ["Bitola Bloom Atelier", "Florist", "Bitola"],
  ["Glicine Floral Design", "Florist", "Lake Como"],
  ["Ohrid Lake Kitchen", "Catering", "Ohrid"],
  ["Vardar Table Catering", "Catering", "Skopje"],
  ["Pelister Feast Co.", "Catering", "Bitola"],
  ["Il Convivio Catering", "Catering", "Tuscany"],
  ["Cucina di Villa", "Catering", "Lake Como"],
  ["Le Banquet Provençal", "Catering", "Provence"],
  ["Adriatic Table", "Catering", "Dalmatia"],
  ["Prespa Orchard Catering", "Catering", "Lake Prespa"],
  ["Lumen & Lake Photography", "Photography", "Ohrid"],
  ["Stone Bridge Studio", "Photography", "Skopje"],
  ["Luce Dorata Fotografia", "Photography", "Tuscany"],
  ["Golden Hour Provence", "Photography", "Provence"],
  ["Blue Coast Wedding Photo", "Photography", "Dalmatia"],
  ["Heraclea Light Photography", "Photography", "Bitola"],
  ["Como Frames", "Photography", "Lake Como"],
  ["Marko Ilievski Photography", "Photography", "Skopje", "Inactive"],
  ["Reel Romance Films", "Videography", "Skopje"],
  ["Cinema di Nozze", "Videography", "Tuscany"],
  ["Film Provençal", "Videography", "Provence"],
  ["Lake Story Films", "Videography", "Ohrid"],
  ["Ohrid Strings Quartet", "Music", "Ohrid"],
  ["DJ Vardar Nights", "Music", "Skopje"],
  ["Balkan Brass Revival", "Music", "Bitola"],
  ["Sunset Swing Band", "Music", "Dalmatia"],
  ["Quartetto Toscano", "Music", "Tuscany"],
  ["DJ Riviera", "Music", "Lake Como", "Inactive"],
  ["Les Cigales Jazz Trio", "Music", "Provence"],
  ["Prespa Folk Ensemble", "Music", "Lake Prespa"],
  ["Sole e Luna Band", "Music", "Lake Como"],
  ["Velvet & Linen Event Styling", "Decoration", "Skopje"],
  ["Lakeside Decor Ohrid", "Decoration", "Ohrid"],
  ["Atelier Décor Provence", "Decoration", "Provence"],
  ["Decorazioni Bellavista", "Decoration", "Tuscany"],
  ["Dalmatian Dream Decor", "Decoration", "Dalmatia"],
  ["Bitola Event Design", "Decoration", "Bitola", "Inactive"],
  ["Sugar & Fig Cake Studio", "Cake", "Skopje"],
  ["La Dolce Torta", "Cake", "Tuscany"],
  ["Pâtisserie des Mariés", "Cake", "Provence"],
  ["Ohrid Honey Bakery", "Cake", "Ohrid"],
  ["Split Sweet Atelier", "Cake", "Dalmatia", "Inactive"],
  ["Bela Bridal House", "Attire", "Skopje"],
  ["Sartoria Sposi Como", "Attire", "Lake Como"],
  ["Maison Blanche Bridal", "Attire", "Provence"],
  ["Glow Bridal Beauty", "Beauty", "Skopje"],
  ["Bellezza Sposa", "Beauty", "Tuscany"],
  ["Riviera Hair & Makeup", "Beauty", "Dalmatia"],
  ["Classic Cars Macedonia", "Transport", "Skopje"],
  ["Vespa Vintage Rides", "Transport", "Tuscany", "Suspended"],
  ["Paper Swallow Stationery", "Stationery", "Ohrid"],
  ["Carta Fina Inviti", "Stationery", "Tuscany"],
  ["Celebrant Elena Markovska", "Officiant", "Ohrid"],
  ["Fairy Light Works", "Lighting", "Skopje"],
  ["Luminarie Eventi", "Lighting", "Tuscany"],
  ["Rustic Rentals Balkans", "Rentals", "Bitola"],
  ["Tables & Tents Adriatic", "Rentals", "Dalmatia"],
];

type Vocabulary = { opener: (region: Region) => string; sentences: string[] };

const VOCABULARY: Partial<Record<ServiceCategory, Vocabulary>> = {
  Florist: {
    opener: (r) => `A floral design studio in ${r} creating wedding flowers with a garden feel.`,
    sentences: [
      "We design bridal bouquets, boutonnieres and flower crowns with peonies, garden roses, ranunculus and eucalyptus.",
      "Our floral arches and ceremony installations frame the moment you say yes.",
      "Centerpieces range from low garden-style arrangements to tall candelabra designs with trailing greenery.",
      "Seasonal, locally grown blooms keep every design fresh and sustainable.",
      "We handle setup and breakdown on the day, including aisle decoration and reception table flowers.",
      "Dried flower and pampas grass arrangements are available for autumn and winter weddings.",
    ],
  },
  Catering: {
    opener: (r) => `Wedding catering from ${r}, from canapés at the welcome drinks to the late-night snack.`,
    sentences: [
      "Menus follow the season: local cheeses, grilled lake fish, slow-roasted lamb and fresh pasta.",
      "We cater plated dinners, family-style sharing tables and grazing boards for up to 400 guests.",
      "Vegetarian, vegan, gluten-free and nut-free menus are prepared in a separate kitchen section.",
      "A menu tasting for the couple is included once the booking is confirmed.",
      "Our waiting staff, bar service and wine pairing are available as one package.",
    ],
  },
  Photography: {
    opener: (r) => `Documentary wedding photography based in ${r}.`,
    sentences: [
      "We photograph the whole day, from getting ready to the first dance, in a natural, unposed style.",
      "Every package includes an engagement session and an online gallery within six weeks.",
      "Golden-hour portraits of the couple are planned together with the timeline.",
      "Fine-art albums and prints are hand-bound by a local bookbinder.",
      "Drone photography of the venue is available where it is permitted.",
    ],
  },
  Videography: {
    opener: (r) => `Cinematic wedding films made in ${r}.`,
    sentences: [
      "A highlight film of four to six minutes and the full ceremony are delivered within two months.",
      "We record vows and speeches with separate audio so every word is clear.",
      "Same-day edits can be screened at the reception.",
    ],
  },
  Music: {
    opener: (r) => `Live music and DJ sets for weddings across ${r}.`,
    sentences: [
      "A string quartet for the ceremony, a jazz trio for the cocktail hour and a band for the dance floor.",
      "Our DJs mix current hits, classic dance music and traditional wedding songs.",
      "Sound system, microphones for speeches and dance-floor lighting are included.",
      "We learn the couple's first-dance song on request.",
    ],
  },
  Decoration: {
    opener: (r) => `Wedding decoration and event styling in ${r}.`,
    sentences: [
      "Table styling, linen, draping, candles and lanterns tailored to the venue.",
      "We pair floral garlands with fairy lights and vintage furniture for a relaxed garden look.",
      "Welcome signs, seating charts and ceremony backdrops are designed in-house.",
      "Decoration is set up the day before and removed after the last guest leaves.",
    ],
  },
  Cake: {
    opener: (r) => `Wedding cakes and dessert tables baked in ${r}.`,
    sentences: [
      "Tiered buttercream cakes decorated with fresh flowers and seasonal fruit.",
      "Dessert tables with macarons, baklava, tartlets and a candy bar.",
      "Tastings of up to four flavours are held in our studio.",
    ],
  },
  Attire: {
    opener: (r) => `Bridal gowns and suits, fitted in ${r}.`,
    sentences: [
      "Designer wedding dresses, veils and accessories, with alterations included.",
      "Made-to-measure suits for the groom and the groomsmen.",
    ],
  },
  Beauty: {
    opener: (r) => `Bridal hair and makeup in ${r}.`,
    sentences: [
      "A trial session before the wedding and touch-ups through the day.",
      "We come to the venue for the bride, the bridesmaids and the mothers.",
    ],
  },
  Transport: {
    opener: (r) => `Wedding transport around ${r}.`,
    sentences: [
      "Classic cars with a chauffeur, decorated with ribbons and flowers.",
      "Shuttle buses bring guests between the ceremony, the reception and the hotels.",
    ],
  },
  Stationery: {
    opener: (r) => `Wedding stationery designed and printed in ${r}.`,
    sentences: [
      "Save-the-dates, invitations, menus and place cards on cotton paper.",
      "Calligraphy for envelopes and seating charts matches the floral decoration theme.",
    ],
  },
  Officiant: {
    opener: (r) => `A civil celebrant for ceremonies in ${r}.`,
    sentences: ["Personal ceremonies in Macedonian and English, written together with the couple."],
  },
  Lighting: {
    opener: (r) => `Event lighting for weddings in ${r}.`,
    sentences: [
      "Festoon lights, uplighting and candles turn a courtyard into a reception hall.",
      "Lighting decoration is designed around the floral installations and the dance floor.",
    ],
  },
  Rentals: {
    opener: (r) => `Furniture and tent rentals for weddings in ${r}.`,
    sentences: [
      "Marquees, farm tables, crossback chairs and lounge furniture.",
      "Tableware, glassware and linen for up to 300 guests, delivered and collected.",
    ],
  },
};

export function buildVenues(): VenuePlan[] {
  return VENUES.map(([name, region, capacity, address]) => ({ name, region, capacity, address }));
}

export function buildVendors(faker: Faker, vendorUserEmail: string): VendorPlan[] {
  return VENDORS.map(([name, serviceCategory, region, status = "Active"]) => ({
    name,
    serviceCategory,
    region,
    status,
    description: describeVendor(faker, serviceCategory, region),
    priceBand: faker.number.int({ min: 1, max: 4 }),
    userEmail: name === DEMO_VENDOR_NAME ? vendorUserEmail : null,
  }));
}

function describeVendor(faker: Faker, category: ServiceCategory, region: Region): string {
  const vocabulary = VOCABULARY[category];
  if (!vocabulary) return `Wedding services in ${region}.`;
  const count = Math.min(vocabulary.sentences.length, faker.number.int({ min: 2, max: 3 }));
  return [vocabulary.opener(region), ...faker.helpers.arrayElements(vocabulary.sentences, count)].join(" ");
}
