/**
 * The cohorts' tables, one beside each chart: the score profile (distribution, temperatures,
 * traffic lights) and the funnel progress (how many of each cohort reached each stage).
 */
import type { JSX } from 'preact'
import type { CohortsResponse } from '../../api/types.js'
import { type Column, DataTable } from '../../app/components/data-table.js'
import { useFormat } from '../../app/format.js'
import { useT } from '../../app/i18n.js'
import { type CohortRow, PROGRESS_STAGES, reachedShare, useMonthFormat } from './cohort-format.js'
import { type CohortsKey, messages } from './messages.js'

export function ProfileTable(props: { data: CohortsResponse }): JSX.Element {
  const t = useT(messages)
  const fmt = useFormat()
  const monthOf = useMonthFormat()
  const count = (key: CohortsKey, pick: (row: CohortRow) => number): Column<CohortRow> => ({
    key,
    label: t(key),
    numeric: true,
    render: (row) => fmt.number(pick(row)),
  })
  const score = (key: CohortsKey, pick: (row: CohortRow) => number | null): Column<CohortRow> => ({
    key,
    label: t(key),
    numeric: true,
    render: (row) => fmt.number(pick(row), 1),
  })
  const columns: Column<CohortRow>[] = [
    { key: 'month', label: t('colMonth'), render: (row) => monthOf(row.month) },
    count('colLeads', (row) => row.leads),
    score('colMean', (row) => row.meanScore),
    score('colP25', (row) => row.p25Score),
    score('colMedian', (row) => row.medianScore),
    score('colP75', (row) => row.p75Score),
    count('cold', (row) => row.cold),
    count('warm', (row) => row.warm),
    count('hot', (row) => row.hot),
    count('red', (row) => row.red),
    count('yellow', (row) => row.yellow),
    count('green', (row) => row.green),
  ]
  return (
    <DataTable
      caption={t('profileCaption')}
      columns={columns}
      rows={props.data.rows}
      rowKey={(row) => row.month}
    />
  )
}

export function ProgressTable(props: { data: CohortsResponse }): JSX.Element {
  const t = useT(messages)
  const fmt = useFormat()
  const monthOf = useMonthFormat()
  const columns: Column<CohortRow>[] = [
    { key: 'month', label: t('colMonth'), render: (row) => monthOf(row.month) },
    { key: 'leads', label: t('colLeads'), numeric: true, render: (row) => fmt.number(row.leads) },
    ...PROGRESS_STAGES.map(
      (stage): Column<CohortRow> => ({
        key: stage,
        label: t(`stage_${stage}`),
        numeric: true,
        render: (row) =>
          t('reached', {
            share: fmt.percent(reachedShare(row, stage)),
            count: fmt.number(row.reached[stage]),
          }),
      }),
    ),
  ]
  return (
    <DataTable
      caption={t('funnelCaption')}
      columns={columns}
      rows={props.data.rows}
      rowKey={(row) => row.month}
    />
  )
}
