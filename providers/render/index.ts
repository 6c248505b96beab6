export { WebService, webServiceProvider } from "./web-service";
export type { WebServiceArgs } from "./web-service";
export { BackgroundWorker, backgroundWorkerProvider } from "./background-worker";
export type { BackgroundWorkerArgs } from "./background-worker";
export { RegistryCredential, registryCredentialProvider } from "./registry-credential";
export type { RegistryCredentialArgs } from "./registry-credential";
export { PAID_PLANS, REGIONS, WEB_PLANS } from "./service";
export type { Autoscaling } from "./service";
export { normalizeImageRef, parseImageRef, sameImage } from "./image-ref";
