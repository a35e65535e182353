/** The library version, written into every model's provenance. Kept in step with package.json by a test. */
export const VERSION = "0.1.0";
