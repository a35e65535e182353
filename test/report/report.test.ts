import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { SegmentLabError } from "../../src/errors.js";
import {
  buildReportHtml,
  escapeHtml,
  loadReportInput,
  parseReportInput,
  reportMessages,
  writeReport,
  type ReportInput,
} from "../../src/report/index.js";
import { demoReportInput } from "./demo-input.js";

const minimal = (): ReportInput => ({
  summary: { data: "tiny.csv", users: 10, features: 2, k: 2, verdict: "Two segments." },
  kChoice: { chosenK: 2, reasons: ["only two tried"], scan: [{ k: 2, inertia: 4 }] },
  segments: [
    { segmentId: 0, name: "A", size: 6, share: 0.6, evidence: ["more events"] },
    { segmentId: 1, name: "B", size: 4, share: 0.4, evidence: [] },
  ],
});

describe("buildReportHtml", () => {
  let html = "";
  const warnings: string[] = [];
  beforeAll(async () => {
    html = await buildReportHtml(demoReportInput(), { onWarning: (m) => warnings.push(m) });
  });

  it("buildReportHtml(input) draws every chart without a vega-lite warning", () => {
    expect(warnings).toEqual([]);
  });

  it("buildReportHtml(input) has every section, one chart per view and two per persona card", () => {
    for (const id of ["summary", "data", "k", "map", "profiles", "personas", "warnings", "files"]) {
      expect(html.includes(`<section id="${id}">`)).toBe(true);
    }
    // sizes, k scan, silhouette, map, heatmap, boxes, attribute mix + 4 cards × (traits, boxes)
    expect(html.split('<figure class="chart"').length - 1).toBe(15);
    expect(html.split("<svg").length - 1).toBe(15);
    expect(html.split('<article class="card"').length - 1).toBe(4);
    expect(html.includes("Weekend power users")).toBe(true);
    expect(html.includes("events_per_week &gt; 12 AND share_weekend &gt; 0.4")).toBe(true);
    expect(
      html.includes(
        "Selects 77% of this segment (coverage); 85% of the users it selects are in it (precision).",
      ),
    ).toBe(true);
    expect(html.includes('<td>missing user id</td><td class="num">100</td>')).toBe(true);
    expect(html.includes("120 (&lt;0.1%)")).toBe(true);
  });

  it("buildReportHtml(input) needs no script and no network", () => {
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|src=|url\(\s*['"]?https?:/i);
    expect(html).not.toMatch(/href="https?:/i);
  });

  it("buildReportHtml(input) gives each inlined chart its own SVG ids", () => {
    const ids = [...html.matchAll(/\sid="(chart\d+-\d+)"/g)].map((m) => m[1]!);
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length);
    for (const m of html.matchAll(/url\(#([^)]+)\)/g)) expect(ids).toContain(m[1]);
  });

  it("buildReportHtml(input) is deterministic and rebuilds identically from its JSON", async () => {
    const again = await buildReportHtml(
      JSON.parse(JSON.stringify(demoReportInput())) as ReportInput,
    );
    expect(again === html, "second build differs").toBe(true);
  });

  it("buildReportHtml(input) escapes every text from users", async () => {
    const evil = `<img src=x onerror=alert(1)> & "quotes" 'single'`;
    const input = minimal();
    input.title = evil;
    input.summary.verdict = evil;
    input.segments[0]!.name = evil;
    input.segments[0]!.evidence = [`</section><script>alert(2)</script>`];
    input.segments[0]!.rule = { text: "a < 3 AND b > 'x'", coverage: 0.5, precision: 0.9 };
    input.warnings = ["<b>bold</b>"];
    input.exports = [{ file: "<x>.json", description: "&" }];
    const out = await buildReportHtml(input);
    expect(out).not.toMatch(/<img|<script|<b>|<x>/i);
    expect(out).toContain(escapeHtml(evil));
    expect(out).toContain("a &lt; 3 AND b &gt; &#39;x&#39;");
    expect(out).toContain("&lt;/section&gt;&lt;script&gt;alert(2)&lt;/script&gt;");
  });

  it("buildReportHtml(input) leaves out the parts it has no data for", async () => {
    const out = await buildReportHtml(minimal());
    expect(out).toContain('<section id="summary">');
    expect(out).not.toContain('<section id="data">');
    expect(out).not.toContain('<section id="map">');
    expect(out).not.toContain('<section id="profiles">');
    expect(out).toContain('<p class="ok">No warnings.</p>');
    expect(out.split("<svg").length - 1).toBe(2); // sizes + k scan
  });

  it("buildReportHtml(input) rejects data that refer to an unknown segment", async () => {
    const input = minimal();
    input.silhouette = [{ segmentId: 7, value: 0.1 }];
    await expect(buildReportHtml(input)).rejects.toThrow(
      /points\[0\]\.segmentId=7 is not among the segments given/,
    );
  });
});

describe("parseReportInput / loadReportInput", () => {
  it("parseReportInput(value, source) names the source, the field and the problem", () => {
    const bad = minimal() as unknown as { summary: Record<string, unknown> };
    delete bad.summary.data;
    expect(() => parseReportInput(bad, "run/report-input.json")).toThrow(
      new SegmentLabError(
        reportMessages.badReportInput(
          "run/report-input.json",
          "summary.data",
          "Invalid input: expected string, received undefined",
        ),
      ),
    );
    const share = minimal();
    share.segments[1]!.share = 1.5;
    expect(() => parseReportInput(share, "in.json")).toThrow(/^in\.json: segments\[1\]\.share: /);
    expect(() => parseReportInput({ ...minimal(), segments: [] }, "in.json")).toThrow(
      /^in\.json: segments: /,
    );
    expect(() => parseReportInput(null, "in.json")).toThrow(/^in\.json: \(top level\): /);
  });

  it("loadReportInput(file) reads a JSON input and rejects a file that is not JSON", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sl-report-"));
    const good = path.join(dir, "report-input.json");
    fs.writeFileSync(good, JSON.stringify(minimal()));
    expect(loadReportInput(good)).toEqual(minimal());
    const bad = path.join(dir, "broken.json");
    fs.writeFileSync(bad, "{ nope");
    expect(() => loadReportInput(bad)).toThrow(SegmentLabError);
    expect(() => loadReportInput(bad)).toThrow(
      new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: not valid JSON`),
    );
    fs.rmSync(dir, { recursive: true });
  });
});

describe("writeReport", () => {
  it("writeReport(path, html) writes atomically and leaves no temporary file", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sl-report-"));
    const file = path.join(dir, "nested", "report.html");
    writeReport(file, "<p>one</p>");
    writeReport(file, "<p>two</p>");
    expect(fs.readFileSync(file, "utf8")).toBe("<p>two</p>");
    expect(fs.readdirSync(path.dirname(file))).toEqual(["report.html"]);
    fs.rmSync(dir, { recursive: true });
  });

  it("writeReport(path, html) refuses a path that is not .html", () => {
    expect(() => writeReport("model.json", "x")).toThrow(
      new TypeError(reportMessages.notHtmlPath("model.json")),
    );
  });
});

describe("escapeHtml", () => {
  it("escapeHtml(text) escapes the five HTML-special characters", () => {
    expect(escapeHtml(`<b>"Tom" & 'Jerry'</b>`)).toBe(
      "&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;",
    );
    expect(escapeHtml("plain")).toBe("plain");
  });
});
