/**
 * A minimal WebAssembly assembler: a module of functions written as flat instruction lists,
 * encoded to the binary format, and printed as text (the WebAssembly text format, which the
 * tests feed to the reference assembler wabt to check the bytes).
 *
 * Why our own: the k-means distance kernel is generated for the data's shape (d columns, k
 * centres) at fit time, synchronously, on every thread; the only instructions it needs are a
 * few dozen, and an assembler dependency would be megabytes and asynchronous to start.
 * @internal
 */

/** A value type. */
export type ValType = "i32" | "f64" | "v128";

/** One instruction: its name, then its immediates (`offset` is a load/store offset). */
export type Instr = readonly [string, ...number[]];

/** One exported function. */
export interface WasmFunction {
  name: string;
  params: readonly ValType[];
  /** Result types (none when absent). */
  results?: readonly ValType[];
  locals: readonly ValType[];
  body: readonly Instr[];
}

/**
 * A module that imports one memory as `env.mem` (at least `memoryPages` pages; a shared
 * memory, usable by several threads, must declare its maximum) and exports its functions.
 */
export interface WasmModuleSpec {
  memoryPages: number;
  /** Declares the memory shared with this maximum (pages). */
  sharedMaximum?: number;
  functions: readonly WasmFunction[];
}

const TYPE_CODE: Record<ValType, number> = { i32: 0x7f, f64: 0x7c, v128: 0x7b };

/** Immediate kinds: none, a LEB128 index, a memory argument, a lane, a constant, a block. */
type Imm = "none" | "index" | "mem" | "lane" | "i32" | "f64" | "block";

/** Opcode bytes, immediate kind and natural alignment (log2 bytes) for memory access. */
const OPS: Record<string, { code: readonly number[]; imm: Imm; align?: number }> = {
  block: { code: [0x02], imm: "block" },
  loop: { code: [0x03], imm: "block" },
  if: { code: [0x04], imm: "block" },
  else: { code: [0x05], imm: "none" },
  end: { code: [0x0b], imm: "none" },
  br: { code: [0x0c], imm: "index" },
  br_if: { code: [0x0d], imm: "index" },
  "local.get": { code: [0x20], imm: "index" },
  "local.set": { code: [0x21], imm: "index" },
  "local.tee": { code: [0x22], imm: "index" },
  "i32.load": { code: [0x28], imm: "mem", align: 2 },
  "f64.load": { code: [0x2b], imm: "mem", align: 3 },
  "i32.store": { code: [0x36], imm: "mem", align: 2 },
  "f64.store": { code: [0x39], imm: "mem", align: 3 },
  "i32.const": { code: [0x41], imm: "i32" },
  "f64.const": { code: [0x44], imm: "f64" },
  select: { code: [0x1b], imm: "none" },
  "i32.eqz": { code: [0x45], imm: "none" },
  "i32.eq": { code: [0x46], imm: "none" },
  "i32.ne": { code: [0x47], imm: "none" },
  "f64.eq": { code: [0x61], imm: "none" },
  "f64.lt": { code: [0x63], imm: "none" },
  "f64.gt": { code: [0x64], imm: "none" },
  "f64.le": { code: [0x65], imm: "none" },
  "f64.abs": { code: [0x99], imm: "none" },
  "f64.sqrt": { code: [0x9f], imm: "none" },
  "f64.sub": { code: [0xa1], imm: "none" },
  "f64.min": { code: [0xa4], imm: "none" },
  "f64.max": { code: [0xa5], imm: "none" },
  "f64.convert_i32_u": { code: [0xb8], imm: "none" },
  "f64.add": { code: [0xa0], imm: "none" },
  "f64.mul": { code: [0xa2], imm: "none" },
  "i32.add": { code: [0x6a], imm: "none" },
  "i32.sub": { code: [0x6b], imm: "none" },
  "i32.mul": { code: [0x6c], imm: "none" },
  "i32.shl": { code: [0x74], imm: "none" },
  "v128.load": { code: [0xfd, 0x00], imm: "mem", align: 4 },
  "v128.store": { code: [0xfd, 0x0b], imm: "mem", align: 4 },
  "f64x2.splat": { code: [0xfd, 0x14], imm: "none" },
  "f64x2.extract_lane": { code: [0xfd, 0x21], imm: "lane" },
  "f64x2.replace_lane": { code: [0xfd, 0x22], imm: "lane" },
  "f64x2.pmin": { code: [0xfd, 0xf6, 0x01], imm: "none" },
  "f64x2.pmax": { code: [0xfd, 0xf7, 0x01], imm: "none" },
  "f64x2.add": { code: [0xfd, 0xf0, 0x01], imm: "none" },
  "f64x2.sub": { code: [0xfd, 0xf1, 0x01], imm: "none" },
  "f64x2.mul": { code: [0xfd, 0xf2, 0x01], imm: "none" },
};

function unsignedLeb(value: number, out: number[]): void {
  let v = value >>> 0;
  do {
    const byte = v & 0x7f;
    v >>>= 7;
    out.push(v !== 0 ? byte | 0x80 : byte);
  } while (v !== 0);
}

function signedLeb(value: number, out: number[]): void {
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return;
  }
}

function name(text: string, out: number[]): void {
  const bytes = Buffer.from(text, "utf8");
  unsignedLeb(bytes.length, out);
  out.push(...bytes);
}

function section(id: number, content: number[], out: number[]): void {
  out.push(id);
  unsignedLeb(content.length, out);
  for (const b of content) out.push(b);
}

const OP_TABLE = new Map(Object.entries(OPS));
const F64_BYTES = new Uint8Array(8);
const F64_VIEW = new Float64Array(F64_BYTES.buffer);

function instruction(ins: Instr, out: number[]): void {
  const op = ins[0];
  const arg = ins.length > 1 ? ins[1]! : 0;
  const def = OP_TABLE.get(op);
  if (def === undefined) throw new Error(`wasm-encoder: unknown instruction ${op}`);
  const code = def.code;
  for (let i = 0; i < code.length; i++) out.push(code[i]!);
  switch (def.imm) {
    case "none":
      return;
    case "index":
      unsignedLeb(arg, out);
      return;
    case "lane":
      out.push(arg);
      return;
    case "block":
      out.push(0x40);
      return;
    case "i32":
      signedLeb(arg, out);
      return;
    case "f64":
      F64_VIEW[0] = arg;
      for (let i = 0; i < 8; i++) out.push(F64_BYTES[i]!);
      return;
    case "mem":
      unsignedLeb(def.align!, out);
      unsignedLeb(arg, out);
      return;
  }
}

/** Groups consecutive locals of one type, as the binary format stores them. */
function localGroups(locals: readonly ValType[]): [number, ValType][] {
  const groups: [number, ValType][] = [];
  for (const t of locals) {
    const last = groups[groups.length - 1];
    if (last !== undefined && last[1] === t) last[0]++;
    else groups.push([1, t]);
  }
  return groups;
}

/**
 * Encodes a module to the WebAssembly binary format (one type per function, in order).
 *
 * @example
 * const bytes = encodeModule({ memoryPages: 1, functions: [] });
 * WebAssembly.validate(bytes); // => true
 */
export function encodeModule(spec: WasmModuleSpec): Uint8Array {
  const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const fns = spec.functions;
  const types: number[] = [];
  unsignedLeb(fns.length, types);
  for (const f of fns) {
    types.push(0x60);
    unsignedLeb(f.params.length, types);
    for (const p of f.params) types.push(TYPE_CODE[p]);
    const results = f.results ?? [];
    unsignedLeb(results.length, types);
    for (const t of results) types.push(TYPE_CODE[t]);
  }
  section(1, types, out);
  const imports: number[] = [0x01];
  name("env", imports);
  name("mem", imports);
  if (spec.sharedMaximum === undefined) {
    imports.push(0x02, 0x00);
    unsignedLeb(spec.memoryPages, imports);
  } else {
    imports.push(0x02, 0x03);
    unsignedLeb(spec.memoryPages, imports);
    unsignedLeb(spec.sharedMaximum, imports);
  }
  section(2, imports, out);
  const funcs: number[] = [];
  unsignedLeb(fns.length, funcs);
  fns.forEach((_, i) => unsignedLeb(i, funcs));
  section(3, funcs, out);
  const exports: number[] = [];
  unsignedLeb(fns.length, exports);
  fns.forEach((f, i) => {
    name(f.name, exports);
    exports.push(0x00);
    unsignedLeb(i, exports);
  });
  section(7, exports, out);
  const code: number[] = [];
  unsignedLeb(fns.length, code);
  for (const f of fns) {
    const body: number[] = [];
    const groups = localGroups(f.locals);
    unsignedLeb(groups.length, body);
    for (const [count, t] of groups) {
      unsignedLeb(count, body);
      body.push(TYPE_CODE[t]);
    }
    for (const ins of f.body) instruction(ins, body);
    body.push(0x0b);
    unsignedLeb(body.length, code);
    for (const b of body) code.push(b);
  }
  section(10, code, out);
  return Uint8Array.from(out);
}

function instructionText(ins: Instr): string {
  const [op, ...imm] = ins;
  const def = OPS[op];
  if (def === undefined) throw new Error(`wasm-encoder: unknown instruction ${op}`);
  if (def.imm === "none" || def.imm === "block") return op;
  if (def.imm === "mem") return imm[0] ? `${op} offset=${imm[0]}` : op;
  if (def.imm === "f64") return `${op} ${Object.is(imm[0], Infinity) ? "inf" : imm[0]}`;
  return `${op} ${imm[0]}`;
}

/**
 * The module in the WebAssembly text format (flat instructions), for reading and for checking
 * {@link encodeModule} against a reference assembler.
 *
 * @example
 * moduleText({ memoryPages: 1, functions: [] });
 * // => '(module\n  (import "env" "mem" (memory 1))\n)'
 */
export function moduleText(spec: WasmModuleSpec): string {
  const lines = ["(module"];
  spec.functions.forEach((f, i) => {
    const params = f.params.length ? ` (param ${f.params.join(" ")})` : "";
    const results = f.results?.length ? ` (result ${f.results.join(" ")})` : "";
    lines.push(`  (type (;${i};) (func${params}${results}))`);
  });
  const memory =
    spec.sharedMaximum === undefined
      ? `${spec.memoryPages}`
      : `${spec.memoryPages} ${spec.sharedMaximum} shared`;
  lines.push(`  (import "env" "mem" (memory ${memory}))`);
  spec.functions.forEach((f, i) => {
    lines.push(
      `  (func (;${i};) (type ${i})${f.locals.length ? ` (local ${f.locals.join(" ")})` : ""}`,
    );
    for (const ins of f.body) lines.push(`    ${instructionText(ins)}`);
    lines.push("  )");
    lines.push(`  (export "${f.name}" (func ${i}))`);
  });
  lines.push(")");
  return lines.join("\n");
}
