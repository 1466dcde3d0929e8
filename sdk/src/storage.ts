import { options } from './config.js'
import { attempt, doc } from './dom.js'

/** What this page knows even when nothing may be, or can be, stored. */
const memory: Record<string, string | undefined> = {}

/** Whether events may be recorded: consent given, or not required and not refused. */
export let granted: boolean | undefined

/** Writes happen only while on (undefined is off): consent given and not cookieless. Deletions always happen. */
export let writable: boolean | undefined

/**
 * Sets the consent state (here, where the module-scoped flags can be assigned: one variable
 * each, which the minifier shortens, where an object's property it cannot). Storage is on with
 * consent, unless cookieless.
 */
export const allow = (given: boolean): void => {
  granted = given
  writable = given && !options.cookieless
}

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
  if (!value || writable || force)
    attempt(() => {
      if (!local) {
        // A cookie is deleted by its age of 0, whatever its value.
        doc.cookie = `${key}=${value};path=/;max-age=${value ? 3e7 : 0};samesite=lax`
      } else if (value) local[key] = value
      else delete local[key]
    })
}
