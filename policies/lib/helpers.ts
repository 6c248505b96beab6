import * as pulumi from "@pulumi/pulumi";
import {
  PolicyConfigSchema,
  ReportViolation,
  ResourceValidation,
  ResourceValidationArgs,
  UnknownValueError,
} from "@pulumi/policy";

/**
 * Restricts a validation to the given type tokens. Other types are reported "not applicable", which is
 * how `validateResourceOfType` answers too; we match tokens because the pack carries no provider SDKs.
 */
/** Resource properties as policies receive them: plain JSON behind the analyzer's unknown-checking proxy. */
export type Props = ResourceValidationArgs["props"];

export function forTypes(
  types: readonly string[],
  validate: (props: Props, args: ResourceValidationArgs, report: ReportViolation) => void,
): ResourceValidation {
  return (args, report) => {
    if (!types.includes(args.type)) {
      args.notApplicable(`Policy only applies to resources of type ${types.map((t) => `'${t}'`).join(", ")}`);
    }
    validate(args.props, args, report);
  };
}

/**
 * Checks every item even when some read an unknown (preview) value: violations among the known items are
 * reported, then the first unknown is rethrown so the analyzer still records its advisory "can't run
 * during preview" note instead of silently passing.
 */
export function checkEach<T>(items: Iterable<T>, check: (item: T) => void): void {
  let deferred: unknown;
  for (const item of items) {
    try {
      check(item);
    } catch (e) {
      if (!(e instanceof UnknownValueError)) {
        throw e;
      }
      deferred ??= e;
    }
  }
  if (deferred !== undefined) {
    throw deferred;
  }
}

/** The defaults declared in a policy's config schema; the engine sends them too, but only once configured. */
export function schemaDefaults(schema: PolicyConfigSchema): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const [key, prop] of Object.entries(schema.properties)) {
    if (prop.default !== undefined) {
      defaults[key] = prop.default;
    }
  }
  return defaults;
}

/** A policy's config: schema defaults overlaid with what the engine configured for this run. */
export function configWithDefaults<T extends object>(
  schema: PolicyConfigSchema,
  args: { getConfig<C extends object>(): C },
): T {
  return { ...schemaDefaults(schema), ...args.getConfig<Partial<T>>() } as T;
}

/** Stack config `webapp:tier`; the engine hands the stack's config to the pack process via PULUMI_CONFIG. */
export function stackTier(): string | undefined {
  return new pulumi.Config("webapp").get("tier");
}

/** Free-tier limits apply only to stacks that declare `webapp:tier: free`. */
export function requireFreeTier(args: { notApplicable(reason?: string): never }): void {
  if (stackTier() !== "free") {
    args.notApplicable("Free-tier limits apply only when webapp:tier is free");
  }
}
