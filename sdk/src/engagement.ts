import { doc, loc, on, win } from './dom.js'
import { emit, path } from './events.js'

/**
 * Visible time and deepest scroll of the current page, reported when the page is hidden or
 * left, and before an SPA navigation; each report covers the time since the previous one.
 * Returns `leave()`, which reports and starts measuring the page now shown.
 */
export function initEngagement(): () => void {
  let visibleMs = 0
  let since = 0
  let depth = 0
  let url = ''
  let page = ''

  const measure = () => {
    const reached = ((scrollY + innerHeight) / (doc.documentElement.scrollHeight || 1)) * 100
    depth = Math.max(depth, Math.min(100, Math.round(reached)))
  }
  const start = () => {
    since = doc.hidden ? 0 : Date.now()
  }
  const report = () => {
    if (since) visibleMs += Date.now() - since
    since = 0
    if (visibleMs) emit('engagement', { vt: visibleMs, sd: depth, u: url, p: page })
    visibleMs = 0
  }
  const begin = () => {
    url = loc.href
    page = path()
    depth = 0
    measure()
    start()
  }

  on(win, 'scroll', measure, { passive: true })
  on(doc, 'visibilitychange', () => (doc.hidden ? report() : start()))
  on(win, 'pagehide', report)
  begin()
  return () => {
    report()
    begin()
  }
}
