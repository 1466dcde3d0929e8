import type { JSX } from 'preact'
import { useMemo } from 'preact/hooks'
import { type Column, DataTable } from '../../app/components/data-table.js'
import { PlotChart } from '../../app/components/plot-chart.js'
import { useFormat } from '../../app/format.js'
import { useLocale, useT } from '../../app/i18n.js'
import { messages } from './messages.js'
import { signed } from './score-panel.js'
import { type TrajectoryPoint, trajectoryPlot } from './trajectory-plot.js'

export interface ScoreTrajectoryProps {
  email: string
  points: TrajectoryPoint[]
}

/**
 * How the score moved: a chart (a line, and a dot with its cause at each change) and the same
 * changes as a table, for screen readers and for reading the exact figures.
 */
export function ScoreTrajectory(props: ScoreTrajectoryProps): JSX.Element {
  const t = useT(messages)
  const format = useFormat()
  const locale = useLocale()
  // The model's causes are rule criteria (the seeds' own words), "decay" or "no change".
  const cause = (point: TrajectoryPoint) =>
    point.mainCause === 'decay'
      ? t('cause.decay')
      : point.mainCause === 'no change'
        ? t('cause.noChange')
        : point.mainCause || '–'
  const describe = (point: TrajectoryPoint) =>
    `${format.date(point.day)}: ${signed(format.number(point.change, 1), point.change)} → ${format.number(point.score, 1)} (${cause(point)})`
  const options = useMemo(() => {
    const tick = new Intl.DateTimeFormat(locale, {
      day: 'numeric',
      month: 'short',
      timeZone: 'UTC',
    })
    return trajectoryPlot(props.points, {
      scoreLabel: t('score'),
      describe,
      tickDate: (date) => tick.format(date),
      tickNumber: (value) => format.number(value, 1),
    })
    // t, describe and format follow the locale; a new answer brings new points.
  }, [props.points, locale, format])
  const rows = [...props.points].sort((a, b) => a.day.localeCompare(b.day))
  const columns: Column<TrajectoryPoint>[] = [
    {
      key: 'day',
      label: t('day'),
      render: (point) => <time dateTime={point.day}>{format.date(point.day)}</time>,
    },
    {
      key: 'score',
      label: t('score'),
      numeric: true,
      render: (point) => format.number(point.score, 1),
    },
    {
      key: 'change',
      label: t('change'),
      numeric: true,
      render: (point) => signed(format.number(point.change, 1), point.change),
    },
    { key: 'cause', label: t('cause'), render: cause },
  ]
  return (
    <section class="lead-section lead-trajectory" aria-labelledby="lead-trajectory-title">
      <h2 id="lead-trajectory-title">{t('trajectoryTitle')}</h2>
      {rows.length === 0 ? (
        <p class="state">{t('noTrajectory')}</p>
      ) : (
        <>
          <PlotChart
            class="trajectory-chart"
            label={t('trajectoryChart', { email: props.email })}
            options={options}
          />
          <DataTable
            caption={t('trajectoryTable')}
            columns={columns}
            rows={rows}
            rowKey={(point) => point.day}
          />
        </>
      )}
    </section>
  )
}
