import * as Plot from '@observablehq/plot'
import type { JSX } from 'preact'
import { useMemo } from 'preact/hooks'
import type { FunnelStage } from '../../api/types.js'
import { PlotChart } from '../../app/components/plot-chart.js'
import { useFormat } from '../../app/format.js'
import { useLocale, useT } from '../../app/i18n.js'
import { funnelMessages } from './messages.js'

/**
 * The funnel as bars centred on one axis, widest first, each labelled beside its end with its
 * count and the conversion from the stage before.
 */
export function FunnelChart(props: {
  stages: FunnelStage[]
  from: string
  to: string
}): JSX.Element {
  const t = useT(funnelMessages)
  const format = useFormat()
  const locale = useLocale()
  const { stages } = props
  const options = useMemo((): Plot.PlotOptions => {
    const rows = stages.map((stage) => ({
      name: t(`stage.${stage.stage}`),
      count: stage.count,
      text:
        stage.rateFromPrevious === null
          ? format.number(stage.count, 0)
          : t('barText', {
              count: format.number(stage.count, 0),
              rate: format.percent(stage.rateFromPrevious),
            }),
    }))
    const widest = Math.max(1, ...rows.map((row) => row.count))
    return {
      height: 44 * rows.length + 20,
      marginLeft: 110,
      // The labels beside the bars' ends, the widest one's too.
      marginRight: 110,
      x: { axis: null, domain: [-widest / 2, widest / 2] },
      y: { label: null, domain: rows.map((row) => row.name), tickSize: 0 },
      marks: [
        Plot.barX(rows, {
          y: 'name',
          x1: (row: (typeof rows)[number]) => -row.count / 2,
          x2: (row: (typeof rows)[number]) => row.count / 2,
          fill: '#2456c7',
          fillOpacity: 0.85,
          inset: 2,
        }),
        // Beside the bar's end, where even a stage of 0 has room for its label.
        Plot.text(rows, {
          y: 'name',
          x: (row: (typeof rows)[number]) => row.count / 2,
          text: 'text',
          textAnchor: 'start',
          dx: 6,
          fill: '#1d2330',
          fontSize: 13,
        }),
      ],
    }
    // t and format follow the locale.
  }, [stages, locale, format])
  const label = t('chartLabel', { from: format.date(props.from), to: format.date(props.to) })
  return <PlotChart label={label} options={options} class="funnel-chart" />
}
