import { after, closestTo, doc, on, win } from './dom.js'
import { EMAIL, identify } from './events.js'
import type { WireFormTraits } from './wire.js'

/**
 * Whether a person can see and type in `field`: not hidden, honeypot traps included (`display`
 * or `visibility` hidden, transparent, zero-size or moved past the page's top or left edge, out
 * of the tab order, `aria-hidden`), and not marked `data-lh-ignore` nor inside something marked
 * so. Hidden inputs have no box, so they are never visible.
 */
export const visible = (field: HTMLInputElement): boolean => {
  const box = field.getBoundingClientRect()
  // Transparent or `visibility` hidden too (the older option names, known to more browsers; `1`
  // is true to it, a byte less than the minifier's `!0`).
  const css = { checkOpacity: 1, checkVisibilityCSS: 1 } as unknown as CheckVisibilityOptions
  return (
    // At least 2 by 2 pixels, and not moved past the page's left or top edge; in the tab order
    // (a tabindex of at least 0: one comparison with the rest).
    Math.min(box.width, box.height, box.right, box.bottom + scrollY, field.tabIndex + 2) > 1 &&
    // Where the browser has no checkVisibility (before 2024), the other tests decide: undefined
    // is not false (`!=`, a byte less than `!==`).
    // biome-ignore lint/suspicious/noDoubleEquals: undefined (no checkVisibility) passes
    field.checkVisibility?.(css) != false &&
    !field.closest('[data-lh-ignore],[aria-hidden=true]')
  )
}

/**
 * What a form (or another container) says about its visitor: the first valid email address and
 * the traits found beside it (by position, named by the collector), read only from the fields a
 * person can see (`visible`).
 */
export function readIdentity(
  root: ParentNode,
): [email: string | undefined, traits: WireFormTraits] {
  let email: string | undefined
  const traits: WireFormTraits = []
  /**
   * What a field is, matched on `type name id autocomplete`; the first match wins. 0: never read
   * (passwords, file inputs, payment cards: autocomplete `cc-*`, card numbers, CVC, IBAN,
   * expiry); 1: the email; then the traits of `FORM_TRAITS` in wire.ts, in their order.
   */
  const kinds = [
    /pass|file|card|cc-|ccn|cv[cv]|csc|iban|expir|secur/i,
    /mail/i,
    /compan|organization( |$)|firma|unternehmen/i,
    /job|position|title/i,
    /(^| )(full|first|given|vor)?.?name( |$)/i,
  ]
  for (const field of root.querySelectorAll<HTMLInputElement>('input,select')) {
    const description = `${field.type} ${field.name} ${field.id} ${field.autocomplete}`
    const kind = kinds.findIndex((pattern) => pattern.test(description))
    if (kind > 0 && visible(field)) {
      const value = field.value.trim()
      if (kind < 2) {
        if (EMAIL.test(value)) email ??= value
      } else if (value) traits[kind - 2] ??= value
    }
  }
  return [email, traits]
}

/** The submission waiting to go through: what `readIdentity` found in it. */
let pending: Partial<ReturnType<typeof readIdentity>> = []

/** Identifies the pending submission: it went through. */
export const flush = (): void => {
  // Nothing held: `identify()` finds no email and sends nothing.
  identify(...pending)
  pending = []
}

/**
 * Holds what `root` says (`readIdentity`) until the submission goes through: a request (`fetch`, `XMLHttpRequest`), a navigation
 * (`pushState`, with lh-forms.js) or leaving the page (`pagehide`) within 3 seconds, or those 3
 * seconds passing when `by` was not cancelled (`defaultPrevented`: a submit event the page did
 * not cancel; the form of `form.submit()` and a `data-lh-identify` container have none; a
 * formless container's click passes `{ defaultPrevented: true }`, as only a request or a
 * navigation tells that it went through). A new submission replaces it (its timer then finds
 * another one held and leaves it be): the one the page rejected, corrected and submitted again,
 * is never sent. `root` is the submit event's form when not given: `hold` is the submit
 * listener itself.
 */
export const hold = (
  by: Event | Element | { defaultPrevented: true },
  root = (by as Event).target as ParentNode,
): void => {
  // biome-ignore lint/suspicious/noAssignInExpressions: one statement, a byte of gzip less
  const found = (pending = readIdentity(root))
  setTimeout(() => {
    if (pending === found) {
      if (!(by as Event).defaultPrevented) flush()
      pending = []
    }
  }, 3000)
}

/**
 * Identifies the visitor from what they submit in this page: forms at their submit event
 * (capture: before the page can stop it), in the page and in its open shadow roots, nested ones
 * too, and containers marked `data-lh-identify` at a click on a button inside. Each submission is
 * held until it goes through (`hold`): here a request or the page being left (lh-forms.js adds a
 * single-page app's `pushState`). `identify` checks the email: without one, nothing is sent.
 */
export function initForms(): void {
  after(win, 'fetch', flush)
  after(XMLHttpRequest.prototype, 'send', flush)
  on(win, 'pagehide', flush)
  on(doc, 'submit', hold)
  on(doc, 'click', (event) => {
    const marked = closestTo(event, '[data-lh-identify]')
    if (marked && closestTo(event, 'button,[type=submit]')) hold(marked, marked)
    // `submit` does not leave a shadow root, `click` does: the root where a click started (the
    // innermost, whatever the nesting, made at any time) listens too, once, before the click's
    // own submission (a button, Enter's click on the default button) and any later one there.
    on((closestTo(event, '*') as Element).getRootNode(), 'submit', hold)
  })
}
