import * as assert from "node:assert/strict";
import { connectionUri, poolerHostOf, type ConnectionParts } from "../../../providers/neon";

const host = "ep-cool-darkness-a1b2c3d4.us-east-2.aws.neon.tech";

describe("neon connectionUri", () => {
  const cases: [string, ConnectionParts, string][] = [
    [
      "direct",
      { host, role: "app", password: "s3cret", database: "app" },
      `postgresql://app:s3cret@${host}/app?sslmode=require&channel_binding=require`,
    ],
    [
      "pooled inserts -pooler after the endpoint id",
      { host, role: "app", password: "s3cret", database: "app", pooled: true },
      "postgresql://app:s3cret@ep-cool-darkness-a1b2c3d4-pooler.us-east-2.aws.neon.tech/app?sslmode=require&channel_binding=require",
    ],
    [
      "pooled: false is direct",
      { host, role: "app", password: "s3cret", database: "app", pooled: false },
      `postgresql://app:s3cret@${host}/app?sslmode=require&channel_binding=require`,
    ],
    [
      "password characters that would break the URI are percent-encoded",
      { host, role: "app", password: "p@ss:w/rd?#%&", database: "app" },
      `postgresql://app:p%40ss%3Aw%2Frd%3F%23%25%26@${host}/app?sslmode=require&channel_binding=require`,
    ],
    [
      "role and database names are encoded too",
      { host, role: "app user", password: "x", database: "my/db" },
      `postgresql://app%20user:x@${host}/my%2Fdb?sslmode=require&channel_binding=require`,
    ],
  ];
  for (const [name, parts, expected] of cases) {
    it(name, () => assert.equal(connectionUri(parts), expected));
  }

  it("poolerHostOf handles a bare label", () => {
    assert.equal(poolerHostOf("ep-x"), "ep-x-pooler");
  });
});
