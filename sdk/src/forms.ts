import { after, closestTo, doc, on } from './dom.js'
import { EMAIL, identify } from './events.js'
import type { WireFormTraits } from './wire.js'

/**
 * What a form (or a `data-lh-identify` container) says about its visitor: the first valid
 * email address, and the traits found beside it (by position, named by the collector). Fields
 * marked `data-lh-ignore`, or inside something marked so, the form included, are never read.
 */
export function readIdentity(
  root: ParentNode,
): [email: string | undefined, traits: WireFormTraits] {
  let email: string | undefined
  const traits: WireFormTraits = []
  /**
   * What a field is, matched on `type name id autocomplete`; the first match wins. 0: never read
   * (passwords, hidden and file inputs, payment cards: autocomplete `cc-*`, card numbers, CVC,
   * IBAN, expiry); 1: the email; then the traits of `FORM_TRAITS` in wire.ts, in their order.
   */
  const kinds = [
    /pass|hidden|file|card|cc-|ccn|cv[cv]|csc|iban|expir|secur/i,
    /mail/i,
    /compan|organization( |$)|firma|unternehmen/i,
    /job|position|title/i,
    /(^| )(full|first|given|vor)?.?name( |$)/i,
  ]
  for (const field of root.querySelectorAll<HTMLInputElement>('input,select')) {
    const description = `${field.type} ${field.name} ${field.id} ${field.autocomplete}`
    const kind = kinds.findIndex((pattern) => pattern.test(description))
    if (kind < 1 || field.closest('[data-lh-ignore]')) continue
    const value = field.value.trim()
    if (kind < 2) {
      if (EMAIL.test(value)) email ??= value
    } else if (value) traits[kind - 2] ??= value
  }
  return [email, traits]
}

/**
 * Identifies the visitor when a form with an email field is submitted: a capture listener
 * sees the submit before the page's own handler can stop it and before the page navigates
 * away. `submit` does not cross shadow boundaries, so every shadow root gets the listener too.
 * Containers marked `data-lh-identify` identify when a button inside them is clicked.
 * `identify` checks the email: without one, nothing is sent.
 */
export function initForms(): void {
  const identifyFrom = (root?: Element | null) => root && identify(...readIdentity(root))
  const watch = (root: Document | ShadowRoot) => {
    on(root, 'submit', (event) => identifyFrom(event.target as Element))
    for (const element of root.querySelectorAll('*'))
      if (element.shadowRoot) watch(element.shadowRoot)
  }
  after(Element.prototype, 'attachShadow', watch)
  watch(doc)
  on(doc, 'click', (event) => {
    if (closestTo(event, 'button,[type=submit]'))
      identifyFrom(closestTo(event, '[data-lh-identify]'))
  })
}
