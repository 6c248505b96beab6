import {
  PolicyConfigSchema,
  ReportViolation,
  ResourceValidation,
  ResourceValidationArgs,
  UnknownValueError,
} from "@pulumi/policy";

/** Resource properties as policies receive them: plain JSON behind the analyzer's unknown-checking proxy. */
type Props = ResourceValidationArgs["props"];

/**
 * Restricts a validation to the given type tokens. Other types are reported "not applicable", which is
 * how `validateResourceOfType` answers too; we match tokens because the pack carries no provider SDKs.
 * A function is asked on every resource, so a list read from the target registry includes targets
 * registered after the pack loaded.
 */
export function forTypes(
  tokens: readonly string[] | (() => readonly string[]),
  validate: (props: Props, args: ResourceValidationArgs, report: ReportViolation) => void,
): ResourceValidation {
  return (args, report) => {
    const types = typeof tokens === "function" ? tokens() : tokens;
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

/** Independent checks of one resource, run as {@link checkEach} runs items. */
export function checkAll(...checks: (() => void)[]): void {
  checkEach(checks, (check) => check());
}

/**
 * The defaults declared in a policy's config schema. The engine sends them with its Configure call; a
 * policy still overlays them itself so that it never depends on having been configured.
 */
export function schemaDefaults(schema: PolicyConfigSchema | undefined): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const [key, prop] of Object.entries(schema?.properties ?? {})) {
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
