import type { Faker } from "@faker-js/faker";
import { chance, toEmailPart } from "./values";

// Names and contact details in the languages of the demo's regions, so that a
// wedding at Lake Ohrid has mostly Macedonian guests and one in Tuscany
// mostly Italian ones.

export type Culture = "mk" | "it" | "fr" | "hr" | "en";

type NamePool = { female: string[]; male: string[]; surnames: string[]; phone: () => string };

/** Names separated by spaces: one line per pool instead of one line per name. */
function list(names: string): string[] {
  return names.split(" ");
}

function digits(faker: Faker, count: number): string {
  return faker.string.numeric({ length: count, allowLeadingZeros: true });
}

function namePools(faker: Faker): Record<Culture, NamePool> {
  return {
    mk: {
      female: list("Ana Marija Elena Ivana Sara Jovana Teodora Simona Katerina Biljana Aleksandra Mila"),
      male: list("Marko Nikola Stefan Aleksandar Filip Darko Goran Bojan Igor Viktor Dimitar Luka"),
      surnames: list(
        "Petrov Nikolovski Stojanovski Trajkovski Dimitrov Georgiev Jovanovski Angelov Ristovski Kostov Ilievski Todorov Mitrevski Popov Spasovski Velkovski Atanasov Naumovski Zdravkovski Pavlov",
      ),
      phone: () => `+389 7${digits(faker, 1)} ${digits(faker, 3)} ${digits(faker, 3)}`,
    },
    it: {
      female: list("Giulia Chiara Francesca Sofia Martina Elisa Valentina Alessia Federica Beatrice"),
      male: list("Luca Matteo Lorenzo Alessandro Davide Marco Andrea Giovanni Tommaso Riccardo"),
      surnames: list(
        "Rossi Bianchi Romano Colombo Ricci Marino Greco Conti Gallo Fontana Moretti Barbieri Lombardi Esposito",
      ),
      phone: () => `+39 3${digits(faker, 2)} ${digits(faker, 3)} ${digits(faker, 4)}`,
    },
    fr: {
      female: list("Camille Léa Manon Chloé Inès Juliette Louise Clémence Margaux Élise"),
      male: list("Louis Hugo Théo Antoine Julien Maxime Nicolas Pierre Baptiste Mathieu"),
      surnames: list(
        "Martin Bernard Dubois Laurent Moreau Girard Fournier Lefèvre Mercier Blanc Garnier Chevalier Roux",
      ),
      phone: () => `+33 6 ${digits(faker, 2)} ${digits(faker, 2)} ${digits(faker, 2)} ${digits(faker, 2)}`,
    },
    hr: {
      female: list("Ivana Petra Lucija Maja Ana Katarina Marina Nika Dora Lana"),
      male: list("Ivan Luka Josip Marko Tomislav Ante Mario Filip Karlo Dario"),
      surnames: list("Horvat Kovačević Babić Marić Jurić Novak Knežević Vuković Perić Matić Šarić Tomić Pavlović"),
      phone: () => `+385 9${digits(faker, 1)} ${digits(faker, 3)} ${digits(faker, 4)}`,
    },
    en: {
      female: list("Emily Olivia Charlotte Amelia Grace Hannah Lucy Sophie Emma Abigail"),
      male: list("James Oliver William Harry Thomas Jack George Daniel Samuel Michael"),
      surnames: list("Smith Johnson Taylor Brown Wilson Davies Evans Walker Wright Thompson Clarke Hughes Miller"),
      phone: () => `+44 7${digits(faker, 3)} ${digits(faker, 6)}`,
    },
  };
}

export type PersonFactory = {
  firstName: (culture: Culture, sex: "female" | "male") => string;
  surname: (culture: Culture) => string;
  phone: (culture: Culture) => string;
  /** A guest's culture: mostly the couple's, sometimes a friend from elsewhere. */
  guestCulture: (coupleCulture: Culture) => Culture;
  email: (first: string, last: string) => string;
};

export function createPersonFactory(faker: Faker): PersonFactory {
  const pools = namePools(faker);
  const cultures = Object.keys(pools) as Culture[];
  return {
    firstName: (culture, sex) => faker.helpers.arrayElement(pools[culture][sex]),
    surname: (culture) => faker.helpers.arrayElement(pools[culture].surnames),
    phone: (culture) => pools[culture].phone(),
    guestCulture: (coupleCulture) => (chance(faker, 0.8) ? coupleCulture : faker.helpers.arrayElement(cultures)),
    // example.com and example.org are reserved: a demo e-mail never reaches anyone.
    email: (first, last) =>
      `${toEmailPart(first, last)}${chance(faker, 0.3) ? faker.number.int({ min: 1, max: 99 }) : ""}@${faker.helpers.arrayElement(["example.com", "example.org"])}`,
  };
}
