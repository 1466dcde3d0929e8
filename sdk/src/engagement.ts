import { doc, loc, on, win } from './dom.js'
import { emit } from './events.js'

/** When the page was last shown; false while it is hidden, undefined before it is measured. */
let since: number | false | undefined
/** Deepest scroll, percent of the page height, unrounded: the collector rounds it and caps it at 100. */
let depth = 0
/**
 * The page shown and measured: engagement belongs to it, not to the one shown when it is
 * reported. Page views compare paths with it. No path: an excluded page, not reported.
 */
export let shown: { u?: string; p?: string } = {}

const measure = () => {
  depth = Math.max(depth, ((scrollY + innerHeight) / (doc.documentElement.scrollHeight || 1)) * 100)
}

/** Reports the visible time since the last tick (if any), and starts counting if visible. */
const tick = () => {
  const visibleMs = since && Date.now() - since
  since = !doc.hidden && Date.now()
  if (visibleMs && shown.p) emit('engagement', { vt: visibleMs, sd: depth, ...shown })
}

/**
 * Visible time and deepest scroll of the current page, reported when the page is hidden or
 * left (a page being left turns hidden too, after `pagehide`), and before an SPA navigation;
 * each report covers the time since the previous one.
 */
export function startEngagement(): void {
  // Scroll events cannot be cancelled, so the listener has nothing to be passive about.
  on(win, 'scroll', measure)
  on(doc, 'visibilitychange', tick)
}

/**
 * Reports the page left and starts measuring the one now shown at `path`, none for an excluded
 * page (page views call it for the first page too: there is nothing to report yet).
 */
export function showPage(path?: string): void {
  tick()
  shown = { u: loc.href, p: path }
  depth = 0
  measure()
}
