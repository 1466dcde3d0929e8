import type { JSX } from 'preact'
import type { QueueRow } from '../../api/types.js'
import { type Column, DataTable } from '../../app/components/data-table.js'
import { useFormat } from '../../app/format.js'
import { useT } from '../../app/i18n.js'
import { Link } from '../../app/router.js'
import { label, labelMessages } from '../leads/lead-labels.js'
import { LEAD_DETAIL_PATH } from '../leads/leads-table.js'
import { TrafficLight } from '../leads/traffic-light.js'
import { messages } from './messages.js'

/** One page of the queue: each email opens the lead, where the decision is made. */
export function QueueTable(props: {
  rows: QueueRow[]
  page: number
  pageSize: number
  total: number
}): JSX.Element {
  const t = useT(messages)
  const tl = useT(labelMessages)
  const format = useFormat()
  const text = (value: string | null) => value || '–'
  const columns: Column<QueueRow>[] = [
    {
      key: 'email',
      label: t('column.email'),
      render: (row) => (
        <Link path={LEAD_DETAIL_PATH} query={{ email: row.email }} class="lead-link">
          {row.email}
        </Link>
      ),
    },
    { key: 'name', label: t('column.name'), render: (row) => text(row.name) },
    { key: 'company', label: t('column.company'), render: (row) => text(row.company) },
    {
      key: 'score',
      label: t('column.score'),
      numeric: true,
      render: (row) => format.number(row.score, 1),
    },
    {
      key: 'trafficLight',
      label: t('column.trafficLight'),
      render: (row) => <TrafficLight light={row.trafficLight} />,
    },
    { key: 'owner', label: t('column.owner'), render: (row) => text(row.owner) },
    { key: 'mqlAt', label: t('column.mqlAt'), render: (row) => format.dateTime(row.mqlAt) },
    {
      key: 'channel',
      label: t('column.channel'),
      render: (row) => label(tl, 'channel', row.firstTouchChannel),
    },
  ]
  const first = (props.page - 1) * props.pageSize + 1
  return (
    <DataTable
      caption={t('caption', {
        first: format.number(first),
        last: format.number(first + props.rows.length - 1),
        total: format.number(props.total),
      })}
      columns={columns}
      rows={props.rows}
      rowKey={(row) => row.email}
    />
  )
}
