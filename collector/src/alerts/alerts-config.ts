import { z } from 'zod'

/**
 * The `alerts` section of the config file: destinations per team (secrets included, which is
 * why they live here and not in a seed), the SMTP server, and the retry policy.
 *
 * @example
 * alerts:
 *   destinations:
 *     emea: { webhook: { url: https://crm.example.com/hooks/leadhouse, secret: "…32+ chars…" },
 *             slack: { url: https://hooks.slack.com/services/… }, email: {} }
 *     "*": { email: { to: [sales@example.com] } }
 *   smtp: { url: smtps://user:pass@smtp.example.com:465, from: leadhouse@example.com }
 */
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
const durationText = z.union([z.string(), z.number().int().nonnegative()])

export const destinationSchema = z.strictObject({
  webhook: z
    .strictObject({
      url: httpUrl,
      secret: z.string().min(32, 'must be at least 32 characters'),
    })
    .optional(),
  slack: z.strictObject({ url: httpUrl }).optional(),
  email: z
    .strictObject({
      /** Addresses besides, or (when the lead has no owner's address) instead of, the owner's. */
      to: z.array(z.email({ error: 'must be an email address' })).optional(),
      /** `false`: only `to`, never the routed owner. Default true. */
      owner: z.boolean().optional(),
    })
    .optional(),
})

export const alertsFileSchema = z.strictObject({
  /** By team name; `*` is for teams not named (and alerts without a team). */
  destinations: z.record(z.string().min(1), destinationSchema).optional(),
  smtp: z
    .strictObject({
      url: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }),
      from: z.email({ error: 'must be an email address' }),
    })
    .optional(),
  /** The owners' addresses by name, over `sales_team.csv`'s. */
  owners: z.record(z.string().min(1), z.email({ error: 'must be an email address' })).optional(),
  maxAttempts: z.number().int().min(1).max(100).optional(),
  backoffBase: durationText.optional(),
  backoffCap: durationText.optional(),
  /** Alerts triggered longer ago than this are not queued (a first start on old data). */
  lookback: durationText.optional(),
})

export type AlertsFile = z.infer<typeof alertsFileSchema>
export type Destination = z.infer<typeof destinationSchema>

export interface AlertsConfig {
  destinations: Record<string, Destination>
  smtp?: { url: string; from: string } | undefined
  owners: Record<string, string>
  maxAttempts: number
  backoffBaseMs: number
  backoffCapMs: number
  lookbackMs: number
}

export const DEFAULT_ALERTS = {
  maxAttempts: 20,
  backoffBaseMs: 2_000,
  backoffCapMs: 15 * 60_000,
  lookbackMs: 7 * 24 * 3_600_000,
} as const

/** The destinations of `team`: its own, else `*`'s. */
export function destinationOf(config: AlertsConfig, team: string): Destination | undefined {
  return config.destinations[team] ?? config.destinations['*']
}
