/**
 * Leadhouse SDK entry for the script tag. Reads the options from the tag, starts tracking,
 * and replays the calls the page made to the queue stub before the script loaded:
 *
 *   <script>window.lh=window.lh||function(){(lh.q=lh.q||[]).push(arguments)}</script>
 *   lh('identify', 'ada@example.com')
 *
 * Never throws into the host page, and starts once even when loaded twice.
 */
import { configureFromScript } from './config.js'
import { attempt, doc, win } from './dom.js'
import { type Api, createTracker } from './tracker.js'

type Lh = ((command: keyof Api, ...args: unknown[]) => void) & { q?: Iterable<unknown>[]; l?: 1 }
declare global {
  interface Window {
    lh?: Lh
  }
}

attempt(() => {
  const stub = win.lh
  if (configureFromScript(doc.currentScript as HTMLScriptElement | null) && !stub?.l) {
    const api = createTracker()
    // An unknown command throws here, and is swallowed (and logged in debug mode).
    const lh: Lh = (command, ...args) =>
      attempt(() => api && (api[command] as (...a: unknown[]) => void)(...args))
    lh.l = 1
    win.lh = lh
    // The stub keeps each call's `arguments`.
    for (const call of stub?.q ?? []) lh(...(call as Parameters<Lh>))
  }
})
