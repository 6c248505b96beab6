/**
 * Which inputs of the bridged (non-dynamic) resources make the engine replace the resource instead of updating
 * it. The npm packages carry no such metadata (their schemas are compiled into the provider binaries), so each
 * entry cites the provider source the property comes from; names are the Pulumi (camelCase) spellings of the
 * Terraform attributes. A type missing here is compared as update-only, and the plan says so.
 */

import type { ReplaceRule } from "../../components/catalog";
import { KEY_TYPE as SENTRY_KEY, PROJECT_TYPE as SENTRY_PROJECT } from "../../components/sentry/catalog";
import { catalogs } from "../../components/targets";

export type { ReplaceRule };

const RANDOM =
  "hashicorp/terraform-provider-random internal/provider/resource_password.go (ad788e2, 2026-06-11)";

const random = (property: string, flag = "RequiresReplace()"): ReplaceRule => ({
  property,
  source: `${RANDOM}: ${flag}`,
});

export const REPLACE_ON_CHANGES: Record<string, readonly ReplaceRule[]> = {
  // Each vendor's bridged resources, from its catalog (components/<vendor>/catalog.ts).
  ...Object.assign({}, ...catalogs().map((c) => c.replaceOnChanges ?? {})),
  // Types no input of which replaces them; UPDATE_ONLY gives each one's source.
  "docker-build:index:Image": [],
  [SENTRY_PROJECT]: [],
  [SENTRY_KEY]: [],
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

/** The source of each entry above without rules, which have none to carry it. */
export const UPDATE_ONLY: Record<string, string> = {
  "docker-build:index:Image":
    "pulumi/pulumi-docker-build provider/internal/image.go Image.Diff (7bad76a, 2026-08-21): every change is provider.Update",
  // @pulumiverse/sentry 0.0.9 wraps terraform-provider-sentry v0.11.2 (../shared/reference/targets.md section 9).
  [SENTRY_PROJECT]:
    "jianyuan/terraform-provider-sentry sentry/resource_sentry_project.go v0.11.2 (efcdc64, 2023-01-19): no ForceNew attribute, no CustomizeDiff",
  [SENTRY_KEY]:
    "jianyuan/terraform-provider-sentry sentry/resource_sentry_key.go v0.11.2 (efcdc64, 2023-01-19): no ForceNew attribute, no CustomizeDiff",
};
