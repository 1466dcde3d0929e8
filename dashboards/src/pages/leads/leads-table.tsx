import type { JSX } from 'preact'
import type { LeadListRow } from '../../api/types.js'
import { type Column, DataTable } from '../../app/components/data-table.js'
import { useFormat } from '../../app/format.js'
import { useT } from '../../app/i18n.js'
import { Link } from '../../app/router.js'
import { label, labelMessages } from './lead-labels.js'
import type { LeadsQuery, SortKey } from './leads-query.js'
import { SORT_KEYS } from './leads-query.js'
import { messages } from './messages.js'
import { TrafficLight } from './traffic-light.js'

/** The path of a lead's detail page; the email goes in the query (`?email=`). */
export const LEAD_DETAIL_PATH = '/dashboard/leads/detail'

export interface LeadsTableProps {
  rows: LeadListRow[]
  state: LeadsQuery
  /** The page these rows are (the read API's answer: the URL may already ask for the next). */
  page: number
  /** How many leads the filters match, for the caption ("Leads, 51–100 of 320"). */
  total: number
  pageSize: number
  onSort: (key: SortKey) => void
}

const isSortKey = (key: string): key is SortKey => (SORT_KEYS as readonly string[]).includes(key)

/** One page of leads: each row's email opens the lead; every column sorts the whole list. */
export function LeadsTable(props: LeadsTableProps): JSX.Element {
  const t = useT(messages)
  const tl = useT(labelMessages)
  const format = useFormat()
  const text = (value: string | null) => value || '–'
  const columns: Column<LeadListRow>[] = [
    {
      key: 'email',
      label: t('column.email'),
      sortable: true,
      render: (row) => (
        <Link path={LEAD_DETAIL_PATH} query={{ email: row.email }} class="lead-link">
          {row.email}
        </Link>
      ),
    },
    { key: 'name', label: t('column.name'), sortable: true, render: (row) => text(row.name) },
    {
      key: 'company',
      label: t('column.company'),
      sortable: true,
      render: (row) => text(row.company),
    },
    {
      key: 'score',
      label: t('column.score'),
      numeric: true,
      sortable: true,
      render: (row) => format.number(row.score, 1),
    },
    {
      key: 'temperature',
      label: t('column.temperature'),
      sortable: true,
      render: (row) => label(tl, 'temperature', row.temperature),
    },
    {
      key: 'trafficLight',
      label: t('column.trafficLight'),
      sortable: true,
      render: (row) => <TrafficLight light={row.trafficLight} />,
    },
    {
      key: 'stage',
      label: t('column.stage'),
      sortable: true,
      render: (row) => label(tl, 'stage', row.stage),
    },
    { key: 'owner', label: t('column.owner'), sortable: true, render: (row) => text(row.owner) },
    {
      key: 'firstTouchChannel',
      label: t('column.firstTouchChannel'),
      sortable: true,
      render: (row) => label(tl, 'channel', row.firstTouchChannel),
    },
    {
      key: 'lastActivityAt',
      label: t('column.lastActivityAt'),
      sortable: true,
      render: (row) => format.dateTime(row.lastActivityAt),
    },
  ]
  const first = (props.page - 1) * props.pageSize + 1
  const caption =
    props.rows.length === 0
      ? t('captionEmpty')
      : t('caption', {
          from: format.number(first),
          to: format.number(first + props.rows.length - 1),
          total: format.number(props.total),
        })
  return (
    <DataTable
      caption={caption}
      columns={columns}
      rows={props.rows}
      rowKey={(row) => row.email}
      sort={{ key: props.state.sort, order: props.state.order }}
      onSort={(key) => {
        if (isSortKey(key)) props.onSort(key)
      }}
    />
  )
}
