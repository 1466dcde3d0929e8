/**
 * The attribution models side by side: for the chosen conversion, the credit each model gives
 * each channel, as a grouped bar chart (one group per channel, one bar per model; horizontal so
 * that ten models fit a phone's width) and as the table it is drawn from.
 */
import { barX, type PlotOptions, ruleX } from '@observablehq/plot'
import type { JSX } from 'preact'
import type { AttributionCompareResponse } from '../../api/types.js'
import { type Column, DataTable } from '../../app/components/data-table.js'
import { PlotChart } from '../../app/components/plot-chart.js'
import { useFormat } from '../../app/format.js'
import { useT } from '../../app/i18n.js'
import { channelName, conversionName, modelName } from './labels.js'
import { messages } from './messages.js'

type CompareRow = AttributionCompareResponse['rows'][number]

/** The bars, one per channel and model; a model that credits a channel nothing draws no bar. */
export function compareBars(
  data: AttributionCompareResponse,
  nameOf: (model: string) => string,
  channelOf: (channel: string) => string,
): Array<{ channel: string; model: string; credit: number }> {
  return data.rows.flatMap((row) =>
    data.models.map((model) => ({
      channel: channelOf(row.channel),
      model: nameOf(model),
      credit: row.credits[model] ?? 0,
    })),
  )
}

export function AttributionCompare(props: { data: AttributionCompareResponse }): JSX.Element {
  const t = useT(messages)
  const fmt = useFormat()
  const { data } = props
  const conversion = conversionName(t, data.conversion)
  const nameOf = (model: string) => modelName(t, model)
  const channelOf = (channel: string) => channelName(t, channel)
  const modelNames = data.models.map(nameOf)

  const options: PlotOptions = {
    // Room for the longest channel name at Plot's 10 px font (about 6 px a character).
    marginLeft: Math.min(
      200,
      16 + 6 * Math.max(8, ...data.rows.map((row) => channelOf(row.channel).length)),
    ),
    height: 50 + data.rows.length * (data.models.length * 6 + 14),
    x: { label: t('credit'), grid: true, tickFormat: (value: number) => fmt.number(value) },
    y: { axis: null, domain: modelNames },
    fy: { label: null, domain: data.rows.map((row) => channelOf(row.channel)) },
    color: { legend: true, domain: modelNames },
    marks: [
      barX(compareBars(data, nameOf, channelOf), {
        fy: 'channel',
        y: 'model',
        x: 'credit',
        fill: 'model',
        title: (bar: { channel: string; model: string; credit: number }) =>
          `${bar.channel} · ${bar.model}: ${fmt.number(bar.credit, 1)}`,
      }),
      ruleX([0], { ariaHidden: 'true' }),
    ],
  }

  const columns: Column<CompareRow>[] = [
    { key: 'channel', label: t('colChannel'), render: (row) => channelOf(row.channel) },
    ...data.models.map(
      (model): Column<CompareRow> => ({
        key: model,
        label: nameOf(model),
        numeric: true,
        render: (row) => fmt.number(row.credits[model], 1),
      }),
    ),
  ]

  return (
    <div class="attribution-compare">
      <PlotChart
        class="compare-chart"
        label={t('compareChart', { conversion })}
        options={options}
      />
      <DataTable
        caption={t('compareCaption', { conversion })}
        columns={columns}
        rows={data.rows}
        rowKey={(row) => row.channel}
      />
    </div>
  )
}
