import { initClicks } from './clicks.js'
import { options } from './config.js'
import { loc, log } from './dom.js'
import { startEngagement } from './engagement.js'
import { identify, setConsent, startEvents, track } from './events.js'
import { flush, hold, initForms } from './forms.js'
import { forgetIdentity } from './identity.js'
import { initPageviews } from './pageviews.js'
import type { WireProps } from './wire.js'

/** What a page can call, through `lh('command', ...)` or the ESM exports. */
export interface Api {
  /** Records a page view of the current page now. */
  page(): void
  /** Records a custom event. */
  track(name: string, props?: WireProps): void
  /** Says who the visitor is: the anonymous history joins the lead with this email. */
  identify(email: string, traits?: WireProps): void
  /** Gives (`true`: records the current page view) or withdraws consent (`false`: deletes what was stored). */
  consent(granted: boolean): void
  /** Forgets the visitor on this device (logout). */
  reset(): void
  /** Internal, for lh-forms.js: holds a submission until it goes through (`hold` in forms.ts). */
  h: typeof hold
  /** Internal, for lh-forms.js: the held submission went through (`flush` in forms.ts). */
  f: typeof flush
}

/**
 * Starts tracking this page with the configured options. Returns nothing when the page must not
 * be tracked: Do-Not-Track or Global Privacy Control (unless `dnt: false`), localhost or file:
 * (unless `local`), or an automated browser.
 */
export function createTracker(): Api | undefined {
  const browser = navigator as Navigator & { globalPrivacyControl?: boolean }
  if (
    (options.dnt !== false &&
      // `"1"` (Do-Not-Track on) and only it equals 1: a byte less than the minifier's `"1"===`.
      // biome-ignore lint/suspicious/noDoubleEquals: deliberate, see above
      ((browser.doNotTrack as unknown) == 1 || browser.globalPrivacyControl)) ||
    (!options.local && /^(localhost|127\.|\[::1\]|$)/.test(loc.hostname)) ||
    browser.webdriver ||
    /headless/i.test(browser.userAgent)
  )
    // The log's undefined: a few bytes less than a statement and a `return`.
    return log('off')

  startEvents()
  startEngagement()
  const page = initPageviews()
  if (options.forms !== false) initForms()
  if (options.clicks !== false) initClicks()

  return {
    page: () => page(1),
    track,
    identify,
    consent: (given) => setConsent(given) && page(1),
    reset: forgetIdentity,
    h: hold,
    f: flush,
  }
}
