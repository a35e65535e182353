import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { fileSystemErrorMessage, main } from "../../src/cli/main.js";
import * as ioMsg from "../../src/io/messages.js";
import { hashTree, tempDir, writeTableCsv } from "./helpers.js";

const root = path.resolve(__dirname, "../..");
const sample = (f: string) => path.join(root, "data/sample", f);

/** Runs the CLI in-process; returns exit code, stdout and stderr. */
export async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const o = vi.spyOn(process.stdout, "write").mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, "write").mockImplementation((s) => ((err += String(s)), true));
  try {
    const code = await main(["node", "segmentlab", ...args]);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe("segmentlab: usage and file-system errors exit 2 without a stack", () => {
  it("segmentlab discover --bogus exits 2 (an unknown option is a usage error)", async () => {
    const r = await run("discover", sample("events.csv.gz"), "--out", "x", "--bogus");
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown option '--bogus'");
    expect((await run("--version")).code).toBe(0);
  });

  it("segmentlab export --out MISSING/x.sql exits 2 naming the path, no stack", async () => {
    const dir = tempDir();
    const r0 = await run(
      "discover",
      "--table",
      writeTableCsv(path.join(dir, "table.csv")),
      "--id",
      "user_id",
      "--k",
      "2",
      "--stability-b",
      "0",
      "--gap-b",
      "0",
      "--no-report",
      "--quiet",
      "--out",
      path.join(dir, "run"),
    );
    expect(r0.code, r0.err).toBe(0);
    const target = path.join(dir, "missing", "x.sql");
    const r = await run("export", path.join(dir, "run/model.json"), "--sql", "--out", target);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /^segmentlab: error: cannot open .*missing.*: no such file or folder \(ENOENT\)\n$/,
    );
    expect(r.err).not.toContain("    at ");
  });

  it("segmentlab discover --out FILE/run (a path through a file) exits 2 without a stack", async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "file"), "x");
    const r = await run(
      "discover",
      sample("events.csv.gz"),
      "--k",
      "2",
      "--out",
      path.join(dir, "file", "run"),
    );
    expect(r.code).toBe(2);
    expect(r.err).not.toContain("    at ");
    expect(r.err).toContain(ioMsg.outputNotFolder(path.join(dir, "file")));
  });

  it("fileSystemErrorMessage(e) names the call, the path and the problem for EROFS, ENOSPC, EACCES", () => {
    const e = (code: string) =>
      Object.assign(new Error(code), { code, syscall: "open", path: "/mnt/x/model.json" });
    expect(fileSystemErrorMessage(e("EROFS"))).toBe(
      "cannot open /mnt/x/model.json: read-only file system (EROFS)",
    );
    expect(fileSystemErrorMessage(e("ENOSPC"))).toBe(
      "cannot open /mnt/x/model.json: no space left on the device (ENOSPC)",
    );
    expect(fileSystemErrorMessage(e("EACCES"))).toBe(
      "cannot open /mnt/x/model.json: permission denied (EACCES)",
    );
    expect(fileSystemErrorMessage(new Error("other"))).toBeNull();
  });

  it("segmentlab discover OUT/segments/events.csv --out OUT is refused before anything is written", async () => {
    const dir = tempDir();
    const out = path.join(dir, "out");
    const input = path.join(out, "segments", "events.csv.gz");
    fs.mkdirSync(path.dirname(input), { recursive: true });
    fs.copyFileSync(sample("events.csv.gz"), input);
    fs.writeFileSync(path.join(out, "segments", "segments.json"), "[]");
    const before = hashTree(dir);
    const r = await run("discover", input, "--out", out);
    expect(r.code).toBe(2);
    expect(r.err).toContain(ioMsg.inputInsideOutput(input, out));
    expect(hashTree(dir)).toEqual(before);
  });

  it("segmentlab export --segments DIR … --users DIR/my_users.csv is refused, the users file kept", async () => {
    const dir = tempDir();
    const seg = path.join(dir, "seg");
    fs.mkdirSync(seg);
    const users = path.join(seg, "my_users.csv");
    fs.copyFileSync(sample("users.csv"), users);
    fs.writeFileSync(path.join(dir, "model.json"), "{}");
    const before = hashTree(dir);
    const r = await run(
      "export",
      path.join(dir, "model.json"),
      "--segments",
      seg,
      sample("events.csv.gz"),
      "--users",
      users,
    );
    expect(r.code).toBe(2);
    expect(r.err).toContain(ioMsg.inputInsideOutput(users, seg));
    expect(hashTree(dir)).toEqual(before);
  });
});
