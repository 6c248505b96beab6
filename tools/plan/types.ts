/**
 * The shape of an offline plan: what the program registered under mocks, before anything is printed.
 * Policies and the cost estimate read these; printers mask secrets before anything leaves the process.
 */

/** Resource options the engine would honour; captured through a stack transformation. */
export interface PlannedOptions {
  protect?: boolean;
  retainOnDelete?: boolean;
  /** As the program states it: `false` is create-first even where the provider would delete first; absent: the provider's answer. */
  deleteBeforeReplace?: boolean;
  ignoreChanges?: string[];
  additionalSecretOutputs?: string[];
  /** URN of the explicit provider, when one was given. */
  provider?: string;
  /** Id of the existing resource Pulumi imports instead of creating one. */
  import?: string;
}

export interface PlannedResource {
  urn: string;
  /** Type token, e.g. `pulumi-nodejs:dynamic/render:WebService` or `webapp:data:Database`. */
  type: string;
  name: string;
  /** True for custom resources, false for components (and the root stack). */
  custom: boolean;
  /** URN of the parent, absent for the root stack. */
  parent?: string;
  /**
   * Inputs as the engine would see them: secrets unwrapped to plain values (policies see plaintext too),
   * unknowns left as Pulumi's sentinel strings. Never print these without masking (see `secretPaths`).
   */
  inputs: Record<string, unknown>;
  /** Dotted property paths of `inputs` that were secret (e.g. `envVars`, `authToken`), as the engine sees them. */
  secretPaths: string[];
  /**
   * {@link secretPaths} with each map the program built from separate values (the engine sees a map holding a
   * secret as one secret) replaced by its secret members, e.g. `envVars.SECRET_KEY`: what the plan masks.
   */
  secretMembers?: string[];
  /** Leaf paths of `inputs` whose values the mocks invented: known only after deploy (ids, URLs, digests). */
  unknownPaths?: string[];
  /** Leaf path of `inputs` -> URNs of the resources its value came from (e.g. `envVars.DATABASE_URL`). */
  inputDependencies?: Record<string, string[]>;
  /** Outputs as the mocks resolved them (plain values). */
  outputs: Record<string, unknown>;
  /** URNs this resource depends on (explicit dependsOn plus every resource an input came from). */
  dependencies: string[];
  options: PlannedOptions;
}

export interface PlannedStack {
  project: string;
  stack: string;
  /** The stack's config as the engine passes it: flat `namespace:key` -> string (JSON for objects). */
  config: Record<string, string>;
  resources: PlannedResource[];
  /** Stack outputs, plain values; `secretOutputs` names the ones that are Pulumi secrets. */
  outputs: Record<string, unknown>;
  secretOutputs: string[];
  /** Stack outputs whose values the mocks invented. */
  unknownOutputs?: string[];
}

export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";

export interface Violation {
  policyPack: string;
  policyName: string;
  enforcementLevel: EnforcementLevel;
  /** The message as the engine would print it (description, newline, the policy's own message). */
  message: string;
  urn?: string;
}
