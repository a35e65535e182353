import fs from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { buildReportHtml, writeReport } from "../../src/report/index.js";
import { demoReportInput } from "./demo-input.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const OUT = path.join(process.cwd(), "test", "output");

describe("report in a real browser", () => {
  it("buildReportHtml(input) opens in headless Chromium with no errors, every chart drawn, no network", async () => {
    // No skip: the report check is part of the suite. scripts/ensure-chromium.sh installs it.
    expect(fs.existsSync(CHROMIUM), `${CHROMIUM} is missing: run scripts/ensure-chromium.sh`).toBe(
      true,
    );
    const file = path.join(OUT, "report.html");
    writeReport(file, await buildReportHtml(demoReportInput()));

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const problems: string[] = [];
      const requests: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error" || m.type() === "warning")
          problems.push(`console ${m.type()}: ${m.text()}`);
      });
      page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
      page.on("request", (r) => requests.push(r.url()));
      await page.goto(`file://${file}`, { waitUntil: "load" });

      const charts = await page.$$eval("figure.chart svg", (svgs) =>
        svgs.map((svg) => {
          const box = svg.getBoundingClientRect();
          return {
            label: svg.getAttribute("aria-label") ?? "",
            width: box.width,
            height: box.height,
            marks: svg.querySelectorAll('[role="graphics-symbol"]').length,
          };
        }),
      );
      expect(charts).toHaveLength(15);
      for (const c of charts) {
        expect(c.width, c.label).toBeGreaterThan(50);
        expect(c.height, c.label).toBeGreaterThan(50);
        expect(c.marks, c.label).toBeGreaterThan(0);
      }
      // The marks are painted: the first bar of the sizes chart has its segment's colour and a size.
      const bar = await page.$eval('figure.chart [aria-roledescription="bar"]', (el) => {
        const b = el.getBoundingClientRect();
        return { fill: el.getAttribute("fill"), width: b.width, height: b.height };
      });
      expect(bar.fill).toBe("#4e79a7");
      expect(bar.width).toBeGreaterThan(10);
      expect(await page.locator("article.card").count()).toBe(4);

      expect(problems).toEqual([]);
      expect(requests.filter((u) => !u.startsWith("file://"))).toEqual([]);
      await page.screenshot({
        path: path.join(OUT, "report.png"),
        fullPage: true,
        timeout: 60_000,
      });
      expect(fs.statSync(path.join(OUT, "report.png")).size).toBeGreaterThan(10_000);
    } finally {
      await browser.close();
    }
  });
});
