import * as Plot from '@observablehq/plot'
import type { JSX } from 'preact'
import { useMemo } from 'preact/hooks'
import { FUNNEL_STAGES, type FunnelResponse, NO_CHANNEL, type Stage } from '../../api/types.js'
import { type Column, DataTable } from '../../app/components/data-table.js'
import { PlotChart } from '../../app/components/plot-chart.js'
import { useFormat } from '../../app/format.js'
import { useLocale, useT } from '../../app/i18n.js'
import { setQuery, useQuery } from '../../app/router.js'
import { funnelMessages } from './messages.js'
import { leadToCustomer, orderedStages } from './stages.js'

interface ChannelRow {
  channel: string
  counts: Record<Stage, number>
  rates: Record<Stage, number | null>
  leadToCustomer: number | null
}

function rowsOf(byChannel: FunnelResponse['byChannel']): ChannelRow[] {
  return byChannel.map(({ channel, stages }) => {
    const ordered = orderedStages(stages)
    const counts = {} as Record<Stage, number>
    const rates = {} as Record<Stage, number | null>
    for (const stage of ordered) {
      counts[stage.stage] = stage.count
      rates[stage.stage] = stage.rateFromPrevious
    }
    return { channel, counts, rates, leadToCustomer: leadToCustomer(ordered) }
  })
}

const sortValue = (row: ChannelRow, key: string): string | number =>
  key === 'channel'
    ? row.channel
    : key === 'leadToCustomer'
      ? (row.leadToCustomer ?? -1)
      : (row.counts[key as Stage] ?? 0)

/** Rows sorted by a column; ties keep the channel's name order. */
export function sortRows(rows: ChannelRow[], key: string, order: 'asc' | 'desc'): ChannelRow[] {
  const sign = order === 'asc' ? 1 : -1
  return [...rows].sort((a, b) => {
    const x = sortValue(a, key)
    const y = sortValue(b, key)
    const compared = x < y ? -1 : x > y ? 1 : 0
    return compared * sign || a.channel.localeCompare(b.channel)
  })
}

/**
 * The funnel split by first-touch channel: a sortable table of the stages reached (sort in the
 * URL: `sort`, `order`) and a heat map of each stage's conversion from the one before.
 */
export function ChannelSplit(props: { byChannel: FunnelResponse['byChannel'] }): JSX.Element {
  const t = useT(funnelMessages)
  const channelName = (channel: string) => (channel === NO_CHANNEL ? t('noChannel') : channel)
  const format = useFormat()
  const locale = useLocale()
  const query = useQuery()
  const key = query.sort ?? 'lead'
  const order = query.order === 'asc' ? 'asc' : 'desc'
  const rows = sortRows(rowsOf(props.byChannel), key, order)
  const onSort = (column: string) =>
    setQuery({
      sort: column,
      order:
        column === key && order === 'desc'
          ? 'asc'
          : column === key
            ? 'desc'
            : column === 'channel'
              ? 'asc'
              : 'desc',
    })
  const columns: Column<ChannelRow>[] = [
    {
      key: 'channel',
      label: t('channel'),
      sortable: true,
      render: (row) => channelName(row.channel),
    },
    ...FUNNEL_STAGES.map((stage) => ({
      key: stage,
      label: t(`stage.${stage}`),
      numeric: true,
      sortable: true,
      render: (row: ChannelRow) => format.number(row.counts[stage], 0),
    })),
    {
      key: 'leadToCustomer',
      label: t('leadToCustomer'),
      numeric: true,
      sortable: true,
      render: (row) => format.percent(row.leadToCustomer),
    },
  ]

  const heatmap = useMemo((): Plot.PlotOptions => {
    const cells = rows.flatMap((row) =>
      FUNNEL_STAGES.slice(1).map((stage) => ({
        channel: channelName(row.channel),
        stage: t(`stage.${stage}`),
        rate: row.rates[stage],
      })),
    )
    return {
      height: 34 * rows.length + 50,
      marginLeft: 120,
      padding: 0.04,
      x: {
        label: null,
        domain: FUNNEL_STAGES.slice(1).map((stage) => t(`stage.${stage}`)),
        axis: 'top',
      },
      y: {
        label: null,
        domain: rows.map((row) => channelName(row.channel)),
      },
      color: { type: 'linear', scheme: 'blues', domain: [0, 1] },
      marks: [
        Plot.cell(cells, {
          x: 'stage',
          y: 'channel',
          fill: (cell: (typeof cells)[number]) => cell.rate ?? undefined,
        }),
        Plot.text(cells, {
          x: 'stage',
          y: 'channel',
          text: (cell: (typeof cells)[number]) => format.percent(cell.rate),
          fill: (cell: (typeof cells)[number]) => ((cell.rate ?? 0) > 0.55 ? 'white' : '#1d2330'),
        }),
      ],
    }
    // t and format follow the locale.
  }, [props.byChannel, key, order, locale, format])

  return (
    <>
      <DataTable<ChannelRow>
        caption={t('byChannelCaption')}
        columns={columns}
        rows={rows}
        rowKey={(row) => row.channel}
        sort={{ key, order }}
        onSort={onSort}
      />
      {rows.length > 0 && (
        <>
          <h3>{t('heatmapTitle')}</h3>
          <PlotChart label={t('heatmapLabel')} options={heatmap} class="heatmap" minWidth={640} />
        </>
      )}
    </>
  )
}
