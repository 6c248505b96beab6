/**
 * `webapp:layer` and `webapp:layers`: a stack that deploys one layer names the stacks of the layers before it,
 * and only those. One line per mistake, with the command that fixes it (docs/layers.md).
 */
import { LAYER_PARTS, LAYERS, Layer, NO_TARGET, Part, PARTS } from "../contracts";
import { ConfigError, describe, fixCommand } from "./errors";

/** The parts a stack deploying `layer` leaves to the other layers' stacks (none when it deploys them all). */
export function partsOutside(layer: Layer | undefined): Part[] {
  return layer ? PARTS.filter((p) => !LAYER_PARTS[layer].includes(p)) : [];
}

/** The layer a `webapp:layer` value names, or undefined (unset, or a mistake the schema reports). */
export function layerOf(value: unknown): Layer | undefined {
  return LAYERS.find((l) => l === value);
}

interface LayerConfig {
  layer?: Layer;
  layers: Partial<Record<Layer, string>>;
  domains: { frontend?: string };
}

export function layerErrors(
  cfg: LayerConfig,
  targets: Readonly<Record<Part, string>>,
  stack: string,
): ConfigError[] {
  const errors: ConfigError[] = [];
  const has = (layer: Layer) => LAYER_PARTS[layer].some((p) => targets[p] !== NO_TARGET);
  const rm = (path: string) => `pulumi config rm --path webapp:${path} --stack ${stack}`;
  const own = cfg.layer;
  for (const [named, value] of Object.entries(cfg.layers) as Array<[Layer, string | undefined]>) {
    if (value === undefined) continue;
    // A layer reads only the layers deployed before it; anything else is a cycle or a composed stack's slip.
    const before = own ? LAYERS.indexOf(named) < LAYERS.indexOf(own) : false;
    if (!before) {
      errors.push(
        new ConfigError(
          `webapp:layers.${named}`,
          `webapp:layers.${named} is ${describe(value)}; ${
            own
              ? `a ${own} layer reads only the layers deployed before it (${LAYERS.slice(0, LAYERS.indexOf(own)).join(", ") || "none"})`
              : "only a stack that deploys one layer (webapp:layer) reads another stack"
          }. Fix: ${rm(`layers.${named}`)}`,
        ),
      );
    }
  }
  if (!own) return errors;
  for (const needed of LAYERS.slice(0, LAYERS.indexOf(own))) {
    // The client reads the data layer only for the media store's upload settings.
    const reads = needed === "data" && own === "client" ? targets.media !== NO_TARGET : has(needed);
    if (reads && cfg.layers[needed] === undefined) {
      const parts = LAYER_PARTS[needed].filter((p) => targets[p] !== NO_TARGET);
      errors.push(
        new ConfigError(
          `webapp:layers.${needed}`,
          `webapp:layers.${needed} is missing; a ${own} layer takes the ${parts.join(", ")} from the ${needed} layer's stack (or set webapp:<part>.target none for a part the system has not). Fix: ${fixCommand(stack, `layers.${needed}`, `<org>/<project>/<${needed} stack>`)}`,
        ),
      );
    }
  }
  // The client deploys after the server, so the server cannot read the site's origin from it: the origin the
  // API trusts (CORS, CSRF) is the site's custom domain, known before either exists.
  if (own === "server" && targets.frontend !== NO_TARGET && cfg.domains.frontend === undefined) {
    errors.push(
      new ConfigError(
        "webapp:domains.frontend",
        `webapp:domains.frontend is missing; a server layer trusts the site by its domain, since the client layer deploys after it (or set webapp:frontend.target none: the system has no separate site). Fix: ${fixCommand(stack, "domains.frontend", "www.example.com")}`,
      ),
    );
  }
  return errors;
}
