/** The stack config contract: schema, validation and stack-file reading. */
export * from "./schema";
export * from "./errors";
export * from "./durations";
export * from "./ipv4";
export * from "./validate";
export * from "./stackFile";
