import { describe, expect, it } from "vitest";
import {
  chartMessages,
  kScanChart,
  pcaMapChart,
  profileHeatmapChart,
  renderSvg,
  segmentSizesChart,
} from "../../src/charts/index.js";
import type { TopLevelSpec } from "vega-lite";
import { demoKScan, demoProfile, demoSizes } from "./demo-data.js";

/** Drawn mark items of one kind ("bar", "circle", "text mark", …): vega labels each for screen readers. */
function markItems(svg: string, role: string): number {
  return svg.split(`role="graphics-symbol" aria-roledescription="${role}"`).length - 1;
}

const tinySizes = [
  { segmentId: 0, name: "A", size: 5, share: 0.5 },
  { segmentId: 1, name: "B", size: 3, share: 0.3 },
  { segmentId: 4, name: "C", size: 2, share: 0.2 },
];

describe("renderSvg", () => {
  it("renderSvg(segmentSizesChart(sizes)) draws one bar and one label per segment", async () => {
    const svg = await renderSvg(segmentSizesChart(tinySizes));
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.endsWith("</svg>")).toBe(true);
    expect(markItems(svg, "bar")).toBe(3);
    expect(markItems(svg, "text mark")).toBe(3);
    expect((svg.match(/<text[^>]*>5 \(50%\)<\/text>/g) ?? []).length).toBe(1);
    // Fixed colours by id: segment 4 gets palette colour 4.
    expect(svg).toContain('fill="#76b7b2"');
    expect(svg).toContain('fill="#4e79a7"');
  });

  it("renderSvg(spec) of a 3-point scatter draws 3 symbols", async () => {
    const spec = pcaMapChart({
      points: [
        { x: 0, y: 0, segmentId: 0 },
        { x: 1, y: 1, segmentId: 0 },
        { x: 2, y: 0, segmentId: 1 },
      ],
      segments: [
        { segmentId: 0, name: "A" },
        { segmentId: 1, name: "B" },
      ],
    });
    const svg = await renderSvg(spec);
    // Users: unlabelled for screen readers (thousands of them), counted in their mark group.
    const users = svg.slice(
      svg.indexOf("layer_0_marks"),
      svg.indexOf("</g>", svg.indexOf("layer_0_marks")),
    );
    expect(users.split("<path").length - 1).toBe(3);
    expect(markItems(svg, "point")).toBe(2); // segment centres
    expect(markItems(svg, "text mark")).toBe(2); // centre labels
  });

  it("renderSvg(spec) is deterministic, even after other charts moved vega's id counters", async () => {
    const spec = profileHeatmapChart(demoProfile); // its legend gradient and clip get ids
    const a = await renderSvg(spec);
    await renderSvg(kScanChart(demoKScan, { chosenK: 4 }));
    const b = await renderSvg(spec);
    expect(b).toBe(a);
    expect(a).toMatch(/id="vg-1"/);
  });

  it("renderSvg(spec, {idPrefix}) renames every id and its references", async () => {
    const svg = await renderSvg(profileHeatmapChart(demoProfile), { idPrefix: "chart7" });
    const ids = [...svg.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(id).toMatch(/^chart7-\d+$/);
    for (const m of svg.matchAll(/url\(#([^)]+)\)/g)) expect(ids).toContain(m[1]);
  });

  it("renderSvg(spec, {scale}) scales the SVG size", async () => {
    const spec = segmentSizesChart(demoSizes);
    const one = await renderSvg(spec);
    const two = await renderSvg(spec, { scale: 2 });
    const width = (s: string) => Number(/width="([\d.]+)"/.exec(s)![1]);
    expect(width(two)).toBeCloseTo(2 * width(one), 6);
  });

  it("renderSvg(spec, {onWarning}) hands vega-lite warnings to the caller instead of printing", async () => {
    const warnings: string[] = [];
    const spec = {
      data: { values: [{ a: 1 }] },
      mark: "point",
      encoding: {
        x: { field: "a", type: "quantitative" },
        shape: { field: "a", type: "quantitative" },
      },
    } as unknown as TopLevelSpec;
    await renderSvg(spec, { onWarning: (m) => warnings.push(m) });
    expect(warnings.length).toBeGreaterThan(0);
  });

  it("renderSvg(spec) rejects what is not a spec", async () => {
    await expect(renderSvg(null as unknown as TopLevelSpec)).rejects.toThrow(
      new TypeError(chartMessages.notASpec("null")),
    );
    await expect(renderSvg([] as unknown as TopLevelSpec)).rejects.toThrow(
      new TypeError(chartMessages.notASpec("an array")),
    );
    await expect(renderSvg("x" as unknown as TopLevelSpec)).rejects.toThrow(
      new TypeError(chartMessages.notASpec("string")),
    );
  });
});
