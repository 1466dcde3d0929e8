import { attempt, doc } from './dom.js'

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
    value = attempt(() => doc.cookie.match(`(^|; )${key}=([^;]*)`)?.[2])
  }
  return value ?? memory[key]
}

/** Stores `key`, or deletes it when `value` is undefined; `force` writes while storage is off. */
export function save(key: string, value?: string, force?: boolean): void {
  memory[key] = value
  if (value && !storage.on && !force) return
  try {
    if (value) localStorage[key] = value
    else delete localStorage[key]
  } catch {
    // A cookie is deleted by its age of 0, whatever its value.
    attempt(() => {
      doc.cookie = `${key}=${value};path=/;max-age=${value ? 3e7 : 0};samesite=lax`
    })
  }
}
