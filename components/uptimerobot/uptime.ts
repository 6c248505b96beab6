import * as pulumi from "@pulumi/pulumi";
import { AlertContact, Monitor, type KeywordType, type MonitorType } from "../../providers/uptimerobot";

/** One public endpoint to watch. */
export interface UptimeEndpoint {
  /** The role in the monitor's name, e.g. `api` -> `<prefix>-api`. */
  role: string;
  /** The URL checked. */
  url: pulumi.Input<string>;
  /** HTTP (any 2xx/3xx is up) or KEYWORD (the body must also hold `keyword`). */
  type: MonitorType;
  /** KEYWORD only: the word the answer must hold. */
  keyword?: string;
}

export interface UptimeArgs {
  /** Prefix of the contact's and monitors' names in the dashboard, e.g. `webapp-dev`. */
  prefix: string;
  /** Where alerts go; UptimeRobot mails it a confirmation link first. */
  alertEmail: pulumi.Input<string>;
  /** Seconds between checks, for every monitor. */
  interval: pulumi.Input<number>;
  endpoints: readonly UptimeEndpoint[];
}

/**
 * One alert contact and a monitor per public endpoint. A KEYWORD monitor alerts when the word is missing
 * (ALERT_NOT_EXISTS), so a proxy's error page answering 200 still counts as down.
 */
export class Uptime extends pulumi.ComponentResource {
  /** Monitor id per endpoint role. */
  public readonly monitorIds: Record<string, pulumi.Output<string>>;

  constructor(name: string, args: UptimeArgs, opts?: pulumi.ComponentResourceOptions) {
    super("webapp:ops:Uptime", name, {}, opts);
    const roles = args.endpoints.map((e) => e.role);
    const twice = roles.find((r, i) => roles.indexOf(r) !== i);
    if (twice) {
      throw new Error(`Uptime "${name}": two endpoints have the role "${twice}"; give each its own role.`);
    }

    const contact = new AlertContact(
      `${name}-contact`,
      { friendlyName: `${args.prefix}-alerts`, email: args.alertEmail },
      { parent: this },
    );
    const monitors = args.endpoints.map(
      (e) =>
        [
          e.role,
          new Monitor(
            `${name}-${e.role}`,
            {
              friendlyName: `${args.prefix}-${e.role}`,
              url: e.url,
              type: e.type,
              interval: args.interval,
              ...(e.type === "KEYWORD"
                ? { keywordType: "ALERT_NOT_EXISTS" as KeywordType, keywordValue: e.keyword }
                : {}),
              alertContactIds: [contact.id],
            },
            { parent: this },
          ),
        ] as const,
    );

    this.monitorIds = Object.fromEntries(monitors.map(([role, m]) => [role, m.id]));
    this.registerOutputs({ monitorIds: this.monitorIds });
  }
}
