/**
 * Alerts (`/dashboard/alerts?state=dead`): the alert outbox, newest first: each alert's state,
 * dead letters foremost, and per destination its attempts, next attempt and last error. Sales
 * and admin sessions see it (as `GET /api/v1/alerts` lets them); an admin may resend a dead
 * letter, after which the list is loaded again and shows it pending (or already delivered).
 */
import type { JSX } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import type { AlertState, AlertsResponse } from '../../api/types.js'
import { useApi } from '../../app/api.js'
import { Loaded } from '../../app/components/loaded.js'
import { useFormat } from '../../app/format.js'
import { useT } from '../../app/i18n.js'
import { canResend, canSeeAlerts, useMe } from '../../app/me.js'
import { setQuery, useQuery } from '../../app/router.js'
import { AlertsTable } from './alerts-table.js'
import { type AlertsKey, messages } from './messages.js'
import './alerts.css'

const FILTERS = ['all', 'dead', 'pending', 'delivered'] as const
type Filter = (typeof FILTERS)[number]
const LIMIT = 200

const EMPTY: Record<Filter, AlertsKey> = {
  all: 'emptyAll',
  dead: 'emptyDead',
  pending: 'emptyPending',
  delivered: 'emptyDelivered',
}

export function AlertsPage(): JSX.Element {
  const t = useT(messages)
  const me = useMe()
  const query = useQuery()
  const filter: Filter = (FILTERS as readonly string[]).includes(query.state ?? '')
    ? (query.state as Filter)
    : 'all'
  // A resend bumps it: the list mounts afresh and asks the server where the alert stands now.
  const [version, setVersion] = useState(0)
  const [notice, setNotice] = useState('')
  const noticeRef = useRef<HTMLParagraphElement>(null)
  useEffect(() => {
    // The pressed button is gone with the old list: the keyboard continues at the announcement.
    if (notice) noticeRef.current?.focus()
  }, [notice])
  return (
    <section class="alerts-page" aria-labelledby="alerts-title">
      <h1 id="alerts-title">{t('title')}</h1>
      <p class="page-intro">{t('intro')}</p>
      {me && !canSeeAlerts(me) ? (
        <p class="state">{t('forbidden')}</p>
      ) : (
        <>
          <fieldset class="alerts-filter">
            <legend>{t('filter')}</legend>
            {FILTERS.map((value) => (
              <label key={value}>
                <input
                  type="radio"
                  name="alerts-filter"
                  value={value}
                  checked={filter === value}
                  onChange={() => setQuery({ state: value === 'all' ? undefined : value })}
                />{' '}
                {t(`filter.${value}`)}
              </label>
            ))}
          </fieldset>
          <p class="resend-notice" role="status" tabIndex={-1} ref={noticeRef}>
            {notice}
          </p>
          <AlertsList
            key={version}
            state={filter === 'all' ? undefined : filter}
            mayResend={canResend(me)}
            onResent={(text) => {
              setNotice(text)
              setVersion((current) => current + 1)
            }}
          />
        </>
      )}
    </section>
  )
}

function AlertsList(props: {
  state: AlertState | undefined
  mayResend: boolean
  onResent: (text: string) => void
}): JSX.Element {
  const t = useT(messages)
  const format = useFormat()
  const answer = useApi<AlertsResponse>('alerts', { state: props.state, limit: LIMIT })
  return (
    <Loaded
      value={answer}
      isEmpty={(data) => data.alerts.length === 0}
      empty={
        <>
          <p class="state-title">{t('emptyTitle')}</p>
          <p>{t(EMPTY[props.state ?? 'all'])}</p>
        </>
      }
    >
      {(data) => {
        const dead = data.alerts.filter((alert) => alert.state === 'dead').length
        return (
          <>
            {props.state === undefined && dead > 0 ? (
              <div class="dead-notice" role="note">
                <p>
                  <span aria-hidden="true">✖ </span>
                  {dead === 1 ? t('deadNotice1') : t('deadNotice', { count: format.number(dead) })}
                </p>
                <button type="button" onClick={() => setQuery({ state: 'dead' })}>
                  {t('showDead')}
                </button>
              </div>
            ) : null}
            <AlertsTable
              alerts={data.alerts}
              mayResend={props.mayResend}
              onResent={props.onResent}
            />
          </>
        )
      }}
    </Loaded>
  )
}
