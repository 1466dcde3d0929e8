/**
 * lh-forms.js, the opt-in second script beside lh.js: identification from same-origin frames,
 * formless lead forms, `form.submit()`, a single-page app's next step and the shadow roots lh.js
 * does not see (closed ones, those in frames; `extendForms`). It holds and flushes submissions through lh.js's own (its internal `h` and
 * `f` commands), so it does nothing before lh.js runs, where lh.js does not track (no site,
 * Do-Not-Track, an automated browser), nor beside a tag with `data-forms="false"`. The two
 * tags may come in either order.
 *
 *   <script defer src="https://collector.example.com/lh.js" data-site="KEY"></script>
 *   <script defer src="https://collector.example.com/lh-forms.js"></script>
 */
import { attempt, doc, win } from './dom.js'
import { extendForms } from './forms-extension.js'

/** lh.js's `lh` once it runs (`l`), tracking; before, the page's queue stub or nothing. */
type Lh = ((command: string, ...args: unknown[]) => void) & { l?: 1 }

/** Runs an lh.js command when lh.js is running: a stub would keep calls lh.js never replays. */
const call = (command: string, ...args: unknown[]) => {
  const lh = (win as { lh?: Lh }).lh
  if (lh?.l) lh(command, ...args)
}

attempt(() => {
  // lh.js identifies from no form at all with `data-forms="false"`: nor does this script.
  if (!doc.querySelector('script[data-forms=false]'))
    extendForms(
      (by, root) => call('h', by, root),
      () => call('f'),
    )
})
