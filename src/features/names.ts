/**
 * Turns any text (an event or column name from data) into a snake_case name part:
 * lower case ASCII letters, digits and single underscores.
 *
 * @example
 * toSnakeName("Export Report!"); // => "export_report"
 * toSnakeName("'; DROP TABLE--"); // => "drop_table"
 */
export function toSnakeName(text: string): string {
  const s = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  return s.length === 0 ? "x" : s;
}

/**
 * Returns `base`, or `base_2`, `base_3`, … — the first not yet in `used` — and records it.
 *
 * @example
 * const used = new Set(["events"]); uniqueName("events", used); // => "events_2"
 */
export function uniqueName(base: string, used: Set<string>): string {
  let name = base;
  for (let i = 2; used.has(name); i++) name = `${base}_${i}`;
  used.add(name);
  return name;
}
