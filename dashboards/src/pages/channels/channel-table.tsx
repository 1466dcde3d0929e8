/**
 * The channels table: one row per channel, its source/medium/campaign rows below it behind a
 * disclosure button (Enter or Space toggles it as any button; ArrowRight opens, ArrowLeft
 * closes, as in a tree), and the spend no touchpoint matched as a line of its own.
 */
import type { JSX } from 'preact'
import { useState } from 'preact/hooks'
import type { ChannelKpiRow, ChannelsResponse } from '../../api/types.js'
import { type Formatters, useFormat } from '../../app/format.js'
import { useT } from '../../app/i18n.js'
import { channelName, modelName } from './labels.js'
import { type ChannelsKey, messages } from './messages.js'

type Translate = (key: ChannelsKey, vars?: Record<string, string | number>) => string

interface MetricColumn {
  label: ChannelsKey
  render: (row: ChannelKpiRow, fmt: Formatters, currency: string, t: Translate) => string
}

/** Counts are attributed credit: a linear model gives a lead a third to each of three touches. */
const METRICS: readonly MetricColumn[] = [
  { label: 'colSpend', render: (row, fmt, currency) => fmt.money(row.spend, currency) },
  { label: 'colLeads', render: (row, fmt) => fmt.number(row.leads, 1) },
  { label: 'colMqls', render: (row, fmt) => fmt.number(row.mqls, 1) },
  { label: 'colCustomers', render: (row, fmt) => fmt.number(row.customers, 1) },
  { label: 'colRevenue', render: (row, fmt, currency) => fmt.money(row.revenue, currency) },
  { label: 'colCpl', render: (row, fmt, currency) => fmt.money(row.cpl, currency) },
  { label: 'colCostPerMql', render: (row, fmt, currency) => fmt.money(row.costPerMql, currency) },
  { label: 'colCpa', render: (row, fmt, currency) => fmt.money(row.cpa, currency) },
  {
    label: 'colRoas',
    render: (row, fmt, _currency, t) =>
      row.roas === null ? fmt.number(null) : t('roasValue', { value: fmt.number(row.roas, 2) }),
  },
  { label: 'colRoi', render: (row, fmt) => fmt.percent(row.roi) },
]

export function ChannelTable(props: { data: ChannelsResponse }): JSX.Element {
  const t = useT(messages)
  const fmt = useFormat()
  const { data } = props
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set())
  const caption = t('tableCaption', { model: modelName(t, data.model) })
  const allOpen = data.channels.length > 0 && data.channels.every((row) => open.has(row.channel))

  const toggle = (channel: string, expanded: boolean): void => {
    const next = new Set(open)
    if (expanded) next.add(channel)
    else next.delete(channel)
    setOpen(next)
  }
  const onKeyDown = (channel: string, event: KeyboardEvent) => {
    if (event.key === 'ArrowRight') toggle(channel, true)
    else if (event.key === 'ArrowLeft') toggle(channel, false)
    else return
    event.preventDefault()
  }
  const cells = (row: ChannelKpiRow) =>
    METRICS.map((metric) => (
      <td key={metric.label} class="num">
        {metric.render(row, fmt, data.currency, t)}
      </td>
    ))

  return (
    <div class="channels-table">
      <div class="table-tools">
        <button
          type="button"
          onClick={() =>
            setOpen(allOpen ? new Set() : new Set(data.channels.map((r) => r.channel)))
          }
        >
          {t(allOpen ? 'collapseAll' : 'expandAll')}
        </button>
      </div>
      {/* Scrolls sideways at 375 px, as the shared DataTable does: the box takes the focus. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard */}
      <section class="table-scroll" tabIndex={0} aria-label={caption}>
        <table class="data-table">
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t('colChannel')}</th>
              {METRICS.map((metric) => (
                <th key={metric.label} scope="col" class="num">
                  {t(metric.label)}
                </th>
              ))}
            </tr>
          </thead>
          {data.channels.map((row) => {
            const expanded = open.has(row.channel)
            return (
              <tbody key={row.channel}>
                <tr class="channel-row">
                  <th scope="row">
                    <button
                      type="button"
                      class="disclosure"
                      aria-expanded={expanded}
                      aria-label={t(expanded ? 'collapse' : 'expand', {
                        channel: channelName(t, row.channel),
                      })}
                      onClick={() => toggle(row.channel, !expanded)}
                      onKeyDown={(event) => onKeyDown(row.channel, event)}
                    >
                      <span aria-hidden="true" class="disclosure-icon">
                        {expanded ? '▾' : '▸'}
                      </span>
                      {channelName(t, row.channel)}
                    </button>
                  </th>
                  {cells(row)}
                </tr>
                {expanded && row.campaigns.length === 0 && (
                  <tr class="campaign-row">
                    <td colSpan={METRICS.length + 1}>{t('noCampaigns')}</td>
                  </tr>
                )}
                {expanded &&
                  row.campaigns.map((campaign) => (
                    <tr key={campaignKey(campaign)} class="campaign-row">
                      <th scope="row">
                        <CampaignName row={campaign} notSet={t('notSet')} />
                      </th>
                      {cells(campaign)}
                    </tr>
                  ))}
              </tbody>
            )
          })}
          <tfoot>
            <tr class="unmatched-row">
              <th scope="row">{t('unmatched')}</th>
              <td class="num">{fmt.money(data.unmatchedSpend, data.currency)}</td>
              <td colSpan={METRICS.length - 1} class="hint">
                {data.unmatchedSpend > 0 ? t('unmatchedHelp') : ''}
              </td>
            </tr>
          </tfoot>
        </table>
      </section>
    </div>
  )
}

function campaignKey(row: ChannelKpiRow): string {
  return JSON.stringify([row.source ?? '', row.medium ?? '', row.campaign ?? ''])
}

/** Campaign, then source / medium; an empty UTM value reads "(not set)", as analytics tools say. */
function CampaignName(props: { row: ChannelKpiRow; notSet: string }): JSX.Element {
  const show = (value: string | undefined) => (value ? value : props.notSet)
  return (
    <span class="campaign-name">
      <span>{show(props.row.campaign)}</span>{' '}
      <span class="campaign-source">
        {show(props.row.source)} / {show(props.row.medium)}
      </span>
    </span>
  )
}
