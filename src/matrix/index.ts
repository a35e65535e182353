export * from "./matrix.js";
export * from "./random.js";
