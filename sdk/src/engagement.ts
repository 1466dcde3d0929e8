import { doc, loc, on, win } from './dom.js'
import { emit, path } from './events.js'

/**
 * Visible time and deepest scroll of the current page, reported when the page is hidden or
 * left, and before an SPA navigation; each report covers the time since the previous one.
 * Returns `leave()`, which reports and starts measuring the page now shown (page views call it
 * for the first page too: there is nothing to report yet).
 */
export function initEngagement(): () => void {
  /** When the page was last shown, 0 while it is hidden or not measured yet. */
  let since = 0
  let depth = 0
  /** The page measured: engagement belongs to it, not to the one shown when it is reported. */
  let page = {}

  // Percent of the page height, unrounded: the collector rounds it and caps it at 100.
  const measure = () => {
    depth = Math.max(
      depth,
      ((scrollY + innerHeight) / (doc.documentElement.scrollHeight || 1)) * 100,
    )
  }
  /** Reports the visible time since the last tick (if any), and starts counting if visible. */
  const tick = () => {
    const visibleMs = since && Date.now() - since
    since = doc.hidden ? 0 : Date.now()
    if (visibleMs) emit('engagement', { vt: visibleMs, sd: depth, ...page })
  }

  // Scroll events cannot be cancelled, so the listener has nothing to be passive about.
  on(win, 'scroll', measure)
  // A page being left turns hidden too (after `pagehide`).
  on(doc, 'visibilitychange', tick)
  return () => {
    tick()
    page = { u: loc.href, p: path() }
    depth = 0
    measure()
  }
}
