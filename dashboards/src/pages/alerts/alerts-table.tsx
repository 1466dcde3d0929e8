import type { JSX } from 'preact'
import type { AlertDelivery, AlertRow, AlertState } from '../../api/types.js'
import { type Column, DataTable } from '../../app/components/data-table.js'
import { type Formatters, useFormat } from '../../app/format.js'
import { useT } from '../../app/i18n.js'
import { Link } from '../../app/router.js'
import { LEAD_DETAIL_PATH } from '../leads/leads-table.js'
import { destinationLabel, type T, triggerLabel } from './labels.js'
import { messages, stateKey } from './messages.js'
import { ResendButton } from './resend-button.js'

/** A shape per state, so that the state does not rest on its colour alone. */
const ICONS: Record<AlertState, string> = { dead: '✖', pending: '◷', delivered: '✔' }

export function AlertStateBadge(props: { state: AlertState }): JSX.Element {
  const t = useT(messages)
  return (
    <span class={`alert-state alert-state-${props.state}`}>
      <span aria-hidden="true">{ICONS[props.state]}</span> {t(stateKey(props.state))}
    </span>
  )
}

function Deliveries(props: {
  deliveries: Record<string, AlertDelivery>
  t: T
  format: Formatters
}) {
  const { t, format } = props
  return (
    <ul class="alert-deliveries">
      {Object.entries(props.deliveries).map(([kind, delivery]) => (
        <li key={kind} class={`alert-delivery-${delivery.state}`}>
          <strong>{destinationLabel(t, kind)}</strong>: {t(stateKey(delivery.state))}
          {' · '}
          {delivery.attempts === 1
            ? t('attempts1')
            : t('attempts', { count: format.number(delivery.attempts) })}
          {delivery.state === 'pending' && delivery.next_attempt_at
            ? ` · ${t('nextAttempt', { time: format.dateTime(delivery.next_attempt_at) })}`
            : ''}
          {delivery.state === 'delivered' && delivery.delivered_at
            ? ` · ${t('deliveredAt', { time: format.dateTime(delivery.delivered_at) })}`
            : ''}
          {delivery.last_error && delivery.state !== 'delivered' ? (
            <span class="alert-error">{t('lastError', { error: delivery.last_error })}</span>
          ) : null}
        </li>
      ))}
    </ul>
  )
}

/** The outbox's alerts; dead letters marked, with a resend for the roles that may. */
export function AlertsTable(props: {
  alerts: AlertRow[]
  mayResend: boolean
  onResent: (text: string) => void
}): JSX.Element {
  const t = useT(messages)
  const format = useFormat()
  const columns: Column<AlertRow>[] = [
    {
      key: 'state',
      label: t('column.state'),
      render: (row) => <AlertStateBadge state={row.state} />,
    },
    { key: 'trigger', label: t('column.trigger'), render: (row) => triggerLabel(t, row.trigger) },
    {
      key: 'lead',
      label: t('column.lead'),
      render: (row) => (
        <Link path={LEAD_DETAIL_PATH} query={{ email: row.email }} class="lead-link">
          {row.email}
        </Link>
      ),
    },
    {
      key: 'owner',
      label: t('column.owner'),
      render: (row) => `${row.owner || '–'} / ${row.team || t('noTeam')}`,
    },
    {
      key: 'triggeredAt',
      label: t('column.triggeredAt'),
      render: (row) => format.dateTime(row.triggered_at),
    },
    {
      key: 'queuedAt',
      label: t('column.queuedAt'),
      render: (row) => format.dateTime(row.queued_at),
    },
    {
      key: 'deliveries',
      label: t('column.deliveries'),
      render: (row) => <Deliveries deliveries={row.deliveries} t={t} format={format} />,
    },
  ]
  if (props.alerts.some((row) => row.state === 'dead'))
    columns.push({
      key: 'action',
      label: t('column.action'),
      render: (row) =>
        row.state !== 'dead' ? (
          ''
        ) : props.mayResend ? (
          <ResendButton alert={row} onResent={props.onResent} />
        ) : (
          <span class="hint">{t('resendOnlyAdmin')}</span>
        ),
    })
  return (
    <DataTable
      caption={t('caption', { count: format.number(props.alerts.length) })}
      columns={columns}
      rows={props.alerts}
      rowKey={(row) => row.alert_id}
    />
  )
}
