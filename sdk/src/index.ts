/**
 * Leadhouse SDK entry for the script tag. Reads the options from the tag, starts tracking,
 * and replays the calls the page made to the queue stub before the script loaded:
 *
 *   <script>window.lh=window.lh||function(){(lh.q=lh.q||[]).push(arguments)}</script>
 *   lh('identify', 'ada@example.com')
 *
 * Never throws into the host page, and starts once even when loaded twice.
 */
import { optionsFromScript } from './config.js'
import { doc, log, win } from './dom.js'
import { type Api, createTracker } from './tracker.js'

type Lh = ((command: keyof Api, ...args: unknown[]) => void) & { q?: ArrayLike<unknown>[]; l?: 1 }
const global = win as { lh?: Lh } & typeof win

try {
  const stub = global.lh
  const options = optionsFromScript(doc.currentScript as HTMLScriptElement | null)
  if (options && !stub?.l) {
    const api = createTracker(options)
    const lh: Lh = (command, ...args) => {
      try {
        ;(api?.[command] as ((...a: unknown[]) => void) | undefined)?.(...args)
      } catch (error) {
        log(error)
      }
    }
    lh.l = 1
    global.lh = lh
    for (const call of stub?.q ?? []) lh(...(Array.from(call) as Parameters<Lh>))
  }
} catch {
  // A tracker must never break the page it is on.
}
