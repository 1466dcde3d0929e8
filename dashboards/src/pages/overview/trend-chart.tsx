import * as Plot from '@observablehq/plot'
import type { JSX } from 'preact'
import { useMemo } from 'preact/hooks'
import type { TimeseriesResponse } from '../../api/types.js'
import { DataTable } from '../../app/components/data-table.js'
import { PlotChart } from '../../app/components/plot-chart.js'
import { useFormat } from '../../app/format.js'
import { useLocale, useT } from '../../app/i18n.js'
import { overviewMessages } from './messages.js'

type Point = TimeseriesResponse['points'][number]
const SERIES = ['leads', 'mqls', 'customers'] as const
const COLOURS = ['#2456c7', '#d97706', '#1a7f37']

/**
 * Leads, MQLs and customers per day or week as lines, in the locale's words and numbers (axis
 * ticks, legend, tooltips), with the numbers as a table below for screen readers and copying.
 */
export function TrendChart(props: {
  data: TimeseriesResponse
  from: string
  to: string
}): JSX.Element {
  const t = useT(overviewMessages)
  const format = useFormat()
  const locale = useLocale()
  const { data } = props
  const names = { leads: t('leads'), mqls: t('mqls'), customers: t('customers') }
  const label = t('chartLabel', {
    interval: data.interval === 'week' ? t('inWeeks') : t('inDays'),
    from: format.date(props.from),
    to: format.date(props.to),
  })

  const options = useMemo((): Plot.PlotOptions => {
    const tick = new Intl.DateTimeFormat(locale, {
      month: 'short',
      day: 'numeric',
      timeZone: 'UTC',
    })
    const rows = data.points.flatMap((point) =>
      SERIES.map((series) => ({
        date: new Date(`${point.date}T00:00:00Z`),
        day: point.date,
        series: names[series],
        value: point[series],
      })),
    )
    // Counts are whole: no more ticks than units, so that no tick falls between two.
    const highest = Math.max(1, ...rows.map((row) => row.value))
    return {
      height: 260,
      marginLeft: 44,
      x: { type: 'utc', label: null, tickFormat: (date: Date) => tick.format(date) },
      y: {
        grid: true,
        zero: true,
        ticks: Math.min(6, highest),
        label: t('count'),
        tickFormat: (value: number) => format.number(value, 0),
      },
      color: {
        legend: true,
        domain: SERIES.map((series) => names[series]),
        range: COLOURS,
      },
      marks: [
        Plot.ruleY([0]),
        Plot.lineY(rows, { x: 'date', y: 'value', stroke: 'series' }),
        Plot.dot(rows, { x: 'date', y: 'value', fill: 'series', r: 2 }),
        Plot.tip(
          rows,
          Plot.pointerX({
            x: 'date',
            y: 'value',
            stroke: 'series',
            title: (row: (typeof rows)[number]) =>
              `${format.date(row.day)}\n${row.series}: ${format.number(row.value, 0)}`,
          }),
        ),
      ],
    }
    // names and t follow the locale; data changes with the answer.
  }, [data, locale, format])

  return (
    <>
      <PlotChart label={label} options={options} class="trend-chart" />
      <details class="numbers">
        <summary>{t('showNumbers')}</summary>
        <DataTable<Point>
          caption={t('trend')}
          rowKey={(point) => point.date}
          rows={data.points}
          columns={[
            {
              key: 'date',
              label: data.interval === 'week' ? t('weekOf') : t('date'),
              render: (point) => format.date(point.date),
            },
            ...SERIES.map((series) => ({
              key: series,
              label: names[series],
              numeric: true,
              render: (point: Point) => format.number(point[series], 0),
            })),
          ]}
        />
      </details>
    </>
  )
}
