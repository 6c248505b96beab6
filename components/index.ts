export * from "./environment";
export * from "./targets";
export type * from "./catalog";
