import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Every command the README shows must keep working. Fenced blocks tagged `sh` are run with bash
// from the project root; blocks tagged `ts` are run with tsx (they import "segmentlab", the built
// package). Set-up commands that would recurse into this test (npm ci, npm run test:all) are shown
// in `console` blocks, which are documentation only.
const root = path.resolve(__dirname, "..");
const readme = readFileSync(path.join(root, "README.md"), "utf8");
const blocks = [...readme.matchAll(/^```(sh|ts)\n([\s\S]*?)^```/gm)].map((m, i) => ({
  lang: m[1] as "sh" | "ts",
  code: m[2]!,
  index: i,
}));

const env = { ...process.env, PATH: `${path.join(root, "node_modules/.bin")}:${process.env.PATH}` };

describe("README", () => {
  it("has runnable sh and ts examples", () => {
    expect(blocks.filter((b) => b.lang === "sh").length).toBeGreaterThan(0);
  });
  for (const block of blocks) {
    const title = block.code.split("\n")[0]!.slice(0, 70);
    it(`README ${block.lang} block ${block.index}: ${title}`, () => {
      if (block.lang === "sh") {
        execFileSync("bash", ["-euo", "pipefail", "-c", block.code], {
          cwd: root,
          env,
          stdio: "pipe",
        });
      } else {
        const dir = path.join(root, "test/output/readme");
        mkdirSync(dir, { recursive: true });
        const file = path.join(dir, `block-${block.index}.ts`);
        writeFileSync(file, block.code);
        execFileSync("npx", ["tsx", file], { cwd: root, env, stdio: "pipe" });
      }
    }, 300_000);
  }
});
