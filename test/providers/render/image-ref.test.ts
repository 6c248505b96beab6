import * as assert from "node:assert/strict";
import { normalizeImageRef, parseImageRef, sameImage } from "../../../providers/render/image-ref";
import { renderImagePath } from "../../fakes/render-api";

const DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

describe("render image references", () => {
  const table: Array<[string, string]> = [
    ["nginx", "docker.io/library/nginx:latest"],
    ["nginx:1.27", "docker.io/library/nginx:1.27"],
    ["library/nginx", "docker.io/library/nginx:latest"],
    ["docker.io/nginx", "docker.io/library/nginx:latest"],
    ["index.docker.io/library/nginx:stable-perl", "docker.io/library/nginx:stable-perl"],
    ["https://docker.io/library/nginx:latest", "docker.io/library/nginx:latest"],
    ["acme/api", "docker.io/acme/api:latest"],
    ["ghcr.io/acme/api:v2", "ghcr.io/acme/api:v2"],
    ["GHCR.IO/Acme/API:v2", "ghcr.io/acme/api:v2"],
    [`ghcr.io/acme/api@${DIGEST}`, `ghcr.io/acme/api@${DIGEST}`],
    [`ghcr.io/acme/api:v2@${DIGEST}`, `ghcr.io/acme/api@${DIGEST}`],
    [`nginx@${DIGEST}`, `docker.io/library/nginx@${DIGEST}`],
    ["registry.example.com:5000/team/api", "registry.example.com:5000/team/api:latest"],
    ["registry.example.com:5000/team/api:1.0", "registry.example.com:5000/team/api:1.0"],
    [`localhost:5000/api@${DIGEST}`, `localhost:5000/api@${DIGEST}`],
    ["localhost/api", "localhost/api:latest"],
    [
      "123456789012.dkr.ecr.us-east-1.amazonaws.com/api:prod",
      "123456789012.dkr.ecr.us-east-1.amazonaws.com/api:prod",
    ],
  ];
  for (const [ref, want] of table) {
    it(`${ref} -> ${want}`, () => assert.equal(normalizeImageRef(ref), want));
  }

  it("agrees with Render's own normalisation wherever Render keeps case and tag", () => {
    for (const ref of [
      "nginx",
      "nginx:stable-perl",
      "acme/api",
      "ghcr.io/acme/api:v2",
      `ghcr.io/acme/api@${DIGEST}`,
      "registry.example.com:5000/api",
    ]) {
      assert.equal(normalizeImageRef(ref), renderImagePath(ref), ref);
    }
  });

  it("parses a registry port without taking it for a tag", () => {
    assert.deepEqual(parseImageRef("host:5000/a/b"), {
      registry: "host:5000",
      repository: "a/b",
      tag: "latest",
    });
  });

  it("compares equivalent spellings as the same image and different tags or digests as different", () => {
    assert.equal(sameImage("nginx", "docker.io/library/nginx:latest"), true);
    assert.equal(sameImage("nginx:1.27", "nginx:1.28"), false);
    assert.equal(sameImage(`api@${DIGEST}`, `api@sha256:${"f".repeat(64)}`), false);
    assert.equal(sameImage("ghcr.io/acme/api", "docker.io/acme/api"), false);
    assert.equal(sameImage("", "nginx"), false);
    assert.equal(sameImage(undefined, undefined), true);
  });

  it("rejects an empty reference", () => {
    assert.throws(() => parseImageRef("  "), { message: "image reference is empty" });
  });
});
