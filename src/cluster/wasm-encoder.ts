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
  drop: { code: [0x1a], imm: "none" },
  return: { code: [0x0f], imm: "none" },
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
  "i32.shr_u": { code: [0x76], imm: "none" },
  "i32.and": { code: [0x71], imm: "none" },
  "i32.or": { code: [0x72], imm: "none" },
  "i32.ctz": { code: [0x68], imm: "none" },
  "f64x2.eq": { code: [0xfd, 0x47], imm: "none" },
  "i64x2.bitmask": { code: [0xfd, 0xc4, 0x01], imm: "none" },
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

/** A growable byte buffer (plain arrays of numbers made encoding slow and GC-heavy). */
class Bytes {
  buf = new Uint8Array(4096);
  len = 0;

  byte(b: number): void {
    if (this.len === this.buf.length) this.reserve(1);
    this.buf[this.len++] = b;
  }

  reserve(extra: number): void {
    if (this.len + extra <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + extra));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  /** Unsigned LEB128. */
  u32(value: number): void {
    let v = value >>> 0;
    do {
      const byte = v & 0x7f;
      v >>>= 7;
      this.byte(v !== 0 ? byte | 0x80 : byte);
    } while (v !== 0);
  }

  /** Signed LEB128. */
  s32(value: number): void {
    let v = value | 0;
    for (;;) {
      const byte = v & 0x7f;
      v >>= 7;
      const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
      this.byte(done ? byte : byte | 0x80);
      if (done) return;
    }
  }

  append(other: Bytes): void {
    this.reserve(other.len);
    this.buf.set(other.buf.subarray(0, other.len), this.len);
    this.len += other.len;
  }

  name(text: string): void {
    const bytes = Buffer.from(text, "utf8");
    this.u32(bytes.length);
    for (const b of bytes) this.byte(b);
  }

  /** A section: id, byte length, content. */
  section(id: number, content: Bytes): void {
    this.byte(id);
    this.u32(content.len);
    this.append(content);
  }
}

const OP_TABLE = new Map(Object.entries(OPS));
const F64_BYTES = new Uint8Array(8);
const F64_VIEW = new Float64Array(F64_BYTES.buffer);

function instruction(ins: Instr, out: Bytes): void {
  const op = ins[0];
  const arg = ins.length > 1 ? ins[1]! : 0;
  const def = OP_TABLE.get(op);
  if (def === undefined) throw new Error(`wasm-encoder: unknown instruction ${op}`);
  const code = def.code;
  for (let i = 0; i < code.length; i++) out.byte(code[i]!);
  switch (def.imm) {
    case "none":
      return;
    case "index":
      out.u32(arg);
      return;
    case "lane":
      out.byte(arg);
      return;
    case "block":
      out.byte(0x40);
      return;
    case "i32":
      out.s32(arg);
      return;
    case "f64":
      F64_VIEW[0] = arg;
      for (let i = 0; i < 8; i++) out.byte(F64_BYTES[i]!);
      return;
    case "mem":
      out.u32(def.align!);
      out.u32(arg);
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
  const out = new Bytes();
  for (const b of [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]) out.byte(b);
  const fns = spec.functions;
  const types = new Bytes();
  types.u32(fns.length);
  for (const f of fns) {
    types.byte(0x60);
    types.u32(f.params.length);
    for (const p of f.params) types.byte(TYPE_CODE[p]);
    const results = f.results ?? [];
    types.u32(results.length);
    for (const t of results) types.byte(TYPE_CODE[t]);
  }
  out.section(1, types);
  const imports = new Bytes();
  imports.byte(0x01);
  imports.name("env");
  imports.name("mem");
  imports.byte(0x02);
  if (spec.sharedMaximum === undefined) {
    imports.byte(0x00);
    imports.u32(spec.memoryPages);
  } else {
    imports.byte(0x03);
    imports.u32(spec.memoryPages);
    imports.u32(spec.sharedMaximum);
  }
  out.section(2, imports);
  const funcs = new Bytes();
  funcs.u32(fns.length);
  fns.forEach((_, i) => funcs.u32(i));
  out.section(3, funcs);
  const exports = new Bytes();
  exports.u32(fns.length);
  fns.forEach((f, i) => {
    exports.name(f.name);
    exports.byte(0x00);
    exports.u32(i);
  });
  out.section(7, exports);
  const code = new Bytes();
  code.u32(fns.length);
  for (const f of fns) {
    const body = new Bytes();
    const groups = localGroups(f.locals);
    body.u32(groups.length);
    for (const [count, t] of groups) {
      body.u32(count);
      body.byte(TYPE_CODE[t]);
    }
    for (const ins of f.body) instruction(ins, body);
    body.byte(0x0b);
    code.u32(body.len);
    code.append(body);
  }
  out.section(10, code);
  return out.buf.slice(0, out.len);
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
