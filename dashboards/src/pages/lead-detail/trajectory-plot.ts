/**
 * The score trajectory as Observable Plot options: a line of the score over the days, and a dot
 * where it changed whose SVG title names the day, the change and its cause (a browser shows it
 * as a tooltip). Pure: the page passes the wording in.
 */
import { dot, lineY, type PlotOptions, ruleY } from '@observablehq/plot'
import type { LeadDetailResponse } from '../../api/types.js'

export type TrajectoryPoint = LeadDetailResponse['trajectory'][number]

/** A `YYYY-MM-DD` day as the instant its UTC day starts (Plot's time scale wants a Date). */
export function dayToDate(day: string): Date {
  return new Date(`${day}T00:00:00Z`)
}

export interface TrajectoryPlotOptions {
  /** The y axis's label ("Score"). */
  scoreLabel: string
  /** A changed day's tooltip: "4 Mar 2026: +10 → 42 (Visited a pricing page)". */
  describe: (point: TrajectoryPoint) => string
  /** The x axis's ticks in the locale's words ("Oct 11" / "11. Okt."). */
  tickDate: (date: Date) => string
  /** The y axis's ticks in the locale's digits. */
  tickNumber: (value: number) => string
}

/** Plot options for a lead's trajectory, in day order whatever order the rows came in. */
export function trajectoryPlot(
  points: readonly TrajectoryPoint[],
  options: TrajectoryPlotOptions,
): PlotOptions {
  const data = [...points]
    .sort((a, b) => a.day.localeCompare(b.day))
    .map((point) => ({ point, date: dayToDate(point.day), score: point.score }))
  const changes = data.filter(({ point }) => point.change !== 0)
  return {
    height: 300,
    marginLeft: 48,
    x: { type: 'utc', label: null, tickFormat: options.tickDate },
    y: { label: options.scoreLabel, grid: true, tickFormat: options.tickNumber },
    marks: [
      // The rule and the line are drawing; what they say is in the dots' titles and the table.
      ruleY([0], { ariaHidden: 'true' }),
      lineY(data, { x: 'date', y: 'score', strokeWidth: 2, ariaHidden: 'true' }),
      dot(changes, {
        x: 'date',
        y: 'score',
        r: 4,
        fill: 'currentColor',
        title: (datum: (typeof data)[number]) => options.describe(datum.point),
      }),
    ],
  }
}
