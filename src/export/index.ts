export * from "./dialects/index.js";
export * from "./export-sql.js";
export * from "./compile-model-features.js";
export * from "./rules-export.js";
export * from "./write-segments-folder.js";
