import type { TopLevelSpec } from "vega-lite";
import { notASpec } from "./messages.js";

/** Options of {@link renderSvg}. */
export interface RenderSvgOptions {
  /**
   * Prefix for the ids vega puts inside the SVG (clip paths, gradients). Give each chart of one
   * HTML page its own prefix: ids are document-global, so two inlined charts both defining
   * `clip1` would clip each other's marks. Default `"vg"`.
   */
  idPrefix?: string;
  /** Scale factor applied to the SVG's width and height. Default 1. */
  scale?: number;
  /**
   * Receives vega-lite's and vega's warnings (the library never prints). Default: dropped.
   */
  onWarning?: (message: string) => void;
}

/**
 * Renders a vega-lite spec to an SVG string in Node: vega-lite compiles it to vega, and vega's
 * headless view (renderer "none", so no canvas and no DOM) serialises the scene as SVG. Text is
 * drawn with the fonts the chart names (system fonts), so viewing it needs no network. The
 * output is deterministic: vega numbers its clip paths and gradients from process-global
 * counters, so the ids are renumbered per SVG in document order.
 *
 * vega@5 and vega-lite@5 are loaded with `require`, the versions that tslab's CommonJS cells can
 * load too (vega 6 is ESM with top-level await).
 *
 * @param spec - a vega-lite spec with inline data (no URLs: nothing is fetched).
 * @param options - see {@link RenderSvgOptions}.
 * @returns the `<svg …>…</svg>` markup.
 * @throws TypeError when `spec` is not an object; vega-lite's own errors for invalid specs.
 * @example
 * const svg = await renderSvg(segmentSizesChart([{ segmentId: 0, name: "A", size: 3, share: 1 }]));
 * svg.startsWith("<svg"); // => true
 */
export async function renderSvg(
  spec: TopLevelSpec,
  options: RenderSvgOptions = {},
): Promise<string> {
  if (spec === null || typeof spec !== "object" || Array.isArray(spec)) {
    throw new TypeError(
      notASpec(spec === null ? "null" : Array.isArray(spec) ? "an array" : typeof spec),
    );
  }
  // Loaded lazily: requiring vega costs ~0.3 s, and most library users never draw a chart.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const vega = require("vega") as typeof import("vega");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const vl = require("vega-lite") as typeof import("vega-lite");
  const logger = quietLogger(options.onWarning ?? (() => undefined));
  const compiled = vl.compile(spec, { logger: logger as never }).spec;
  const view = new vega.View(vega.parse(compiled), {
    renderer: "none",
    logger: logger as never,
  });
  try {
    const svg = await view.toSVG(options.scale ?? 1);
    return roundGeometry(renumberIds(svg, options.idPrefix ?? "vg"));
  } finally {
    view.finalize();
  }
}

/**
 * A vega/vega-lite logger that forwards warnings to `onWarning` instead of the console and
 * rethrows errors.
 */
function quietLogger(onWarning: (message: string) => void) {
  let level = 0;
  const text = (args: unknown[]): string => args.map(String).join(" ");
  const logger = {
    level(l?: number) {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    warn(...args: unknown[]) {
      onWarning(text(args));
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
    error(...args: unknown[]) {
      throw args[0] instanceof Error ? args[0] : new Error(text(args));
    },
  };
  return logger;
}

/**
 * Rounds coordinates in geometry attributes to 2 decimals (1/100 px is invisible): vega
 * writes full float precision, which makes a 3000-point map about 40% larger than needed.
 */
function roundGeometry(svg: string): string {
  return svg.replace(
    /\s(transform|d|x|y|x1|y1|x2|y2|width|height)="([^"]*)"/g,
    (_, name: string, value: string) => {
      const rounded = value.replace(/-?\d+\.\d{3,}(e-?\d+)?/g, (n) => {
        const r = Number(Number(n).toFixed(2));
        return String(Object.is(r, -0) ? 0 : r);
      });
      return ` ${name}="${rounded}"`;
    },
  );
}

/** Renames every `id="…"` in `svg` to `<prefix>-<n>` (document order) and rewrites its references. */
function renumberIds(svg: string, prefix: string): string {
  const ids = new Map<string, string>();
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) {
    if (!ids.has(m[1]!)) ids.set(m[1]!, `${prefix}-${ids.size + 1}`);
  }
  if (ids.size === 0) return svg;
  return svg
    .replace(
      /(\sid=")([^"]+)(")/g,
      (_, a: string, id: string, b: string) => a + (ids.get(id) ?? id) + b,
    )
    .replace(/url\(#([^)]+)\)/g, (whole, id: string) =>
      ids.has(id) ? `url(#${ids.get(id)})` : whole,
    )
    .replace(/(href=")#([^"]+)(")/g, (whole, a: string, id: string, b: string) =>
      ids.has(id) ? `${a}#${ids.get(id)}${b}` : whole,
    );
}
