/** Options for `init()`, or the script tag's `data-*` attributes of the same names. */
export interface Options {
  /** Site key, one of the collector's configured sites. Required. */
  site: string
  /** Collector origin; events go to `${api}/e`. Default: the script's origin (script tag) or the page's (ESM). */
  api?: string
  /** Pricing-page path patterns, comma-separated. Default: pricing, preise, prices and plans pages at any depth (`/pricing`, `/de/preise`), which the collector flags itself (`DEFAULT_PRICING`). */
  pricing?: string
  /** Path patterns not to track, comma-separated. */
  exclude?: string
  /** Hash-based routing: the hash is part of the path, and hash changes are page views. */
  hash?: boolean
  /** `required` (any value but false): send nothing and store nothing until `consent(true)`. */
  consent?: 'required'
  /** Honour Do-Not-Track and Global Privacy Control. Default true. */
  dnt?: boolean
  /** Identify visitors from the email typed into forms. Default true. */
  forms?: boolean
  /** Track outbound-link and file-download clicks. Default true. */
  clicks?: boolean
  /** Store nothing on the device: no anonymous id, no session id, no retry queue. */
  cookieless?: boolean
  /** Send from localhost and file: pages too (development). */
  local?: boolean
  /** Log what is swallowed or ignored to the console. */
  debug?: boolean
}

/** The options the tracker started with; both entries give it an `api`. */
export let options = {} as Options & { api: string }

/** Starts the page's configuration: every module reads `options` from here. */
export function configure(start: typeof options): void {
  options = start
}

/**
 * Configures the page from `<script src=".../lh.js" data-site="KEY" data-...>` and returns the
 * site, none without one (then nothing starts). An attribute without a value (`data-hash`) is
 * true, `"false"` is false, anything else is kept as written (`"true"` is on like any text).
 */
export function configureFromScript(script: HTMLScriptElement | null): string | undefined {
  const data = script?.dataset
  options = { api: script && new URL(script.src).origin } as typeof options
  for (const key in data) {
    const value = data[key]
    // A bare attribute is 1: true to every option (a byte less than the minifier's `!0`).
    ;(options as unknown as Record<string, unknown>)[key] = value !== 'false' && (value || 1)
  }
  return data?.site
}
