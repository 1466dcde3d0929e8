/**
 * The most common conversion paths: each path as its channels in order (chips joined by
 * arrows; an ordered list, so a screen reader says the order), with its conversions, its share
 * of all conversions and the median days from the first touch to the conversion.
 */
import type { JSX } from 'preact'
import type { PathsResponse } from '../../api/types.js'
import { type Column, DataTable } from '../../app/components/data-table.js'
import { useFormat } from '../../app/format.js'
import { useT } from '../../app/i18n.js'
import { channelName, conversionName } from './labels.js'
import { messages } from './messages.js'

type PathRow = PathsResponse['rows'][number]

/** The path's channels in order; a conversion without a tracked visit (a lead the CRM alone knows) says so. */
export function PathChips(props: {
  path: readonly string[]
  emptyLabel: string
  channelOf: (channel: string) => string
}): JSX.Element {
  if (props.path.length === 0) return <span class="hint">{props.emptyLabel}</span>
  return (
    <ol class="path-chips">
      {props.path.map((channel, index) => (
        // A path may pass the same channel twice: the position keeps the keys apart.
        <li key={index}>
          {index > 0 && (
            <span class="path-arrow" aria-hidden="true">
              →
            </span>
          )}
          <span class="chip">{props.channelOf(channel)}</span>
        </li>
      ))}
    </ol>
  )
}

export function ConversionPaths(props: { data: PathsResponse }): JSX.Element {
  const t = useT(messages)
  const fmt = useFormat()
  const columns: Column<PathRow>[] = [
    {
      key: 'path',
      label: t('colPath'),
      render: (row) => (
        <PathChips
          path={row.path}
          emptyLabel={t('noTouches')}
          channelOf={(channel) => channelName(t, channel)}
        />
      ),
    },
    {
      key: 'conversions',
      label: t('colConversions'),
      numeric: true,
      render: (row) => fmt.number(row.conversions, 1),
    },
    { key: 'share', label: t('colShare'), numeric: true, render: (row) => fmt.percent(row.share) },
    {
      key: 'medianDays',
      label: t('colMedianDays'),
      numeric: true,
      render: (row) => fmt.days(row.medianDaysToConvert),
    },
  ]
  return (
    <DataTable
      caption={t('pathsCaption', { conversion: conversionName(t, props.data.conversion) })}
      columns={columns}
      rows={props.data.rows}
      rowKey={(row) => JSON.stringify(row.path)}
    />
  )
}
