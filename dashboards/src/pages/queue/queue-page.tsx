/**
 * The MQL queue (`/dashboard/queue?mine=1&page=2`): the MQLs waiting for a sales decision,
 * oldest first. A sales session sees its own leads first (`mine=1` unless the URL says 0), an
 * admin all of them; each row opens the lead page, where the decision is made.
 */
import type { JSX } from 'preact'
import type { QueueResponse } from '../../api/types.js'
import { useApi } from '../../app/api.js'
import { Loaded } from '../../app/components/loaded.js'
import { useT } from '../../app/i18n.js'
import { canDecide, useMe } from '../../app/me.js'
import { setQuery, useQuery } from '../../app/router.js'
import { Pagination } from '../leads/pagination.js'
import { messages } from './messages.js'
import { QueueTable } from './queue-table.js'
import '../leads/leads.css'
import './queue.css'

const PAGE_SIZE = 50

export function QueuePage(): JSX.Element {
  const t = useT(messages)
  const me = useMe()
  const query = useQuery()
  const mine = query.mine ?? (me?.role === 'admin' ? '0' : '1')
  const page = Math.max(1, Number.parseInt(query.page ?? '1', 10) || 1)
  return (
    <section class="queue-page" aria-labelledby="queue-title">
      <h1 id="queue-title">{t('title')}</h1>
      <p class="page-intro">{t('intro')}</p>
      {me && !canDecide(me) ? (
        <p class="state">{t('forbidden')}</p>
      ) : (
        <>
          <fieldset class="queue-scope">
            <legend>{t('scope')}</legend>
            {(['1', '0'] as const).map((value) => (
              <label key={value}>
                <input
                  type="radio"
                  name="queue-scope"
                  value={value}
                  checked={mine === value}
                  onChange={() => setQuery({ mine: value, page: undefined })}
                />{' '}
                {t(value === '1' ? 'scope.mine' : 'scope.all')}
              </label>
            ))}
          </fieldset>
          <QueueList mine={mine} page={page} />
        </>
      )}
    </section>
  )
}

function QueueList(props: { mine: string; page: number }): JSX.Element {
  const t = useT(messages)
  const answer = useApi<QueueResponse>('queue', {
    mine: props.mine,
    page: props.page,
    pageSize: PAGE_SIZE,
  })
  return (
    <Loaded
      value={answer}
      isEmpty={(data) => data.total === 0}
      empty={
        <>
          <p class="state-title">{t('emptyTitle')}</p>
          <p>{t(props.mine === '1' ? 'emptyMine' : 'emptyAll')}</p>
        </>
      }
    >
      {(data) => (
        <>
          <QueueTable
            rows={data.rows}
            page={data.page}
            pageSize={data.pageSize}
            total={data.total}
          />
          <Pagination
            page={data.page}
            pages={Math.max(1, Math.ceil(data.total / data.pageSize))}
            onPage={(next) => setQuery({ page: String(next) })}
          />
        </>
      )}
    </Loaded>
  )
}
