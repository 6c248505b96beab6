import { PolicyPack } from "@pulumi/policy";
import { PACK_DESCRIPTION, PACK_ENFORCEMENT_LEVEL, PACK_NAME, policies } from "./pack";

// Constructing the pack starts the analyzer's gRPC server, so nothing else (tests, the offline plan) may
// import this file: they import ./pack instead.
new PolicyPack(PACK_NAME, {
  policies,
  enforcementLevel: PACK_ENFORCEMENT_LEVEL,
  description: PACK_DESCRIPTION,
});
