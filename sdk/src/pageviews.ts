import { options } from './config.js'
import { after, doc, on, win } from './dom.js'
import { shown, showPage } from './engagement.js'
import { emit, path } from './events.js'
import { pathMatcher } from './paths.js'

/**
 * Page views: the first load, SPA navigation (`pushState`, `replaceState`, `popstate`, which hash
 * changes fire too: page views with hash routing), and restores from the back/forward cache. The
 * same path twice in a row counts once. Each new path reports the engagement of the page left and
 * starts measuring the one shown. Returns `page(force)` for manual page views (`1`: forced,
 * a byte less than the minifier's `!0`).
 */
export function initPageviews(): (force?: 1) => void {
  const excluded = pathMatcher(options.exclude)
  // The collector flags the default pricing pages itself.
  const pricing = options.pricing && pathMatcher(options.pricing)
  // The referrer (or '') belongs to the first view of a page load; the collector keeps it only
  // when it is another site.
  let referrer: string | undefined = doc.referrer

  // Forced by `1` only: `popstate` passes its event, `after` nothing.
  const page = (force?: unknown) => {
    const current = path()
    // An excluded page sends nothing: no view, no engagement.
    if (excluded.test(current)) return showPage()
    if (current !== shown.p) showPage(current)
    else if (force !== 1) return
    emit('pageview', {
      r: referrer,
      ti: doc.title,
      z: Intl.DateTimeFormat().resolvedOptions().timeZone,
      sc: `${screen.width}x${screen.height}`,
      pr: pricing ? pricing.test(current) : undefined,
    })
    referrer = undefined
  }
  after(history, 'pushState', page)
  after(history, 'replaceState', page)
  // A hash change is a history entry of its own: browsers fire `popstate` for it (before
  // `hashchange`), so hash routing needs no listener of its own.
  on(win, 'popstate', page)
  on<PageTransitionEvent>(win, 'pageshow', (event) => event.persisted && page(1))
  page()
  return page
}
