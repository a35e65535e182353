export * from "./display.js";
export * from "./html-table.js";
export * from "./danfo.js";
export * as notebookMessages from "./messages.js";
