/**
 * lh-forms.js, the opt-in second script beside lh.js: identification from same-origin frames,
 * formless lead forms and `form.submit()` (`extendForms`). It hands its extension to lh.js with
 * the `x` command: at once when lh.js runs already, else through the queue stub, which lh.js
 * replays when it starts (so the two tags may load in either order). Nothing starts where lh.js
 * does not track (no site, Do-Not-Track, an automated browser) or beside a tag with
 * `data-forms="false"`.
 *
 *   <script defer src="https://collector.example.com/lh.js" data-site="KEY"></script>
 *   <script defer src="https://collector.example.com/lh-forms.js"></script>
 */
import { attempt, doc, win } from './dom.js'
import { extendForms } from './forms-extension.js'

type Lh = ((...args: unknown[]) => void) & { q?: unknown[] }
const global = win as { lh?: Lh }

attempt(() => {
  // lh.js identifies from no form at all with `data-forms="false"`: nor does this script.
  if (doc.querySelector('script[data-forms=false]')) return
  // lh.js, or the queue stub of its embed snippet (made here when the page has none), which
  // lh.js replays when it starts.
  if (!global.lh) {
    const queue: unknown[] = []
    global.lh = Object.assign(
      function (this: unknown) {
        // biome-ignore lint/complexity/noArguments: the stub keeps each call's `arguments`, as lh.js replays them
        queue.push(arguments)
      },
      { q: queue },
    )
  }
  global.lh('x', extendForms)
})
