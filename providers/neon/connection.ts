/** Parts of a Neon connection string; every value is plain text and is encoded here. */
export interface ConnectionParts {
  /** The compute's direct host, e.g. `ep-cool-darkness-a1b2c3d4.us-east-2.aws.neon.tech`. */
  host: string;
  role: string;
  password: string;
  database: string;
  /** Connect through Neon's PgBouncer (transaction mode) host. Default false. */
  pooled?: boolean;
}

/**
 * `ep-x.us-east-2.aws.neon.tech` -> `ep-x-pooler.us-east-2.aws.neon.tech`: pooled and direct hosts differ
 * only by `-pooler` after the endpoint id, the first DNS label.
 */
export function poolerHostOf(host: string): string {
  const dot = host.indexOf(".");
  return dot < 0 ? `${host}-pooler` : `${host.slice(0, dot)}-pooler${host.slice(dot)}`;
}

/**
 * The URI Neon's console and `getConnectionURI` hand out:
 * `postgresql://role:password@host[-pooler]/db?sslmode=require&channel_binding=require`.
 * Built locally because the API returns it only with a revealed password, one more call per read.
 */
export function connectionUri(p: ConnectionParts): string {
  const host = p.pooled ? poolerHostOf(p.host) : p.host;
  const user = `${encodeURIComponent(p.role)}:${encodeURIComponent(p.password)}`;
  return `postgresql://${user}@${host}/${encodeURIComponent(p.database)}?sslmode=require&channel_binding=require`;
}
