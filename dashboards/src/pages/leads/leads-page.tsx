/**
 * The Leads page (`/dashboard/leads`): every lead with their score, searchable, filterable,
 * sortable and paginated, all of it in the URL so that a view can be shared; a CSV of the rows
 * shown; each row opens the lead's detail.
 */
import type { JSX } from 'preact'
import { useRef } from 'preact/hooks'
import type { LeadsResponse } from '../../api/types.js'
import { apiUrl, type Loadable, useApi } from '../../app/api.js'
import { Loaded } from '../../app/components/loaded.js'
import { NotBuilt, useNotBuilt } from '../../app/components/not-built.js'
import { useT } from '../../app/i18n.js'
import { setQuery, useFilters, useQuery } from '../../app/router.js'
import { LeadFilters } from './lead-filters.js'
import { isFiltered, leadsApiParams, pageCount, readLeadsQuery, sortPatch } from './leads-query.js'
import { LeadsTable } from './leads-table.js'
import { messages } from './messages.js'
import { Pagination } from './pagination.js'
import './leads.css'

export function LeadsPage(): JSX.Element {
  const t = useT(messages)
  const state = readLeadsQuery(useQuery())
  const params = leadsApiParams(state, useFilters().site)
  const leads = useShownWhileLoading(useApi<LeadsResponse>('leads', params))
  const notBuilt = useNotBuilt()

  return (
    <section class="leads-page" aria-labelledby="leads-title">
      <h1 id="leads-title">{t('title')}</h1>
      <p class="page-intro">{t('intro')}</p>
      {notBuilt ? null : <LeadFilters state={state} onChange={setQuery} />}
      {notBuilt ? (
        <NotBuilt />
      ) : (
        <Loaded
          value={leads.value}
          isEmpty={(data) => data.total === 0}
          empty={<p>{isFiltered(state) ? t('emptyFiltered') : t('emptyAll')}</p>}
        >
          {(data) =>
            data.rows.length === 0 ? (
              // A shared URL of a page that no longer exists (the list got shorter).
              <p class="state">
                {t('pastEnd')}{' '}
                <button
                  type="button"
                  class="button-link"
                  onClick={() => setQuery({ page: undefined })}
                >
                  {t('firstPage')}
                </button>
              </p>
            ) : (
              <div aria-busy={leads.stale}>
                <LeadsTable
                  rows={data.rows}
                  state={state}
                  page={data.page}
                  total={data.total}
                  pageSize={data.pageSize}
                  onSort={(key) => setQuery(sortPatch(state, key))}
                />
                <div class="table-footer">
                  <Pagination
                    page={data.page}
                    pages={pageCount(data.total, data.pageSize)}
                    onPage={(page) => setQuery({ page: page > 1 ? String(page) : undefined })}
                  />
                  <a class="csv-link" href={apiUrl('leads', { ...params, format: 'csv' })} download>
                    {t('export')}
                  </a>
                </div>
              </div>
            )
          }
        </Loaded>
      )}
    </section>
  )
}

/**
 * The last list while the next one loads: the table stays in place (and the focus on the
 * button that asked for the next page) instead of blinking through "Loading…".
 */
function useShownWhileLoading<T>(value: Loadable<T>): { value: Loadable<T>; stale: boolean } {
  const last = useRef<T | undefined>(undefined)
  if (value.status === 'ready') last.current = value.data
  if (value.status === 'loading' && last.current !== undefined)
    return { value: { status: 'ready', data: last.current }, stale: true }
  return { value, stale: false }
}
