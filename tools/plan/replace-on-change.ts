/**
 * Which inputs of the bridged (non-dynamic) resources make the engine replace the resource instead of updating
 * it. The npm packages carry no such metadata (their schemas are compiled into the provider binaries), so each
 * entry cites the provider source the property comes from; names are the Pulumi (camelCase) spellings of the
 * Terraform attributes. A type missing here is compared as update-only, and the plan says so.
 */

import type { ReplaceRule } from "../../components/catalog";
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
