import { uuid } from './uuid.js'

const ANONYMOUS_ID_KEY = 'lh_aid'

/**
 * The visitor's anonymous id, kept first-party in localStorage so that the history before a
 * form fill can be joined to the lead afterwards. Storage can be blocked (privacy modes,
 * sandboxed frames); the id then lives for this page only.
 */
export function anonymousId(storage: Storage | undefined = safeLocalStorage()): string {
  try {
    const stored = storage?.getItem(ANONYMOUS_ID_KEY)
    if (stored) return stored
    const id = uuid()
    storage?.setItem(ANONYMOUS_ID_KEY, id)
    return id
  } catch {
    return uuid()
  }
}

function safeLocalStorage(): Storage | undefined {
  try {
    return window.localStorage
  } catch {
    return undefined
  }
}
