/**
 * The last line of every dynamic provider: whatever a method throws leaves it as an error that names the
 * resource and the operation, with every secret taken out (./redact.ts). A TypeError from an answer of an
 * unexpected shape becomes such an error too, so the engine never shows a bare
 * `TypeError: Cannot read properties of undefined`. Init errors keep their id and properties, and always
 * carry the `__provider` of the create's or update's inputs (see withProvider).
 *
 * Stable API:
 *   guardProvider(token, provider, opts?) -> the same provider, every method guarded
 *     opts.nameOf(props)     the resource's name for the label (default props.name)
 *     opts.secrets(props)    secret values in the inputs/outputs beyond secret-bearing keys (e.g. every env var value)
 *     opts.credentials()     configured credentials (API keys) to keep out of messages
 *
 * Imports nothing from npm (closure serializer).
 */

import type * as pulumi from "@pulumi/pulumi";
import { ApiError, resourceLabel } from "./http";
import { redactError, secretsIn } from "./redact";

type Provider = pulumi.dynamic.ResourceProvider;
type Props = Record<string, unknown> | undefined;

export interface GuardOptions {
  nameOf?: (props: Props) => string | undefined;
  secrets?: (props: Props) => string[];
  credentials?: () => Array<string | undefined>;
}

const METHODS = ["check", "diff", "create", "read", "update", "delete"] as const;

/** Which arguments of each method carry inputs or outputs (the rest are ids). */
const PROPS_ARGS: Record<(typeof METHODS)[number], number[]> = {
  check: [0, 1],
  diff: [1, 2],
  create: [0],
  read: [1],
  update: [1, 2],
  delete: [1],
};

export function guardProvider<P extends Provider>(token: string, provider: P, opts: GuardOptions = {}): P {
  const guarded: Provider = { ...provider };
  for (const method of METHODS) {
    const inner = provider[method] as ((...args: unknown[]) => Promise<unknown>) | undefined;
    if (!inner) continue;
    (guarded as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
      try {
        return await inner.apply(provider, args);
      } catch (e) {
        const props = PROPS_ARGS[method].map((i) => args[i] as Props).filter((p) => p !== undefined);
        const secrets = [
          ...(opts.credentials?.() ?? []),
          ...props.flatMap((p) => [...secretsIn(p), ...(opts.secrets?.(p) ?? [])]),
        ];
        const name = props.map((p) => (opts.nameOf ? opts.nameOf(p) : (p?.name as string))).find(Boolean);
        const inputs = method === "create" ? args[0] : method === "update" ? args[2] : undefined;
        throw redactError(
          withProvider(unexpected(e, `${resourceLabel(token, name)}: ${method}`), inputs),
          secrets,
        );
      }
    };
  }
  return guarded as P;
}

/**
 * An init error from create or update becomes the resource's recorded outputs, and the host loads the provider
 * for the later delete and read from `outputs.__provider` (@pulumi/pulumi cmd/dynamic-provider: it adds the
 * text to a successful result itself, never to an error's properties). So every init error leaves here with
 * the `__provider` the engine passed in, whichever code threw it.
 */
function withProvider(e: unknown, inputs: unknown): unknown {
  const provider = (inputs as { __provider?: unknown } | undefined)?.__provider;
  const init = e as { name?: unknown; id?: unknown; properties?: unknown };
  if (provider === undefined || !(e instanceof Error) || init.name !== "ResourceInitError") return e;
  if (typeof init.properties !== "object" || init.properties === null) return e;
  if ((init.properties as { __provider?: unknown }).__provider === provider) return e;
  init.properties = { ...(init.properties as object), __provider: provider };
  return e;
}

/** Errors we did not make ourselves (a TypeError from a malformed answer) get the resource and operation. */
function unexpected(e: unknown, what: string): unknown {
  const known = e instanceof Error && (e.name === "ApiError" || e.name === "ResourceInitError");
  if (known) return e;
  const detail = e instanceof Error ? e.message : String(e);
  return new ApiError(`${what} failed: the API's answer did not have the expected shape (${detail})`, {
    kind: "parse",
    cause: e,
  });
}
