/**
 * @leadhouse/sdk for bundlers:
 *
 *   import { init, track, identify } from '@leadhouse/sdk'
 *   init({ site: 'demo', api: 'https://leadhouse.example.com' })
 *
 * Calls made before `init` wait and run once it has. Nothing here throws into the page. Form
 * identification is all of it: lh.js's and lh-forms.js's (frames, shadow roots, formless lead
 * forms, `form.submit()`, a single-page app's next step).
 */
import { configure, type Options } from './config.js'
import { loc, log } from './dom.js'
import { extendForms } from './forms-extension.js'
import { type Api, createTracker } from './tracker.js'
import type { WireProps } from './wire.js'

export type { Options } from './config.js'
export type { Api } from './tracker.js'
export type { WireProps } from './wire.js'

let started = false
let api: Api | undefined
const waiting: [keyof Api, unknown[]][] = []

function call(command: keyof Api, args: unknown[]): void {
  try {
    if (started) (api?.[command] as ((...a: unknown[]) => void) | undefined)?.(...args)
    else waiting.push([command, args])
  } catch (error) {
    log(error)
  }
}

/** Starts tracking; `api` defaults to this page's origin. Only the first call counts. */
export function init(options: Options): void {
  if (started) return
  started = true
  try {
    configure({ ...options, api: options.api || loc.origin })
    api = createTracker()
    // Bundlers take all of form identification: what the script tag leaves to lh-forms.js too.
    if (api && options.forms !== false) extendForms(api.h, api.f)
  } catch (error) {
    log(error)
  }
  for (const [command, args] of waiting.splice(0)) call(command, args)
}

/** Records a page view of the current page (routers that navigate without the History API). */
export const page = (): void => call('page', [])
/** Records a custom event with optional properties. */
export const track = (name: string, props?: WireProps): void => call('track', [name, props])
/** Identifies the visitor by email, with optional traits (name, company, job_title, ...). */
export const identify = (email: string, traits?: WireProps): void =>
  call('identify', [email, traits])
/** Gives or withdraws consent; with `consent: 'required'` nothing is sent before it. */
export const consent = (granted: boolean): void => call('consent', [granted])
/** Forgets the visitor on this device, e.g. at logout. */
export const reset = (): void => call('reset', [])
