import { z } from "zod";
import { RENDER_SPIN_DOWN_SECONDS } from "../components/render/catalog";
import { DEFAULT_INTERVAL_SECONDS, HEALTH_PATH } from "../components/uptimerobot/catalog";

/*
 * `webapp:ops`: operations a stack opts into, each optional. Absent keys add nothing to the stack, so a stack
 * without them plans exactly as before.
 */

const slug = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9_-]{0,49}$/,
    "must be a Sentry slug such as acme (lowercase letters, digits, - and _)",
  );

export const opsSchema = z.strictObject({
  /** Uptime monitors (UptimeRobot) on every public endpoint, alerting one e-mail address. */
  uptime: z
    .strictObject({
      alertEmail: z.string().regex(/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/, "must be an email address"),
      /**
       * Check often enough that a free Render service never spins down (interval <= 15 min): it then runs all
       * month on the workspace's free instance hours (the `keep-warm-within-free-quotas` policy does the sums).
       */
      keepWarm: z.boolean().default(false),
      /** Seconds between checks. Every check wakes a sleeping free service for 15 minutes, keepWarm or not. */
      interval: z.number().int().min(30).max(86400).default(DEFAULT_INTERVAL_SECONDS),
      /** The API path monitored: one that answers without querying the database, so Neon can scale to zero. */
      path: z
        .string()
        .regex(/^\/\S*$/, "must be a URL path starting with /")
        .default(HEALTH_PATH),
    })
    .refine((u) => !u.keepWarm || u.interval <= RENDER_SPIN_DOWN_SECONDS.value, {
      message: `keepWarm needs an interval of at most ${RENDER_SPIN_DOWN_SECONDS.value} s (Render spins a free service down after 15 idle minutes)`,
      path: ["interval"],
    })
    .optional(),
  /** Error tracking: a Sentry project per app part (backend, frontend) and stack. */
  sentry: z.strictObject({ organization: slug, team: slug }).optional(),
});

export type OpsConfig = z.infer<typeof opsSchema>;
