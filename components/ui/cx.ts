type ClassValue = string | false | null | undefined;

/** Joins the class names that are set. */
export function cx(...classes: ClassValue[]): string {
  return classes.filter(Boolean).join(" ");
}
