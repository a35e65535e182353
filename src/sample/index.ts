export * from "./generate-sample-product.js";
export * from "./write-sample-product.js";
export * as sampleMessages from "./messages.js";
