/** The names of triggers and destinations; one this version does not know shows as it came. */
import type { AlertsKey } from './messages.js'

export type T = (key: AlertsKey, vars?: Record<string, string | number>) => string

const DESTINATIONS = {
  webhook: 'destination.webhook',
  slack: 'destination.slack',
  email: 'destination.email',
  none: 'destination.none',
} as const satisfies Record<string, AlertsKey>

const TRIGGERS = {
  became_mql: 'trigger.became_mql',
  pricing_revisit: 'trigger.pricing_revisit',
  score_jump: 'trigger.score_jump',
  requalified: 'trigger.requalified',
} as const satisfies Record<string, AlertsKey>

export function destinationLabel(t: T, kind: string): string {
  return Object.hasOwn(DESTINATIONS, kind)
    ? t(DESTINATIONS[kind as keyof typeof DESTINATIONS])
    : kind
}

export function triggerLabel(t: T, trigger: string): string {
  return Object.hasOwn(TRIGGERS, trigger) ? t(TRIGGERS[trigger as keyof typeof TRIGGERS]) : trigger
}
