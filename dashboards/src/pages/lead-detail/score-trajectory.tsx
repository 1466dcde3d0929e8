import type { JSX } from 'preact'
import { useMemo } from 'preact/hooks'
import { PlotChart } from '../../app/components/plot-chart.js'
import { useFormat } from '../../app/format.js'
import { useT } from '../../app/i18n.js'
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
  // The model's causes are rule criteria (the seeds' own words), "decay" or "no change".
  const cause = (point: TrajectoryPoint) =>
    point.mainCause === 'decay'
      ? t('cause.decay')
      : point.mainCause === 'no change'
        ? t('cause.noChange')
        : point.mainCause || '–'
  const describe = (point: TrajectoryPoint) =>
    `${format.date(point.day)}: ${signed(format.number(point.change, 1), point.change)} → ${format.number(point.score, 1)} (${cause(point)})`
  const options = useMemo(
    () => trajectoryPlot(props.points, { scoreLabel: t('score'), describe }),
    // describe follows the locale, as t does.
    [props.points, t],
  )
  const rows = [...props.points].sort((a, b) => a.day.localeCompare(b.day))
  return (
    <section class="lead-section lead-trajectory" aria-labelledby="lead-trajectory-title">
      <h2 id="lead-trajectory-title">{t('trajectoryTitle')}</h2>
      {rows.length === 0 ? (
        <p class="empty">{t('noTrajectory')}</p>
      ) : (
        <>
          <PlotChart
            class="trajectory-chart"
            label={t('trajectoryChart', { email: props.email })}
            options={options}
          />
          <div class="table-scroll">
            <table class="trajectory-table">
              <caption>{t('trajectoryTable')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('day')}</th>
                  <th scope="col" class="num">
                    {t('score')}
                  </th>
                  <th scope="col" class="num">
                    {t('change')}
                  </th>
                  <th scope="col">{t('cause')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((point) => (
                  <tr key={point.day}>
                    <td>
                      <time dateTime={point.day}>{format.date(point.day)}</time>
                    </td>
                    <td class="num">{format.number(point.score, 1)}</td>
                    <td class="num">{signed(format.number(point.change, 1), point.change)}</td>
                    <td>{cause(point)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  )
}
