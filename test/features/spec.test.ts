import { describe, expect, it } from "vitest";
import { SegmentLabError } from "../../src/errors.js";
import {
  DEFAULT_FAMILIES,
  featureMessages as msg,
  parseFeatureSpec,
  toSnakeName,
  toUtcIso,
  uniqueName,
} from "../../src/features/index.js";

const errorOf = (input: unknown, source?: string): string => {
  try {
    parseFeatureSpec(input, source);
  } catch (e) {
    expect(e).toBeInstanceOf(SegmentLabError);
    return (e as Error).message;
  }
  throw new Error("expected parseFeatureSpec to throw");
};

describe("parseFeatureSpec", () => {
  it("parseFeatureSpec({}) fills the defaults", () => {
    expect(parseFeatureSpec({})).toEqual({
      version: 1,
      source: "events",
      sessionGapMinutes: 30,
      families: DEFAULT_FAMILIES,
      attributes: [],
    });
  });

  it("parseFeatureSpec(json text) parses JSON and keeps given families only", () => {
    const s = parseFeatureSpec('{"families": {"recency": {}}, "window": {"lastDays": 30}}');
    expect(s.families).toEqual({ recency: {} });
    expect(s.window).toEqual({ lastDays: 30 });
  });

  it("parseFeatureSpec(spec) is idempotent", () => {
    const once = parseFeatureSpec({ window: { from: "2024-01-01" }, attributes: ["plan"] });
    expect(parseFeatureSpec(once)).toEqual(once);
  });

  it("parseFeatureSpec names the field path and value of a bad number", () => {
    expect(errorOf({ window: { lastDays: -3 } }, "spec.json")).toBe(
      msg.specInvalid("spec.json", "window.lastDays", "Too small: expected number to be >0", -3),
    );
    expect(errorOf({ window: { lastDays: -3 } }, "spec.json")).toBe(
      "spec.json: window.lastDays = -3: Too small: expected number to be >0",
    );
  });

  it("parseFeatureSpec rejects unknown keys (typos are not ignored)", () => {
    expect(errorOf({ families: { activty: {} } })).toBe(
      'spec: families: Unrecognized key: "activty"',
    );
  });

  it("parseFeatureSpec rejects a bad date and a bad enum value", () => {
    expect(errorOf({ window: { from: "01/02/2024" } })).toBe(
      "spec: window.from = '01/02/2024': expected an ISO 8601 date or date-time such as 2024-03-01 or 2024-03-01T12:00:00Z",
    );
    expect(errorOf({ source: "csv" })).toBe(
      'spec: source = \'csv\': Invalid option: expected one of "events"|"table"',
    );
    expect(errorOf({ window: { from: "2024-02-31" } })).toBe(
      "spec: window.from = '2024-02-31': not a real calendar date",
    );
  });

  it("parseFeatureSpec rejects contradictory window and events options", () => {
    expect(errorOf({ window: { lastDays: 7, from: "2024-01-01" } })).toBe(
      msg.specInvalid("spec", "window.lastDays", msg.windowLastDaysWithFrom(), undefined),
    );
    expect(errorOf({ window: { asOf: "2024-01-01" } })).toBe(
      `spec: window.asOf: ${msg.windowAsOfWithoutLastDays()}`,
    );
    expect(errorOf({ window: { from: "2024-02-01", to: "2024-01-01" } })).toBe(
      `spec: window.to: ${msg.windowEmpty("2024-02-01", "2024-01-01")}`,
    );
    expect(errorOf({ families: { events: { events: ["a"], top: 3 } } })).toBe(
      `spec: families.events.top: ${msg.eventsBothListAndTop()}`,
    );
    expect(errorOf({ source: "table", families: { activity: {} } })).toBe(
      `spec: families: ${msg.tableSpecWithFamilies(["activity"])}`,
    );
  });

  it("parseFeatureSpec reports invalid JSON with the source name", () => {
    expect(errorOf("{families:", "my-spec.json")).toMatch(/^my-spec\.json: not valid JSON \(/);
  });
});

describe("spec helpers", () => {
  it("toUtcIso(date or date-time) gives a UTC instant", () => {
    expect(toUtcIso("2024-03-01")).toBe("2024-03-01T00:00:00.000Z");
    expect(toUtcIso("2024-03-01T12:30")).toBe("2024-03-01T12:30:00.000Z");
    expect(toUtcIso("2024-03-01T12:30:00+02:00")).toBe("2024-03-01T10:30:00.000Z");
    expect(toUtcIso("2024-03-01 00:00:00.123456")).toBe("2024-03-01T00:00:00.123456Z");
  });

  it("toSnakeName(text) and uniqueName(base, used) make safe distinct names", () => {
    expect(toSnakeName("Export Report!")).toBe("export_report");
    expect(toSnakeName("createProject")).toBe("create_project");
    expect(toSnakeName("--")).toBe("x");
    const used = new Set<string>();
    expect([uniqueName("a", used), uniqueName("a", used), uniqueName("a", used)]).toEqual([
      "a",
      "a_2",
      "a_3",
    ]);
  });
});
