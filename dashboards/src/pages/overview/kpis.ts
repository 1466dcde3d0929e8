/**
 * The Overview's KPI tiles: which figure, how it is formatted, and which direction is good news
 * (costs are good when they go down). Pure, so the table is tested without rendering.
 */

import type { OverviewKpis } from '../../api/types.js'
import type { Formatters } from '../../app/format.js'
import type { OverviewKey } from './messages.js'

export type KpiKind = 'count' | 'rate' | 'money' | 'ratio'

export interface KpiDefinition {
  key: keyof OverviewKpis & OverviewKey
  kind: KpiKind
  goodWhen: 'up' | 'down'
}

/** In the order the tiles show them: the funnel's volume first, then money. */
export const KPI_DEFINITIONS: readonly KpiDefinition[] = [
  { key: 'visitors', kind: 'count', goodWhen: 'up' },
  { key: 'newLeads', kind: 'count', goodWhen: 'up' },
  { key: 'visitorToLeadRate', kind: 'rate', goodWhen: 'up' },
  { key: 'mqls', kind: 'count', goodWhen: 'up' },
  { key: 'sqls', kind: 'count', goodWhen: 'up' },
  { key: 'customers', kind: 'count', goodWhen: 'up' },
  { key: 'leadToCustomerRate', kind: 'rate', goodWhen: 'up' },
  { key: 'spend', kind: 'money', goodWhen: 'down' },
  { key: 'cpl', kind: 'money', goodWhen: 'down' },
  { key: 'costPerMql', kind: 'money', goodWhen: 'down' },
  { key: 'cpa', kind: 'money', goodWhen: 'down' },
  { key: 'revenue', kind: 'money', goodWhen: 'up' },
  { key: 'roi', kind: 'ratio', goodWhen: 'up' },
]

/**
 * The relative change from `previous` to `current` (0.12 = 12 % more); null when either is
 * unknown or the previous value is 0 (no finite change). Negative bases (a negative ROI) are
 * measured by their size, so that a rise from −50 % to −25 % is an increase.
 */
export function relativeChange(
  current: number | null | undefined,
  previous: number | null | undefined,
): number | null {
  if (current === null || current === undefined || previous === null || previous === undefined)
    return null
  if (previous === 0) return current === 0 ? 0 : null
  return (current - previous) / Math.abs(previous)
}

/** A KPI's value as shown on its tile. */
export function formatKpi(
  format: Formatters,
  kind: KpiKind,
  value: number | null,
  currency: string,
): string {
  switch (kind) {
    case 'count':
      return format.number(value, 0)
    case 'rate':
    case 'ratio':
      return format.percent(value)
    case 'money':
      return format.money(value, currency)
  }
}

/** Whether the period has nothing to show at all (then the page says what to do instead). */
export function isEmptyPeriod(kpis: OverviewKpis): boolean {
  return kpis.visitors === 0 && kpis.newLeads === 0 && kpis.spend === 0 && kpis.customers === 0
}
