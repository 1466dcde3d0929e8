/**
 * Visits to the site: when a person comes (office hours, weekdays), the pages of a session,
 * what they do there (downloads, outbound links), form fills that identify them, a second
 * device, the webinar they registered for, and visits from an email.
 */

import { type BrowserEvents, NO_UTM, type PageFields } from './browser-events.js'
import {
  type ConversionKind,
  DEVICES,
  HOUR_WEIGHTS,
  type Intent,
  NEXT_PAGE_CHANCE,
  NEXT_PAGE_WEIGHTS,
  OUTBOUND_LINKS,
  RESOURCES,
  RETURNING,
  SESSION_GAP_DAYS,
  SITE_ORIGIN,
  WEBINARS,
} from './catalog.js'
import { type Context, DAY, HOUR, MINUTE, SECOND, SHARES } from './context.js'
import type { Device, People, Person } from './people.js'
import { Weighted } from './random.js'
import { mapValues, type Source, type Sources } from './sources.js'

const HOURS = new Weighted(HOUR_WEIGHTS.map((weight, hour) => [hour, weight]))
const RETURNING_CHANNELS = new Weighted(RETURNING)
const NEXT_PAGES = mapValues(NEXT_PAGE_WEIGHTS, (entries) => new Weighted(entries))

/** Of known visitors on the page, by intent: a demo request or trial signup on a later visit. */
const DEMO_LATER: Record<Intent, number> = { low: 0.03, medium: 0.15, high: 0.4 }
const TRIAL_LATER: Record<Intent, number> = { low: 0.02, medium: 0.12, high: 0.35 }

export class Visits {
  constructor(
    private readonly context: Context,
    private readonly people: People,
    private readonly events: BrowserEvents,
    private readonly sources: Sources,
  ) {}

  /** When a visitor first comes: weekdays and office hours more than nights and weekends. */
  arrival(): number {
    const { random, world } = this.context
    const day = world.arrivalDays.pick(random)
    const hour = HOURS.pick(random)
    return world.from + day * DAY + hour * HOUR + random.int(HOUR)
  }

  /** The time between two visits of a person. */
  gap(intent: Intent): number {
    return Math.max(40 * MINUTE, this.context.random.lognormal(SESSION_GAP_DAYS[intent] * DAY, 1.1))
  }

  /**
   * One visit: the landing page with its referrer and campaign, further pages, engagement
   * reports, custom events; a form fill when `conversion` is given. Returns when it ended.
   */
  session(
    person: Person,
    device: Device,
    start: number,
    source: Source,
    conversion: ConversionKind | undefined,
  ): number {
    const { random, world, counts } = this.context
    const intent = person.intent
    const sid = random.uuid()
    counts.sessions++
    if (source.campaign >= 0) {
      const day = Math.floor((start - world.from) / DAY)
      const index = source.campaign * world.days + day
      world.landings[index] = (world.landings[index] as number) + 1
    }
    const paths = [this.sources.resolvePath(source.landing)]
    const more = random.geometric(NEXT_PAGE_CHANCE[intent], 20)
    for (let i = 0; i < more; i++) {
      let next = this.sources.resolvePath(NEXT_PAGES[intent].pick(random))
      if (next === paths[paths.length - 1])
        next = this.sources.resolvePath(NEXT_PAGES[intent].pick(random))
      paths.push(next)
    }
    // The form's page: where the conversion happens, added when the visit did not pass it.
    let formAt = -1
    if (conversion) {
      const wanted = conversionPage(conversion)
      formAt = paths.findIndex((path) => path.startsWith(wanted))
      if (formAt < 0) {
        paths.push(
          this.sources.resolvePath(
            wanted === '/resources/' ? 'resource' : wanted === '/blog/' ? 'blog' : wanted,
          ),
        )
        formAt = paths.length - 1
      }
    }
    let at = start
    for (let i = 0; i < paths.length; i++) {
      const path = paths[i] as string
      const first = i === 0
      const page: PageFields = {
        url: `${SITE_ORIGIN}${path}${first ? source.query : ''}`,
        path,
      }
      const utm = first ? source.utm : NO_UTM
      const landed = first ? { ...page, ...utm } : page
      this.events.pageview(device, sid, at, landed, path, first ? source.referrer : '')
      const dwell = Math.min(
        15 * MINUTE,
        Math.max(3 * SECOND, random.lognormal(paths.length === 1 ? 25 * SECOND : 45 * SECOND, 0.9)),
      )
      if (i === formAt && conversion) {
        this.convert(person, device, sid, at + dwell * 0.7, landed, path, conversion)
      } else {
        this.pageEvents(person, device, sid, at + dwell * 0.6, landed, path)
      }
      if (random.chance(SHARES.engagement))
        this.events.engagement(device, sid, at + dwell, page, utm, dwell)
      at += dwell + random.between(0.3, 2) * SECOND
    }
    device.busy.push(start, at)
    return at
  }

  /** The same person on another device (phone and laptop), identifying there too. */
  secondDevice(person: Person): void {
    const random = this.context.random
    const first = person.devices[0] as Device
    const kinds = DEVICES.filter(([kind]) => kind.device !== first.kind.device)
    const device = this.people.newDevice(person.country, random.pick(kinds)[0])
    person.devices.push(device)
    const sessions = 1 + random.geometric(0.5, 3)
    let at = person.identifiedAt + random.lognormal(1.5 * DAY, 1)
    for (let i = 0; i < sessions && at < this.context.world.to; i++) {
      const conversion =
        i === sessions - 1
          ? random.pick(['whitepaper', 'webinar', 'newsletter'] as const)
          : undefined
      const channel = RETURNING_CHANNELS.pick(random)
      const end = this.session(person, device, at, this.sources.source(channel, at), conversion)
      at = end + this.gap(person.intent)
    }
  }

  /** The live webinar a person registered for, attended on one of their devices. */
  webinarAttendance(person: Person): void {
    const { random, world, counts } = this.context
    if (person.webinar < 0 || !random.chance(0.55)) return
    const start = (world.webinarTimes[person.webinar] as number) - random.between(1, 6) * MINUTE
    const device = random.pick(person.devices)
    if (start >= world.to || !free(device, start, start + HOUR)) return
    const sid = random.uuid()
    counts.sessions++
    const page = { url: `${SITE_ORIGIN}/webinar/live`, path: '/webinar/live' }
    this.events.pageview(device, sid, start, page, '/webinar/live', '')
    const slug = (WEBINARS[person.webinar] as (typeof WEBINARS)[number]).slug
    this.events.custom(
      device,
      sid,
      start + random.between(1, 3) * MINUTE,
      page,
      NO_UTM,
      'webinar_attended',
      { webinar: slug },
    )
    const end = start + random.between(25, 60) * MINUTE
    this.events.engagement(device, sid, end, page, NO_UTM, end - start)
    device.busy.push(start, end)
  }

  /** A click in an email, opening the site on one of the person's devices, the phone mostly. */
  visitFromEmail(person: Person, at: number, source: Source): void {
    const random = this.context.random
    if (person.devices.length === 0 || at >= this.context.world.to || !random.chance(0.85)) return
    // Opened on the phone more often than not.
    const device =
      person.devices.find((d) => d.kind.device === 'mobile' && random.chance(0.6)) ??
      (person.devices[0] as Device)
    if (!free(device, at, at + 30 * MINUTE)) return
    this.session(person, device, at + random.between(1, 4) * SECOND, source, undefined)
  }

  /** A form fill: identification with traits, and the event the form stands for. */
  private convert(
    person: Person,
    device: Device,
    sid: string,
    at: number,
    page: PageFields,
    path: string,
    conversion: ConversionKind,
  ): void {
    const { random, world } = this.context
    if (at >= world.to) return
    const who = this.people.identity(person)
    const traits: Record<string, string> = {}
    if (conversion !== 'newsletter') {
      traits.name = `${who.first} ${who.last}`
      if (who.company) traits.company = who.company.name
      if (conversion !== 'trial' && (conversion !== 'whitepaper' || random.chance(0.6)))
        traits.job_title = who.job.title
    }
    this.identify(person, device, sid, at, page, traits)
    if (!person.conversion) person.conversion = conversion
    const after = at + random.between(1, 4) * SECOND
    const custom = (name: string, props: Record<string, string>) =>
      this.events.custom(device, sid, after, page, NO_UTM, name, props)
    switch (conversion) {
      case 'whitepaper': {
        const resource = RESOURCES.find((r) => path.endsWith(r.slug)) ?? RESOURCES[0]
        custom('download', { file: resource.file })
        person.downloaded = true
        break
      }
      case 'webinar': {
        const next = world.webinarTimes.findIndex((time) => time > at)
        const slug = next >= 0 ? (WEBINARS[next] as (typeof WEBINARS)[number]).slug : 'on-demand'
        custom('webinar_registered', { webinar: slug })
        if (next >= 0 && person.webinar < 0) person.webinar = next
        break
      }
      case 'demo':
        custom('demo_request', { form: 'demo' })
        person.demo = true
        break
      case 'trial':
        custom('trial_signup', { plan: 'trial' })
        person.trial = true
        break
      case 'newsletter':
        break
    }
  }

  private identify(
    person: Person,
    device: Device,
    sid: string,
    at: number,
    page: PageFields,
    traits: Record<string, string>,
  ): void {
    const { world, counts } = this.context
    if (at >= world.to) return
    this.events.event(device, sid, 'identify', at, {
      ...page,
      email: this.people.identity(person).email,
      props: JSON.stringify(traits),
    })
    if (!person.counted) {
      person.counted = true
      person.identifiedAt = at
      counts.leads++
    }
    if (!device.identified) {
      device.identified = true
      person.identifiedDevices++
      if (person.identifiedDevices === 2) counts.multiDeviceLeads++
    }
  }

  /** What a visitor may do on a page besides viewing it. */
  private pageEvents(
    person: Person,
    device: Device,
    sid: string,
    at: number,
    page: PageFields,
    path: string,
  ): void {
    const random = this.context.random
    const known = person.counted && at > person.identifiedAt
    const custom = (name: string, props: Record<string, string>) =>
      this.events.custom(device, sid, at, page, NO_UTM, name, props)
    if (path.startsWith('/docs/')) {
      if (random.chance(0.04)) custom('download', { file: `/files/docs-${path.slice(6)}.pdf` })
      else if (random.chance(0.03)) custom('outbound', { url: random.pick(OUTBOUND_LINKS) })
    } else if (path.startsWith('/blog/')) {
      if (random.chance(0.02)) custom('outbound', { url: random.pick(OUTBOUND_LINKS) })
    } else if (!known) {
      return
    } else if (path.startsWith('/resources/') && random.chance(0.45)) {
      this.convert(person, device, sid, at, page, path, 'whitepaper')
    } else if (path === '/webinar' && person.webinar < 0 && random.chance(0.25)) {
      this.convert(person, device, sid, at, page, path, 'webinar')
    } else if (path === '/demo' && !person.demo && random.chance(DEMO_LATER[person.intent])) {
      this.convert(person, device, sid, at, page, path, 'demo')
    } else if (path === '/signup' && !person.trial && random.chance(TRIAL_LATER[person.intent])) {
      this.convert(person, device, sid, at, page, path, 'trial')
    }
  }
}

/** Whether the device is idle from `start` to `end`, a minute either side. */
function free(device: Device, start: number, end: number): boolean {
  const busy = device.busy
  for (let i = 0; i < busy.length; i += 2)
    if (start < (busy[i + 1] as number) + MINUTE && end > (busy[i] as number) - MINUTE) return false
  return true
}

function conversionPage(conversion: ConversionKind): string {
  switch (conversion) {
    case 'newsletter':
      return '/blog/'
    case 'whitepaper':
      return '/resources/'
    case 'webinar':
      return '/webinar'
    case 'demo':
      return '/demo'
    case 'trial':
      return '/signup'
  }
}
