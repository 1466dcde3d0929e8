/**
 * Leadhouse SDK entry for the script tag: reads the config from the tag and records the page
 * view. Never throws into the host page.
 */
import { configFromScript } from './config.js'
import { anonymousId } from './identity.js'
import { pageview } from './pageviews.js'
import { send } from './transport.js'

try {
  const config = configFromScript(document.currentScript as HTMLScriptElement | null)
  if (config) send(config.api, { s: config.site, e: [pageview(anonymousId())] })
} catch {
  // A tracker must never break the page it is on.
}
