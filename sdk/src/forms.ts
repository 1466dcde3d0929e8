import { after, closestTo, doc, on } from './dom.js'
import type { WireProps } from './wire.js'

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
/**
 * Fields never read, matched on `type name id autocomplete`: passwords, hidden and file
 * inputs, payment cards (autocomplete `cc-*`, card numbers, CVC, IBAN, expiry).
 */
const SECRET = /pass|hidden|file|card|cc-|ccn|cv[cv]|csc|iban|expir|secur/i
/** Traits kept beside the email, matched on the same description; the first match wins. */
const TRAITS: [string, RegExp][] = [
  ['company', /compan|organization( |$)|firma|unternehmen/i],
  ['job_title', /job|position|title/i],
  ['name', /(^| )(full|first|given)?.?name( |$)|vorname/i],
]

/**
 * What a form (or a `data-lh-identify` container) says about its visitor: the first valid
 * email address, and the traits found beside it. Fields marked `data-lh-ignore`, or inside
 * something marked so, the form included, are never read.
 */
export function readIdentity(root: ParentNode): [email: string | undefined, traits: WireProps] {
  let email: string | undefined
  const traits: WireProps = {}
  for (const field of root.querySelectorAll<HTMLInputElement>('input,select')) {
    const description = `${field.type} ${field.name} ${field.id} ${field.autocomplete}`
    const value = field.value.trim()
    if (!value || SECRET.test(description) || field.closest('[data-lh-ignore]')) continue
    if (/mail/i.test(description)) {
      if (EMAIL.test(value)) email ??= value
      continue
    }
    const trait = TRAITS.find(([, pattern]) => pattern.test(description))?.[0]
    if (trait) traits[trait] ??= value
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
export function initForms(identify: (email?: string, traits?: WireProps) => void): void {
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
