// Words for the benchmark's generated text. Vendor descriptions draw from
// VENDOR_WORDS with a Zipf-like skew (earlier words are far more frequent), and
// about 1 vendor in 100 also gets one RARE_WORDS term, so full-text matches run
// from a few hundred vendors to most of them.

export const VENDOR_WORDS = [
  "wedding", "service", "team", "day", "experience", "professional", "style", "couples", "beautiful", "event",
  "package", "bespoke", "family", "photography", "flowers", "music", "catering", "venue", "modern", "classic",
  "elegant", "rustic", "natural", "garden", "local", "seasonal", "menu", "portrait", "candid", "ceremony",
  "reception", "dinner", "dance", "band", "dj", "live", "acoustic", "string", "quartet", "cake",
  "pastry", "dessert", "bouquet", "floral", "arrangement", "decor", "lighting", "marquee", "tent", "barn",
  "castle", "beach", "countryside", "city", "destination", "intimate", "luxury", "affordable", "award", "winning",
  "friendly", "relaxed", "documentary", "film", "video", "drone", "editing", "album", "print", "stationery",
  "invitation", "calligraphy", "signage", "transport", "vintage", "car", "coach", "hair", "makeup", "bridal",
  "gown", "suit", "tailoring", "alterations", "jewellery", "rings", "officiant", "celebrant", "humanist", "vows",
  "planning", "coordination", "styling", "hire", "furniture", "tableware", "linen", "chairs", "lounge", "bar",
  "cocktail", "wine", "champagne", "prosecco", "canapes", "buffet", "banquet", "vegan", "vegetarian", "gluten",
  "organic", "sustainable", "zero", "waste", "heritage", "historic", "manor", "estate", "vineyard", "orchard",
  "lakeside", "woodland", "meadow", "coastal", "harbour", "rooftop", "loft", "industrial", "warehouse", "gallery",
  "chapel", "church", "registry", "civil", "partnership", "elopement", "microwedding", "anniversary", "engagement", "proposal",
  "shoot", "prewedding", "album", "heirloom", "keepsake", "guestbook", "favours", "confetti", "fireworks", "sparklers",
  "photobooth", "magician", "caricaturist", "ceilidh", "swing", "jazz", "soul", "motown", "choir", "gospel",
  "harpist", "violinist", "pianist", "saxophonist", "singer", "guitarist", "mariachi", "bagpiper", "steel", "drums",
  "lanterns", "fairy", "lights", "uplighting", "projection", "draping", "backdrop", "arch", "aisle", "petals",
  "peonies", "roses", "hydrangeas", "wildflowers", "eucalyptus", "dried", "pampas", "succulents", "orchids", "tulips",
  "macarons", "cupcakes", "doughnuts", "cheese", "tower", "grazing", "platter", "barbecue", "hog", "roast",
];

export const RARE_WORDS = [
  "letterpress", "origami", "taxidermy", "falconry", "dovecote", "zeppelin", "gondola", "tuk", "rickshaw", "sidecar",
  "hovercraft", "yurt", "tipi", "igloo", "treehouse", "lighthouse", "observatory", "planetarium", "aquarium", "bowling",
  "karaoke", "silhouette", "tintype", "daguerreotype", "polaroid", "cyanotype", "marquetry", "embroidery", "quilting", "crochet",
  "kintsugi", "bonsai", "ikebana", "topiary", "espalier", "mead", "kombucha", "absinthe", "sake", "calvados",
  "churros", "croquembouche", "baklava", "pavlova", "tiramisu", "gelato", "sorbet", "fondue", "raclette", "paella",
];

/** The terms the benchmark searches for: frequent ones and ones a few hundred vendors share. */
export const BENCH_TERMS = {
  common: ["photography", "rustic", "garden", "floral", "band"],
  rare: ["falconry", "croquembouche", "cyanotype", "zeppelin", "kintsugi"],
};

export const FIRST_NAMES = [
  "Olivia", "Liam", "Emma", "Noah", "Amelia", "Oliver", "Ava", "Elijah", "Sophia", "Lucas",
  "Isla", "Mateo", "Mia", "Leo", "Freya", "Arthur", "Grace", "Luca", "Chloe", "Hugo",
  "Aisha", "Omar", "Priya", "Arjun", "Mei", "Hiroshi", "Sofia", "Diego", "Zara", "Tomasz",
  "Ingrid", "Lars", "Chiara", "Marco", "Fatima", "Yusuf", "Nia", "Kwame", "Elena", "Ivan",
];

export const SURNAMES = [
  "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Wright",
  "Robinson", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson",
  "Garcia", "Martinez", "Rossi", "Müller", "Schmidt", "Dubois", "Novak", "Kowalski", "Nguyen", "Kim",
  "Okafor", "Mensah", "Haddad", "Khan", "Singh", "O'Brien", "MacLeod", "Jensen", "Larsen", "Silva",
];

export const REGIONS = [
  "London", "South East", "South West", "East of England", "West Midlands", "East Midlands", "Yorkshire", "North West",
  "North East", "Wales", "Scotland", "Northern Ireland", "Dublin", "Paris", "Provence", "Tuscany",
  "Lake Como", "Amalfi", "Barcelona", "Mallorca", "Algarve", "Lisbon", "Berlin", "Bavaria",
];

export const VENUE_WORDS = {
  adjectives: ["Old", "Grand", "Little", "Royal", "Green", "Silver", "Golden", "Hidden", "White", "Wild"],
  nouns: ["Barn", "Manor", "Hall", "Orangery", "Mill", "Abbey", "Lodge", "Court", "House", "Gardens"],
};

export const BUDGET_CATEGORIES = [
  "Venue", "Catering", "Photography", "Flowers", "Music", "Attire", "Stationery", "Transport",
];
