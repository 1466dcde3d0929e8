import { after, closestTo, doc, on, type win } from './dom.js'
import { EMAIL, identify } from './events.js'
import type { WireFormTraits } from './wire.js'

/**
 * What a form (or another container) says about its visitor: the first valid email address, the
 * traits found beside it (by position, named by the collector) and how many fields a person can
 * see there. Only such fields are read: not hidden ones, honeypot traps included (`display` or
 * `visibility` hidden, transparent, zero-size or moved past the page's top or left edge, out of
 * the tab order, `aria-hidden`), nor fields marked `data-lh-ignore` or inside something marked so.
 */
export function readIdentity(
  root: ParentNode,
): [email: string | undefined, traits: WireFormTraits, visible: number] {
  let email: string | undefined
  const traits: WireFormTraits = []
  let visible = 0
  /**
   * What a field is, matched on `type name id autocomplete`; the first match wins. 0: never read
   * (passwords, file inputs, payment cards: autocomplete `cc-*`, card numbers, CVC, IBAN, expiry;
   * hidden inputs have no box, so they are never visible); 1: the email; then the traits of
   * `FORM_TRAITS` in wire.ts, in their order.
   */
  const kinds = [
    /pass|file|card|cc-|ccn|cv[cv]|csc|iban|expir|secur/i,
    /mail/i,
    /compan|organization( |$)|firma|unternehmen/i,
    /job|position|title/i,
    /(^| )(full|first|given|vor)?.?name( |$)/i,
  ]
  for (const field of root.querySelectorAll<HTMLInputElement>('input,select,textarea')) {
    const box = field.getBoundingClientRect()
    const description = `${field.type} ${field.name} ${field.id} ${field.autocomplete}`
    const kind = kinds.findIndex((pattern) => pattern.test(description))
    if (
      // At least 2 by 2 pixels, and not moved past the page's left or top edge.
      Math.min(box.width, box.height, box.right, box.bottom + scrollY) > 1 &&
      field.tabIndex >= 0 &&
      // Where the browser has no checkVisibility (before 2024), the other tests decide.
      field.checkVisibility?.({ checkOpacity: true, checkVisibilityCSS: true }) !== false &&
      !field.closest('[data-lh-ignore],[aria-hidden=true]')
    ) {
      visible++
      if (kind > 0) {
        const value = field.value.trim()
        if (kind < 2) {
          if (EMAIL.test(value)) email ??= value
        } else if (value) traits[kind - 2] ??= value
      }
    }
  }
  return [email, traits, visible]
}

/** The submission waiting to go through: what `readIdentity` found in it. */
let pending: ReturnType<typeof readIdentity> | 0

/** Identifies the pending submission: it went through. */
const flush = () => {
  pending && identify(...(pending as unknown as [string, WireFormTraits]))
  pending = 0
}

/**
 * Holds a submission until it goes through: a request (`fetch`, `XMLHttpRequest`), a navigation
 * (`pushState`) or leaving the page (`pagehide`) within 3 seconds, or those 3 seconds passing when it was not cancelled (`by`:
 * a submit event the page did not cancel, the form of `form.submit()`, a `data-lh-identify`
 * container). A new submission replaces it (its timer then finds another one held and leaves
 * it be): the one the page rejected, corrected and submitted again, is never sent.
 */
const hold = (found: ReturnType<typeof readIdentity>, by?: unknown) => {
  pending = found
  setTimeout(() => {
    if (pending === found) {
      if (by && !(by as Event).defaultPrevented) flush()
      pending = 0
    }
  }, 3000)
}

/**
 * Identifies the visitor from what they submit, in this window and every same-origin frame and
 * shadow root in it, present now or added later:
 * - forms: at their submit event (capture: before the page can stop it, and in its shadow root
 *   too, which `submit` does not leave), and `form.submit()`, which fires no event;
 * - formless lead forms: a click on a button-like control (`button`, `role=button`, a submit or
 *   button input) inside a container, the nearest element around the click holding a field,
 *   with at least two visible fields (a lone newsletter box is not a lead form);
 * - containers marked `data-lh-identify`: a click on a button-like control inside, one field
 *   being enough.
 * Each submission is held until it goes through (`hold`). `identify` checks the email: without
 * one, nothing is sent.
 */
export function initForms(): void {
  /** Watches a document or shadow root, and a document's window: its requests and when it is left. */
  const watch = (root?: Document | ShadowRoot | null) => {
    if (!root) return
    const view = (root as Document).defaultView as typeof win | undefined
    if (view) {
      after(view.Element.prototype, 'attachShadow', watch)
      after(view.HTMLFormElement.prototype, 'submit', (_, form) => hold(readIdentity(form), form))
      after(view, 'fetch', flush)
      after(view.history, 'pushState', flush)
      after(view.XMLHttpRequest.prototype, 'send', flush)
      on(view, 'pagehide', flush)
      on(root, 'click', (event) => {
        const marked = closestTo(event, '[data-lh-identify]')
        const box = marked || closestTo(event, ':has(input,select,textarea)')
        if (box && closestTo(event, 'button,[role=button],[type=button],[type=submit]')) {
          const found = readIdentity(box)
          if (marked || found[2] > 1) hold(found, marked)
        }
      })
    }
    on(root, 'submit', (event) => hold(readIdentity(event.target as Element), event))
    // A frame's document loaded, now or later (`load` does not leave a shadow root either).
    on(root, 'load', (event) => watch((event.target as HTMLIFrameElement).contentDocument))
    for (const element of root.querySelectorAll('*'))
      watch(element.shadowRoot || (element as HTMLIFrameElement).contentDocument)
  }
  watch(doc)
}
