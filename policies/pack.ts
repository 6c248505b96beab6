import { EnforcementLevel, Policies } from "@pulumi/policy";
import { cloudinaryFreeTier } from "./rules/cloudinary-free-tier";
import { cloudinaryUnsignedPresets } from "./rules/cloudinary-unsigned-presets";
import { dataLayerProtected } from "./rules/data-layer-protected";
import { credentialEnvVarsSensitive } from "./rules/credential-env-vars-sensitive";
import { debugDisabled } from "./rules/debug-disabled";
import { dockerHostExposure } from "./rules/docker-host-exposure";
import { keepWarmWithinFreeQuotas } from "./rules/keep-warm-within-free-quotas";
import { imagesPinnedByDigest } from "./rules/images-pinned-by-digest";
import { monthlyBudget } from "./rules/monthly-budget";
import { neonFreeTier } from "./rules/neon-free-tier";
import { neonFreeTierBranches } from "./rules/neon-free-tier-branches";
import { postgresUrlsRequireSsl } from "./rules/postgres-urls-require-ssl";
import { recoveryWindowMinimum } from "./rules/recovery-window-minimum";
import { redisUrlsUseTls } from "./rules/redis-urls-use-tls";
import { renderFreeDatabase } from "./rules/render-free-database";
import { renderFreeTier } from "./rules/render-free-tier";
import { renderFreeTierSmtp } from "./rules/render-free-tier-smtp";
import { serviceUrlsUseHttps } from "./rules/service-urls-use-https";
import { servicesCoLocated } from "./rules/services-co-located";
import { statefulResourcesProtected } from "./rules/stateful-resources-protected";
import { upstashFreeTier } from "./rules/upstash-free-tier";
import { upstashFreeTierDatabases } from "./rules/upstash-free-tier-databases";
import { vercelFreeTier } from "./rules/vercel-free-tier";
import { vercelHobbyTerms } from "./rules/vercel-hobby-terms";
import { webServicesHealthCheck } from "./rules/web-services-health-check";
import packageJson from "./package.json";

/** The pack's name, as `pulumi preview --policy-pack policies` reports it. */
export const PACK_NAME = "webapp-policies";

/** The pack's version; the Node analyzer takes it from package.json, so do we. */
export const PACK_VERSION: string = packageJson.version;

export const PACK_DESCRIPTION =
  "TLS everywhere, free-tier limits, a monthly budget and safe defaults for the webapp program.";

/** Level for a policy that sets none; every policy here sets its own, so this only guards new ones. */
export const PACK_ENFORCEMENT_LEVEL: EnforcementLevel = "advisory";

/** Every policy of the pack, grouped: TLS, free tier, budget, safe defaults, placement, public endpoints. */
export const policies: Policies = [
  postgresUrlsRequireSsl,
  redisUrlsUseTls,
  serviceUrlsUseHttps,
  renderFreeTier,
  renderFreeTierSmtp,
  renderFreeDatabase,
  neonFreeTier,
  neonFreeTierBranches,
  upstashFreeTier,
  upstashFreeTierDatabases,
  vercelFreeTier,
  vercelHobbyTerms,
  cloudinaryFreeTier,
  monthlyBudget,
  debugDisabled,
  credentialEnvVarsSensitive,
  imagesPinnedByDigest,
  statefulResourcesProtected,
  dataLayerProtected,
  webServicesHealthCheck,
  servicesCoLocated,
  cloudinaryUnsignedPresets,
  dockerHostExposure,
  keepWarmWithinFreeQuotas,
  recoveryWindowMinimum,
];
