export * from "./app";
export * from "./backend-service";
export * from "./cache";
export * from "./database";
export * from "./environment";
export * from "./frontend-site";
export * from "./media-store";
