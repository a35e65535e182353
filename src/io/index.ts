export * from "./database.js";
export * from "./types.js";
