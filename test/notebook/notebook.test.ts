import { describe, expect, it } from "vitest";
import type { TopLevelSpec } from "vega-lite";
import { segmentSizesChart } from "../../src/charts/index.js";
import type { FeatureTable } from "../../src/features/types.js";
import {
  dataFrameToRows,
  display,
  fromDataFrame,
  notebookMessages,
  toDataFrame,
  toDisplayHtml,
  toHtmlTable,
} from "../../src/notebook/index.js";

/** A fake tslab display object: records what the helpers send. */
function fakeDisplay() {
  const shown: string[] = [];
  return { shown, display: { html: (s: string) => void shown.push(s) } };
}

const table = (): FeatureTable => ({
  ids: ["u1", "u2", "u3"],
  features: [
    { name: "events", family: "activity", description: "events in the window", unit: "events" },
    { name: "days_active", family: "activity", description: "active days", unit: "days" },
  ],
  featureNames: ["events", "days_active"],
  columns: [new Float64Array([10, 0.1234567, NaN]), new Float64Array([3, 1, 2])],
  attributes: [{ name: "plan", values: ["pro", null, "<free>"] }],
});

describe("display", () => {
  it("display(spec, {display}) sends the chart as inline SVG", async () => {
    const { shown, display: d } = fakeDisplay();
    await display(segmentSizesChart([{ segmentId: 0, name: "A", size: 2, share: 1 }]), {
      display: d,
    });
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatch(/^<div class="segmentlab-chart"><svg /);
    expect(shown[0]).toContain('aria-roledescription="bar"');
    expect(shown[0]).not.toContain("<script");
  });

  it("display(spec) gives each chart of a notebook page its own SVG ids", async () => {
    const spec = {
      $schema: "https://vega.github.io/schema/vega-lite/v5.json",
      data: { values: [{ a: 1 }, { a: 2 }] },
      mark: "rect",
      encoding: { color: { field: "a", type: "quantitative" } },
    } as unknown as TopLevelSpec;
    const a = await toDisplayHtml(spec);
    const b = await toDisplayHtml(spec);
    const ids = (s: string) => [...s.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(ids(a).length).toBeGreaterThan(0);
    for (const id of ids(a)) expect(ids(b)).not.toContain(id);
  });

  it("display(featureTable, {rows, display}) shows the first rows as an escaped HTML table", async () => {
    const { shown, display: d } = fakeDisplay();
    await display(table(), { rows: 2, display: d });
    const html = shown[0]!;
    expect(html).toContain("<caption>3 rows × 4 columns (first 2 shown)</caption>");
    expect(html).toContain("<tr><th>id</th><th>events</th><th>days_active</th><th>plan</th></tr>");
    expect(html).toContain(
      '<td>u2</td><td style="text-align:right">0.1235</td><td style="text-align:right">1</td><td></td>',
    );
    expect(html).not.toContain("u3");
  });

  it("display(records) shows an array of records; missing values are empty cells", async () => {
    const { shown, display: d } = fakeDisplay();
    await display(
      [
        { a: 1, b: "<x>" },
        { a: NaN, c: true },
      ],
      { display: d },
    );
    expect(shown[0]).toBe(
      '<table class="segmentlab-table"><caption>2 rows × 3 columns</caption><thead><tr><th>a</th><th>b</th><th>c</th></tr></thead>' +
        '<tbody><tr><td style="text-align:right">1</td><td>&lt;x&gt;</td><td></td></tr>' +
        '<tr><td style="text-align:right"></td><td></td><td>true</td></tr></tbody></table>',
    );
  });

  it("display(value) rejects what it cannot show", async () => {
    const { display: d } = fakeDisplay();
    await expect(display(42 as never, { display: d })).rejects.toThrow(
      new TypeError(notebookMessages.cannotDisplay("number")),
    );
    await expect(display({ foo: 1 } as never, { display: d })).rejects.toThrow(
      new TypeError(notebookMessages.cannotDisplay("an object with keys foo")),
    );
  });

  it("toHtmlTable(value, {rows}) rejects a bad row count", () => {
    expect(() => toHtmlTable([], { rows: -1 })).toThrow(
      new RangeError(notebookMessages.invalidRows(-1)),
    );
    expect(toHtmlTable([], { rows: 0 })).toContain("<caption>0 rows × 0 columns</caption>");
  });
});

describe("danfojs interop", () => {
  it("toDataFrame(table) and fromDataFrame(df) round-trip a FeatureTable (NaN and null kept)", () => {
    const df = toDataFrame(table());
    expect(df.columns).toEqual(["id", "events", "days_active", "plan"]);
    expect(df.shape).toEqual([3, 4]);
    const back = fromDataFrame(df);
    expect(back.ids).toEqual(["u1", "u2", "u3"]);
    expect(back.featureNames).toEqual(["events", "days_active"]);
    expect(Array.from(back.columns[0]!)).toEqual([10, 0.1234567, NaN]);
    expect(Array.from(back.columns[1]!)).toEqual([3, 1, 2]);
    expect(back.attributes).toEqual([{ name: "plan", values: ["pro", null, "<free>"] }]);
    expect(back.features[0]).toEqual({
      name: "events",
      family: "table",
      description: "",
      unit: "",
    });
  });

  it("fromDataFrame(df) sorts rows by id, and numbers rows when there is no id column", async () => {
    const { DataFrame } = await import("danfojs");
    const df = new DataFrame({ id: ["b", "a", "c"], x: [2, 1, 3], tier: ["y", "x", "z"] });
    const t = fromDataFrame(df);
    expect(t.ids).toEqual(["a", "b", "c"]);
    expect(Array.from(t.columns[0]!)).toEqual([1, 2, 3]);
    expect(t.attributes[0]!.values).toEqual(["x", "y", "z"]);
    const noId = fromDataFrame(new DataFrame({ x: [5, 6] }));
    expect(noId.ids).toEqual(["0", "1"]);
    const custom = fromDataFrame(new DataFrame({ user: [7, 3], x: [1, 2] }), { idColumn: "user" });
    expect(custom.ids).toEqual(["3", "7"]);
    expect(custom.featureNames).toEqual(["x"]);
  });

  it("fromDataFrame(df) rejects a missing id column, a repeated id and a missing id", async () => {
    const { DataFrame } = await import("danfojs");
    const df = new DataFrame({ id: ["a", "a"], x: [1, 2] });
    expect(() => fromDataFrame(df)).toThrow(new TypeError(notebookMessages.duplicateId("a")));
    expect(() => fromDataFrame(df, { idColumn: "user" })).toThrow(
      new TypeError(notebookMessages.missingIdColumn("user", ["id", "x"])),
    );
    expect(() => fromDataFrame(new DataFrame({ id: ["a", null], x: [1, 2] }))).toThrow(
      new TypeError(notebookMessages.missingId(1)),
    );
  });

  it("dataFrameToRows(df) lists the rows as records, and display(df) shows them", async () => {
    const { DataFrame } = await import("danfojs");
    const df = new DataFrame({ a: [1, 2], b: ["x", "y"] });
    expect(dataFrameToRows(df)).toEqual([
      { a: 1, b: "x" },
      { a: 2, b: "y" },
    ]);
    const { shown, display: d } = fakeDisplay();
    await display(df, { display: d });
    expect(shown[0]).toContain("<caption>2 rows × 2 columns</caption>");
  });
});
