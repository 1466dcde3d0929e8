/** Debug logging, switched on by the `debug` option. */
export const debug = { on: false }

export function log(...args: unknown[]): void {
  if (debug.on) console.warn('lh', ...args)
}

/**
 * Adds a listener whose errors are swallowed (and logged in debug mode): a tracker must never
 * throw into the page it is on.
 */
export function on<E extends Event>(
  target: EventTarget,
  type: string,
  listener: (event: E) => void,
  options: AddEventListenerOptions | boolean = true,
): void {
  target.addEventListener(
    type,
    (event) => {
      try {
        listener(event as E)
      } catch (error) {
        log(error)
      }
    },
    options,
  )
}

/** The closest `selector` around where an event started, inside shadow roots too. */
export function closestTo(event: Event, selector: string): Element | null | undefined {
  return (event.composedPath()[0] as Element).closest?.(selector)
}

// Globals the SDK reads often, named once: the minifier can shorten a local name, never a global.
export const win = window
export const doc = document
export const loc = location
