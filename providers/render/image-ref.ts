/**
 * Container image references as Render compares them. Render stores a normalized `imagePath`
 * (`nginx` comes back as `docker.io/library/nginx:latest`), so comparing raw strings would show a change on
 * every refresh; and Terraform's naive split on `:` mangled digests and registry ports (render-oss TF #106),
 * which is why the parse below looks for `@` first and only takes a `:` after the last `/` as a tag.
 */

export interface ImageRef {
  /** Registry host, with port when given; `docker.io` when the reference names none. */
  registry: string;
  /** Repository path; Docker Hub official images get `library/`. */
  repository: string;
  /** Tag; `latest` when neither tag nor digest is given; dropped when a digest pins the image. */
  tag?: string;
  /** `sha256:<hex>` when pinned by digest. */
  digest?: string;
}

const DOCKER_HUB_ALIASES = [
  "docker.io",
  "index.docker.io",
  "registry-1.docker.io",
  "registry.hub.docker.com",
];

/** Parses an image reference the way Docker resolves it. Throws on an empty reference. */
export function parseImageRef(ref: string): ImageRef {
  let rest = ref.trim().replace(/^[a-z]+:\/\//i, "");
  if (rest === "") throw new Error("image reference is empty");

  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1).toLowerCase();
    rest = rest.slice(0, at);
  }

  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf("/");
  const colon = rest.lastIndexOf(":");
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }

  // The first path component is a registry only if it looks like a host: Docker's own rule.
  const parts = rest.split("/");
  let registry = "docker.io";
  if (parts.length > 1 && (parts[0].includes(".") || parts[0].includes(":") || parts[0] === "localhost")) {
    registry = parts.shift()!.toLowerCase();
  }
  if (DOCKER_HUB_ALIASES.includes(registry)) registry = "docker.io";
  if (registry === "docker.io" && parts.length === 1) parts.unshift("library");
  const repository = parts.join("/").toLowerCase();

  if (digest !== undefined) return { registry, repository, digest };
  return { registry, repository, tag: tag === undefined || tag === "" ? "latest" : tag };
}

/** The canonical text of a reference: `registry/repository:tag` or `registry/repository@digest`. */
export function normalizeImageRef(ref: string): string {
  const p = parseImageRef(ref);
  return `${p.registry}/${p.repository}${p.digest !== undefined ? `@${p.digest}` : `:${p.tag}`}`;
}

/** Whether two references name the same image; unparseable input compares as different. */
export function sameImage(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  try {
    return normalizeImageRef(a) === normalizeImageRef(b);
  } catch {
    return false;
  }
}
