/**
 * The cohorts' charts: the score distribution per cohort (the interquartile range as a bar, the
 * median as a line, the mean as a dot) or its temperatures stacked, and the share of each cohort
 * that has reached each later stage of the funnel.
 */
import { barY, dot, lineY, ruleY, type ScaleOptions, tickY } from '@observablehq/plot'
import type { JSX } from 'preact'
import { type CohortsResponse, TEMPERATURES } from '../../api/types.js'
import { PlotChart } from '../../app/components/plot-chart.js'
import { useFormat } from '../../app/format.js'
import { useT } from '../../app/i18n.js'
import { PROGRESS_STAGES, reachedShare, useMonthFormat } from './cohort-format.js'
import { messages } from './messages.js'

export type Profile = 'scores' | 'temperatures'

/**
 * The months' axis, readable at 375 px without scrolling: up to eight months each label on two
 * lines ("Sept." over "2026"), more of them slanted.
 */
export function monthAxis(months: readonly string[]): { x: ScaleOptions; marginBottom: number } {
  const many = months.length > 8
  return {
    x: {
      label: null,
      domain: [...months],
      tickRotate: many ? -40 : 0,
      tickFormat: many ? undefined : (month: string) => month.replace(/ (?=\S+$)/, '\n'),
    },
    marginBottom: many ? 60 : 40,
  }
}

/** Cold to hot as blue to red: the colours the lead list's temperature badges use too. */
const TEMPERATURE_COLOURS = ['#4e79a7', '#f28e2b', '#e15759']

export function ScoreProfileChart(props: { data: CohortsResponse; profile: Profile }): JSX.Element {
  const t = useT(messages)
  const fmt = useFormat()
  const monthOf = useMonthFormat()
  const months = props.data.rows.map((row) => monthOf(row.month))
  const axis = monthAxis(months)

  if (props.profile === 'temperatures') {
    const names = TEMPERATURES.map((temperature) => t(temperature))
    const bars = props.data.rows.flatMap((row) =>
      TEMPERATURES.map((temperature) => ({
        month: monthOf(row.month),
        temperature: t(temperature),
        leads: row[temperature],
      })),
    )
    return (
      <PlotChart
        class="cohort-chart"
        label={t('temperaturesChart')}
        options={{
          ...axis,
          y: { label: t('colLeads'), grid: true, tickFormat: (value: number) => fmt.number(value) },
          color: { legend: true, domain: names, range: TEMPERATURE_COLOURS },
          marks: [
            barY(bars, {
              x: 'month',
              y: 'leads',
              fill: 'temperature',
              order: names,
              title: (bar: { month: string; temperature: string; leads: number }) =>
                `${bar.month} · ${bar.temperature}: ${fmt.number(bar.leads)}`,
            }),
            ruleY([0], { ariaHidden: 'true' }),
          ],
        }}
      />
    )
  }

  // A cohort without scores (no leads) draws nothing rather than a bar at 0.
  const scored = props.data.rows
    .filter((row) => row.medianScore !== null)
    .map((row) => ({ ...row, label: monthOf(row.month) }))
  type Scored = (typeof scored)[number]
  return (
    <figure class="chart-with-legend">
      <PlotChart
        class="cohort-chart"
        label={t('scoresChart')}
        options={{
          marginBottom: axis.marginBottom,
          x: { ...axis.x, padding: 0.3 },
          // Scores start at 0: a bar cut off below would exaggerate the differences.
          y: {
            label: t('score'),
            grid: true,
            zero: true,
            tickFormat: (value: number) => fmt.number(value),
          },
          marks: [
            barY(scored, {
              x: 'label',
              y1: 'p25Score',
              y2: 'p75Score',
              fill: '#4e79a7',
              fillOpacity: 0.35,
              title: (row: Scored) =>
                `${row.label}: ${t('colP25')} ${fmt.number(row.p25Score, 1)} – ${t('colP75')} ${fmt.number(row.p75Score, 1)}`,
            }),
            // The median is in the dot's title too.
            tickY(scored, {
              x: 'label',
              y: 'medianScore',
              stroke: '#1f3a5f',
              strokeWidth: 2,
              ariaHidden: 'true',
            }),
            dot(scored, {
              x: 'label',
              y: 'meanScore',
              fill: '#e15759',
              r: 4,
              title: (row: Scored) =>
                `${row.label}: ${t('colMedian')} ${fmt.number(row.medianScore, 1)}, ${t('colMean')} ${fmt.number(row.meanScore, 1)}`,
            }),
          ],
        }}
      />
      <figcaption class="hint">{t('scoresLegend')}</figcaption>
    </figure>
  )
}

export function FunnelProgressChart(props: { data: CohortsResponse }): JSX.Element {
  const t = useT(messages)
  const fmt = useFormat()
  const monthOf = useMonthFormat()
  const stageNames = PROGRESS_STAGES.map((stage) => t(`stage_${stage}`))
  const axis = monthAxis(props.data.rows.map((row) => monthOf(row.month)))
  const points = props.data.rows.flatMap((row) =>
    PROGRESS_STAGES.map((stage) => ({
      month: monthOf(row.month),
      stage: t(`stage_${stage}`),
      share: reachedShare(row, stage),
    })),
  )
  return (
    <PlotChart
      class="cohort-chart"
      label={t('funnelChart')}
      options={{
        marginBottom: axis.marginBottom,
        x: { ...axis.x, type: 'point' },
        y: {
          label: t('share'),
          grid: true,
          zero: true,
          tickFormat: (value: number) => fmt.percent(value),
        },
        color: { legend: true, domain: stageNames },
        marks: [
          lineY(points, {
            x: 'month',
            y: 'share',
            stroke: 'stage',
            marker: 'circle',
            title: (point: { month: string; stage: string; share: number | null }) =>
              `${point.month} · ${point.stage}: ${fmt.percent(point.share)}`,
          }),
          ruleY([0], { ariaHidden: 'true' }),
        ],
      }}
    />
  )
}
