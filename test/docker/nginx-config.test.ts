import * as assert from "node:assert/strict";
import { type NginxConfigOptions, nginxConfig, proxyParams } from "../../components/docker/nginx-config";

const base: NginxConfigOptions = {
  serverNames: ["shop.example.com", "www.shop.example.com"],
  backend: { host: "backend", port: 8000 },
  frontend: { host: "frontend", port: 80 },
  maxUploadMegabytes: 20,
  proxyTimeoutSeconds: 60,
  hstsMaxAgeSeconds: 31536000,
  stripApiPrefix: false,
  resolverValidSeconds: 1,
  certificatePath: "/etc/nginx/tls/cert.pem",
  keyPath: "/etc/nginx/tls/key.pem",
  staticRoot: "/srv/static",
  mediaRoot: "/srv/media/",
};

/** The lines of the block that opens with `opening` (one level of braces). */
function block(config: string, opening: string): string[] {
  const lines = config.split("\n");
  const start = lines.findIndex((l) => l.trim() === opening);
  assert.ok(start >= 0, `no block ${opening}`);
  const end = lines.findIndex((l, i) => i > start && l.trim() === "}");
  return lines.slice(start + 1, end).map((l) => l.trim());
}

describe("nginxConfig (components/docker/nginx-config.ts)", () => {
  const config = nginxConfig(base);

  it("answers port 80 with one redirect to the first server name and nothing else", () => {
    const servers = config.split("\n  server {");
    assert.equal(servers.length, 3);
    assert.deepEqual(
      servers[1]
        .split("\n")
        .map((l) => l.trim())
        .filter(Boolean),
      ["listen 80 default_server;", "return 301 https://shop.example.com$request_uri;", "}"],
    );
  });

  it("terminates TLS on 443 with the configured files, TLS 1.2+, and HSTS on every answer", () => {
    for (const line of [
      "    listen 443 ssl default_server;",
      "    server_name shop.example.com www.shop.example.com;",
      "    ssl_certificate /etc/nginx/tls/cert.pem;",
      "    ssl_certificate_key /etc/nginx/tls/key.pem;",
      "    ssl_protocols TLSv1.2 TLSv1.3;",
      '    add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;',
    ]) {
      assert.ok(config.split("\n").includes(line), line);
    }
    assert.doesNotMatch(nginxConfig({ ...base, hstsMaxAgeSeconds: 0 }), /Strict-Transport-Security/);
  });

  it("routes /api/ and /admin/ to the backend, / to the frontend, through variables resolved by Docker's DNS", () => {
    assert.ok(config.includes("  resolver 127.0.0.11 valid=1s ipv6=off;\n"));
    assert.ok(
      config.includes("    set $backend http://backend:8000;\n    set $frontend http://frontend:80;\n"),
    );
    const params = "include /etc/nginx/webapp-proxy-params.conf;";
    assert.deepEqual(block(config, "location /api/ {"), ["proxy_pass $backend;", params]);
    assert.deepEqual(block(config, "location /admin/ {"), ["proxy_pass $backend;", params]);
    assert.deepEqual(block(config, "location / {"), ["proxy_pass $frontend;", params]);
    assert.deepEqual(block(nginxConfig({ ...base, stripApiPrefix: true }), "location /api/ {"), [
      "rewrite ^/api/(.*)$ /$1 break;",
      "proxy_pass $backend;",
      params,
    ]);
  });

  it("serves /static/ and /media/ from the volumes' directories, each with one trailing slash", () => {
    assert.deepEqual(block(config, "location /static/ {"), ["alias /srv/static/;", "expires 7d;"]);
    assert.deepEqual(block(config, "location /media/ {"), ["alias /srv/media/;"]);
  });

  it("sets the upload size and the backend timeouts from the options", () => {
    assert.ok(nginxConfig({ ...base, maxUploadMegabytes: 7 }).includes("\n  client_max_body_size 7m;\n"));
    assert.deepEqual(proxyParams({ proxyTimeoutSeconds: 90 }).split("\n"), [
      "proxy_http_version 1.1;",
      'proxy_set_header Connection "";',
      "proxy_set_header Host $host;",
      "proxy_set_header X-Forwarded-Proto https;",
      "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
      "proxy_set_header X-Real-IP $remote_addr;",
      "proxy_connect_timeout 1s;",
      "proxy_send_timeout 90s;",
      "proxy_read_timeout 90s;",
      "proxy_next_upstream error timeout;",
      "proxy_next_upstream_tries 2;",
      "",
    ]);
  });

  it("refuses no server name and a name that would inject nginx syntax", () => {
    assert.throws(() => nginxConfig({ ...base, serverNames: [] }), {
      message: "nginxConfig: serverNames is empty; give at least one host name.",
    });
    assert.throws(() => nginxConfig({ ...base, serverNames: ["a.com; include /etc/passwd"] }), {
      message:
        'nginxConfig: server name "a.com; include /etc/passwd" is not a host name (letters, digits, dots, dashes).',
    });
  });
});
