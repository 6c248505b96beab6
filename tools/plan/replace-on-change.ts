/**
 * Which inputs of the bridged (non-dynamic) resources make the engine replace the resource instead of updating
 * it. The npm packages carry no such metadata (their schemas are compiled into the provider binaries), so each
 * entry cites the provider source the property comes from; names are the Pulumi (camelCase) spellings of the
 * Terraform attributes. A type missing here is compared as update-only, and the plan says so.
 */

export interface ReplaceRule {
  /** Top-level input name. */
  property: string;
  /** Where the provider declares it (repository, file, and the schema flag). */
  source: string;
  /** Only some changes replace (e.g. Upstash `tls` true -> false); absent: every change does. */
  when?: (old: unknown, current: unknown) => boolean;
}

const UPSTASH = "upstash/terraform-provider-upstash upstash/redis/database/resource.go (a8c50b1, 2025-08-21)";
const VERCEL = "vercel/terraform-provider-vercel";
const RANDOM =
  "hashicorp/terraform-provider-random internal/provider/resource_password.go (ad788e2, 2026-06-11)";

const upstash = (property: string, flag = "ForceNew: true"): ReplaceRule => ({
  property,
  source: `${UPSTASH}: ${flag}`,
});
const vercel = (file: string, property: string, flag = "RequiresReplace()"): ReplaceRule => ({
  property,
  source: `${VERCEL} vercel/${file} (c8a6711, 2026-08-07): ${flag}`,
});
const random = (property: string, flag = "RequiresReplace()"): ReplaceRule => ({
  property,
  source: `${RANDOM}: ${flag}`,
});
const turnedOff = (old: unknown, current: unknown) => old === true && current !== true;

export const REPLACE_ON_CHANGES: Record<string, ReplaceRule[]> = {
  "upstash:index/redisDatabase:RedisDatabase": [
    upstash("databaseName"),
    upstash("region"),
    upstash("primaryRegion"),
    { ...upstash("tls", "CustomizeDiff ForceNewIfChange (true -> false only)"), when: turnedOff },
    { ...upstash("consistent", "CustomizeDiff ForceNewIfChange (true -> false only)"), when: turnedOff },
  ],
  "vercel:index/project:Project": [vercel("resource_project.go", "teamId", "RequiresReplaceIfConfigured()")],
  "vercel:index/projectDomain:ProjectDomain": [
    vercel("resource_project_domain.go", "projectId"),
    vercel("resource_project_domain.go", "domain"),
    vercel("resource_project_domain.go", "teamId", "RequiresReplaceIfConfigured()"),
  ],
  "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable": [
    vercel("resource_project_environment_variable.go", "projectId"),
    vercel("resource_project_environment_variable.go", "key"),
    vercel("resource_project_environment_variable.go", "sensitive"),
    vercel("resource_project_environment_variable.go", "customEnvironmentIds"),
    vercel("resource_project_environment_variable.go", "teamId", "RequiresReplaceIfConfigured()"),
  ],
  // Every Image.Diff entry is an update (provider/internal/image.go, Diff): a new build never replaces.
  "docker-build:index:Image": [],
  "random:index/randomPassword:RandomPassword": [
    random("keepers", "mapplanmodifiers.RequiresReplaceIfValuesNotNull()"),
    ...[
      "length",
      "special",
      "upper",
      "lower",
      "number",
      "numeric",
      "minNumeric",
      "minUpper",
      "minLower",
      "minSpecial",
    ].map((p) => random(p)),
    random("overrideSpecial", "RequiresReplaceIf(RequiresReplaceUnlessEmptyStringToNull())"),
  ],
};

/** The source of the docker-build entry, which has no rules to carry it. */
export const DOCKER_BUILD_SOURCE =
  "pulumi/pulumi-docker-build provider/internal/image.go Image.Diff (7bad76a, 2026-08-21): every change is provider.Update";
