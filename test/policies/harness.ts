import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { policies } from "../../policies/pack";
import { credentialValuesAreSecrets } from "../../policies/offline/credential-values-are-secrets";
import { evaluatePolicies } from "../../tools/plan/policy";
import { PlannedResource, PlannedStack, Violation } from "../../tools/plan/types";

/** The engine's sentinel for a string that is unknown during preview. */
export const UNKNOWN = pulumi.runtime.unknownValue as string;

export const urnOf = (type: string, name: string, stack = "dev") =>
  `urn:pulumi:${stack}::webapp::${type}::${name}`;

export function resource(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  extra: Partial<PlannedResource> = {},
): PlannedResource {
  return {
    urn: urnOf(type, name),
    type,
    name,
    custom: true,
    inputs,
    secretPaths: [],
    // Our dynamic resources echo their inputs as outputs; the tests keep that shape for stack policies.
    outputs: structuredClone(inputs),
    dependencies: [],
    options: {},
    ...extra,
  };
}

export function plannedStack(resources: PlannedResource[], config: Record<string, string>): PlannedStack {
  return {
    project: "webapp",
    stack: "dev",
    config: { ...config },
    resources,
    outputs: {},
    secretOutputs: [],
  };
}

/** A copy of `stack` with one resource changed; inputs and outputs change together. */
export function mutate(
  stack: PlannedStack,
  name: string,
  change: (inputs: Record<string, unknown>, r: PlannedResource) => void,
): PlannedStack {
  const copy = structuredClone(stack);
  const r = copy.resources.find((x) => x.name === name);
  assert.ok(r, `no resource named ${name}`);
  change(r.inputs, r);
  r.outputs = structuredClone(r.inputs);
  return copy;
}

export function withConfig(stack: PlannedStack, config: Record<string, string>): PlannedStack {
  return { ...structuredClone(stack), config: { ...stack.config, ...config } };
}

export function without(stack: PlannedStack, ...names: string[]): PlannedStack {
  return { ...structuredClone(stack), resources: stack.resources.filter((r) => !names.includes(r.name)) };
}

const allPolicies = [...policies, credentialValuesAreSecrets];

function policyNamed(name: string) {
  const policy = allPolicies.find((p) => p.name === name);
  assert.ok(policy, `no policy named ${name}`);
  return policy;
}

/** Runs one policy alone (every other one disabled through `all`), at its default level plus `properties`. */
export function runPolicy(
  name: string,
  stack: PlannedStack,
  properties: Record<string, unknown> = {},
): Promise<Violation[]> {
  return evaluatePolicies(stack, {
    all: "disabled",
    [name]: { enforcementLevel: policyNamed(name).enforcementLevel, ...properties },
  });
}

/** The violation the engine would print: description, newline, the policy's message. */
export function violation(name: string, message: string, urn?: string): Violation {
  const policy = policyNamed(name);
  const v: Violation = {
    policyPack: name === credentialValuesAreSecrets.name ? "webapp-plan-checks" : "webapp-policies",
    policyName: name,
    enforcementLevel: policy.enforcementLevel ?? "advisory",
    message: `${policy.description}\n${message}`,
  };
  if (urn) {
    v.urn = urn;
  }
  return v;
}

/** The advisory the analyzer emits when a policy reads an unknown value during preview. */
export function previewAdvisory(name: string, path: string, urn?: string, kind = "string"): Violation {
  const v: Violation = {
    policyPack: "webapp-policies",
    policyName: name,
    enforcementLevel: "advisory",
    message:
      `can't run policy '${name}' from policy pack 'webapp-policies@v0.1.0' during preview: ` +
      `${kind} value at .${path} can't be known during preview`,
  };
  if (urn) {
    v.urn = urn;
  }
  return v;
}

/** Violations are printed in CI logs and PR comments: no secret value may appear in them. */
export function assertNoSecrets(violations: Violation[], secrets: readonly string[]): void {
  const text = JSON.stringify(violations);
  for (const secret of secrets) {
    assert.ok(!text.includes(secret), `a violation echoes the secret ${secret.slice(0, 3)}...`);
  }
}
