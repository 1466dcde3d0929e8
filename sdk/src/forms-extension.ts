import { after, attempt, closestTo, doc, on, type win } from './dom.js'
import { type flush as flushHeld, type hold as holdSubmission, visible } from './forms.js'

/**
 * Runs `hook` with the result and the receiver of every later call of `target[method]` (lh.js's
 * `after`, which needs neither). The page's own call runs unguarded; only `hook` is guarded.
 */
const afterWith = <T, R>(target: T, method: keyof T, hook: (result: R, self: T) => void): void => {
  const original = target[method] as (...args: unknown[]) => R
  target[method] = function (this: T, ...args: unknown[]) {
    const result = original.apply(this, args)
    attempt(() => hook(result, this))
    return result
  } as T[keyof T]
}

/**
 * lh-forms.js's part of identification, on top of lh.js's (forms of the page and of its open
 * shadow roots, `data-lh-identify` containers; each submission held until it goes through;
 * hidden fields never read), for lead forms built in other ways, with lh.js's reading of fields
 * and held submission (`hold`, `flush`: lh.js's own, through its internal `h` and `f` commands,
 * so that one submission replaces another wherever each was made):
 * - shadow roots watched from the start, present at load or attached later: closed ones attached
 *   after it, those inside frames, and submissions in an open one that no click inside it
 *   preceded (lh.js listens in an open shadow root from the first click there; where both
 *   listen, the second hold replaces the first, the same submission: one identify);
 * - same-origin frames, present at load or added later (inside shadow roots too): their forms,
 *   requests and being left are watched as lh.js watches the page's;
 * - a single-page app moving on with `history.pushState` (the page's and each frame's): a held
 *   submission went through;
 * - `form.submit()`, which fires no submit event (the page's own submit still happens, once);
 * - formless lead forms: a click on a button-like control (`button`, `role=button`, a submit or
 *   button input) inside a container, the nearest element around the click holding a field,
 *   with at least two visible fields (a lone newsletter box is not a lead form), or inside a
 *   `data-lh-identify` container, one field being enough.
 */
export const extendForms = (hold: typeof holdSubmission, flush: typeof flushHeld): void => {
  const watch = (root: Document | ShadowRoot) => {
    const view = (root as Document).defaultView as typeof win | null | undefined
    if (view) {
      afterWith(view.Element.prototype, 'attachShadow', watch)
      afterWith(view.HTMLFormElement.prototype, 'submit', (_, form: HTMLFormElement) =>
        hold(form, form),
      )
      on(root, 'click', (event) => {
        const marked = closestTo(event, '[data-lh-identify]')
        const box = marked || closestTo(event, ':has(input,select,textarea)')
        if (
          box &&
          closestTo(event, 'button,[role=button],[type=button],[type=submit]') &&
          (marked ||
            [...box.querySelectorAll<HTMLInputElement>('input,select,textarea')].filter(visible)
              .length > 1)
        )
          // Only a request or a navigation tells that a formless container went through.
          hold(marked || { defaultPrevented: true }, box)
      })
    }
    if (view) {
      // A single-page app moving on to its next step: the held submission went through.
      after(view.history, 'pushState', flush)
      // lh.js watches the page's own forms, requests and being left: here a frame's.
      if (root !== doc) {
        after(view, 'fetch', flush)
        after(view.XMLHttpRequest.prototype, 'send', flush)
        on(view, 'pagehide', flush)
      }
    }
    // lh.js listens in the page itself.
    if (root !== doc) on(root, 'submit', hold)
    // A frame's document loaded, now or later (`load` does not leave a shadow root).
    on(root, 'load', (event) => {
      const frameDoc = (event.target as HTMLIFrameElement).contentDocument
      if (frameDoc) watch(frameDoc)
    })
    for (const element of root.querySelectorAll('*')) {
      const inner = element.shadowRoot || (element as HTMLIFrameElement).contentDocument
      if (inner) watch(inner)
    }
  }
  watch(doc)
}
