import { pathMatcher } from './config.js'
import { doc, loc, on, win } from './dom.js'
import { emit, options, path } from './events.js'

/**
 * Page views: the first load, SPA navigation (`pushState`, `replaceState`, `popstate`), hash
 * changes with hash routing, and restores from the back/forward cache. The same path twice in
 * a row counts once. `leave` runs before each later view (engagement of the page left).
 * Returns `page(force)` for manual page views.
 */
export function initPageviews(leave: () => void): (force?: boolean) => void {
  const excluded = pathMatcher(options.exclude)
  const pricing = pathMatcher(options.pricing ?? '*/pricing,*/preise,*/prices,*/plans')
  let last: string | undefined
  // The referrer belongs to the first view of a page load, and only when it is another site.
  let referrer: string | undefined =
    doc.referrer.split('/')[2] !== loc.host ? doc.referrer || undefined : undefined

  const page = (force?: boolean) => {
    const current = path()
    if (current === last && !force) return
    // Engagement belongs to the page being left, not to a repeated view of the same one.
    if (last != null && current !== last) leave()
    last = current
    if (excluded(current)) return
    emit('pageview', {
      r: referrer,
      ti: doc.title,
      l: navigator.language,
      z: Intl.DateTimeFormat().resolvedOptions().timeZone,
      sc: `${screen.width}x${screen.height}`,
      pr: pricing(current) ? 1 : undefined,
    })
    referrer = undefined
  }

  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method]
    history[method] = function (this: History, ...args: Parameters<History['pushState']>) {
      // The page's own call runs unguarded: its result and its errors are the page's.
      const result = original.apply(this, args)
      try {
        page()
      } catch {}
      return result
    }
  }
  on(win, 'popstate', () => page())
  if (options.hash) on(win, 'hashchange', () => page())
  on<PageTransitionEvent>(win, 'pageshow', (event) => event.persisted && page(true))
  page()
  return page
}
