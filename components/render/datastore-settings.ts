/**
 * What Render's two datastore targets (render-postgres, render-keyvalue) state alike: the external
 * endpoint's allow list. Pure data.
 *
 * Why the external URL: every connection string the program hands out uses TLS (issue 17 item 6). Render's
 * internal URLs carry none (providers/render/datastore-facts.ts DATASTORE_URLS: internal Postgres "No SSL/TLS
 * required", internal Key Value plain redis:// with no TLS form at all); the external ones require it. The
 * external endpoint answers only the addresses in `ipAllowList` (targets.md §2, §3), and Render's services
 * leave from addresses Render does not publish in any stored source, so the default admits every address,
 * as the Neon and Upstash stacks' endpoints do: TLS and the generated password guard it. A team that knows
 * its region's outbound ranges narrows it with `webapp:<part>.ipAllowList`.
 */
import { z } from "zod";

export const EVERYWHERE = [
  {
    cidrBlock: "0.0.0.0/0",
    description: "any address: TLS and the generated password guard the external endpoint",
  },
] as const;

export const ipAllowList = z
  .array(
    z.strictObject({
      cidrBlock: z
        .string()
        .regex(/^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/, "must be an IPv4 CIDR block such as 203.0.113.0/24"),
      description: z.string().min(1),
    }),
  )
  .min(1, "must admit at least the backend's addresses: the backend connects over the external TLS URL")
  .default(EVERYWHERE.map((e) => ({ ...e })));
