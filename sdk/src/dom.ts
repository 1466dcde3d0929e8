import { options } from './config.js'

/** Logs to the console with the `debug` option. */
export const log = (...args: unknown[]): undefined => {
  if (options.debug) console.warn('lh', ...args)
}

/**
 * Runs `task` and returns its result, or undefined when it throws: the error is swallowed (and
 * logged in debug mode), because a tracker must never throw into the page it is on.
 */
export const attempt = <T>(task: () => T): T | undefined => {
  try {
    return task()
  } catch (error) {
    log(error)
  }
}

/**
 * Adds a capture-phase listener whose errors are swallowed. One guard per listener, kept on it
 * (`i`): the browser adds the same listener to a target once, so adding it again (forms.ts, at
 * every click in a shadow root) adds nothing.
 */
export const on = <E extends Event>(
  target: EventTarget,
  type: string,
  listener: ((event: E) => void) & { i?: EventListener },
): void =>
  // Capture (`1` is true here: a byte less than the minifier's `!0`).
  target.addEventListener(
    type,
    // biome-ignore lint/suspicious/noAssignInExpressions: the guard made once, see above
    (listener.i ||= (event) => attempt(() => listener(event as E))),
    1 as unknown as true,
  )

/**
 * Runs `hook` after every later call of `target[method]`. The page's own call runs unguarded:
 * its result and its errors are the page's; only `hook` is guarded.
 */
export const after = <T>(target: T, method: keyof T, hook: () => void): void => {
  const original = target[method] as (...args: unknown[]) => unknown
  target[method] = function (this: T, ...args: unknown[]) {
    const result = original.apply(this, args)
    attempt(hook)
    return result
  } as T[keyof T]
}

/**
 * The closest `selector` around where an event started, inside shadow roots too. An event that
 * started at no element (a document, a text node) throws, which the listener's guard swallows.
 */
export const closestTo = (event: Event, selector: string): Element | null | undefined =>
  (event.composedPath()[0] as Element).closest(selector)

// Globals the SDK reads often, named once: the minifier can shorten a local name, never a global.
export const win = window
export const doc = document
export const loc = location
