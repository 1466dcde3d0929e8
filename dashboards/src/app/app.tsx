import type { JSX } from 'preact'
import { useEffect } from 'preact/hooks'
import type { MeResponse, MetaResponse } from '../api/types.js'
import { useApi } from './api.js'
import { FilterBar } from './frame/filter-bar.js'
import { Header } from './frame/header.js'
import { useT } from './i18n.js'
import { setMe } from './me.js'
import { sharedMessages } from './messages.js'
import { setMeta, useMeta } from './meta.js'
import { usePage } from './page-loader.js'
import { usePath } from './router.js'
import { routeOf } from './routes.js'

/**
 * The layout: header, filter bar, the page of the URL. `/api/v1/meta` is loaded first (the
 * filters' options and default period come from it); if it fails the page still shows, with
 * the calendar's last 30 days.
 */
export function App(): JSX.Element {
  const t = useT(sharedMessages)
  const path = usePath()
  const route = routeOf(path)
  const meta = useApi<MetaResponse>('meta', {})
  const shared = useMeta()
  useEffect(() => {
    if (meta.status === 'ready') setMeta(meta.data)
  }, [meta])
  // Who the session is: the sales pages and actions show for the roles that may use them.
  const me = useApi<MeResponse>('me', {})
  useEffect(() => {
    if (me.status === 'ready') setMe(me.data)
  }, [me])
  // Pages wait for meta: their default period comes from it, and one fetch beats two.
  const waiting = meta.status === 'loading' || (meta.status === 'ready' && !shared)
  const title = route ? t(route.title) : t('notFound')
  useEffect(() => {
    document.title = `${title} · ${t('appName')}`
  }, [title, t])
  const page = usePage(route)
  const Page = page?.status === 'ready' ? page.page : undefined
  return (
    <>
      <Header />
      {route && (
        <FilterBar
          channelFilter={route.channelFilter}
          periodFilter={route.periodFilter !== false}
        />
      )}
      <main id="main" class="page" tabIndex={-1}>
        {waiting || page?.status === 'loading' ? (
          <p class="state state-loading" role="status">
            {t('loading')}
          </p>
        ) : page?.status === 'error' ? (
          // The page's chunk did not arrive: a reload asks for it (and for new names) again.
          <div class="state state-error" role="alert">
            <p>{t('errorTitle')}</p>
            <p>{t('errorHint')}</p>
            <button type="button" onClick={() => location.reload()}>
              {t('retry')}
            </button>
          </div>
        ) : Page ? (
          <Page />
        ) : (
          <p class="state">{t('notFound')}</p>
        )}
      </main>
    </>
  )
}
