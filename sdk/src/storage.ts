import { attempt, doc } from './dom.js'

/** What this page knows even when nothing may be, or can be, stored. */
const memory: Record<string, string | undefined> = {}

/** Writes happen only while on: consent given and not cookieless. Deletions always happen. */
export const storage = { on: false }

/** localStorage, or undefined where it is blocked (reading it throws). */
export const local: Storage | undefined = attempt(() => localStorage)

/**
 * Reads `key` from first-party storage: localStorage, else a cookie (localStorage blocked),
 * else what this page remembers (both blocked).
 */
export const load = (key: string): string | undefined =>
  (local ? local[key] : attempt(() => doc.cookie.match(`(^|; )${key}=([^;]*)`)?.[2])) ?? memory[key]

/** Stores `key`, or deletes it when `value` is undefined; `force` writes while storage is off. */
export const save = (key: string, value?: string, force?: boolean): void => {
  memory[key] = value
  if (!value || storage.on || force)
    attempt(() => {
      if (!local) {
        // A cookie is deleted by its age of 0, whatever its value.
        doc.cookie = `${key}=${value};path=/;max-age=${value ? 3e7 : 0};samesite=lax`
      } else if (value) local[key] = value
      else delete local[key]
    })
}
