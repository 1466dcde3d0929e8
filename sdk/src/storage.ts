import { doc } from './dom.js'

/** What this page knows even when nothing may be, or can be, stored. */
const memory: Record<string, string | undefined> = {}

/** Writes happen only while on: consent given and not cookieless. Deletions always happen. */
export const storage = { on: false }

/**
 * Reads `key` from first-party storage: localStorage, else a cookie (localStorage blocked),
 * else what this page remembers (both blocked).
 */
export function load(key: string): string | undefined {
  let value: string | undefined
  try {
    value = localStorage[key]
  } catch {
    try {
      value = doc.cookie.match(`(^|; )${key}=([^;]*)`)?.[2]
    } catch {}
  }
  return value ?? memory[key]
}

/** Stores `key`, or deletes it when `value` is undefined; `force` writes while storage is off. */
export function save(key: string, value?: string, force?: boolean): void {
  memory[key] = value
  if (value != null && !storage.on && !force) return
  try {
    if (value == null) delete localStorage[key]
    else localStorage[key] = value
  } catch {
    try {
      doc.cookie = `${key}=${value ?? ''};path=/;max-age=${value == null ? 0 : 3e7};samesite=lax`
    } catch {}
  }
}
