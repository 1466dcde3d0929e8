/**
 * Synthetic B2B journeys as raw warehouse rows: visitors from every channel with several
 * sessions, form fills that make them leads (on a second device too), downloads, webinars, demo
 * and trial requests, newsletter opens and clicks, bots and retried deliveries; the CRM's sales
 * log for a share of the leads; campaign spend per day for every campaign the UTMs name.
 *
 * Rows leave as objects of the raw tables' row types through `Output`, one person at a time, so
 * memory stays flat however many events are asked for. Everything random comes from one seeded
 * sequence, consumed in a fixed order: the same seed and options give the same rows.
 */
import { toDateTime64 } from '@leadhouse/warehouse/raw'
import { BrowserEvents } from './browser-events.js'
import {
  ACQUISITION,
  BOTS,
  CONVERSIONS,
  COUNTRIES,
  IDENTIFY_CHANCE,
  INTENTS,
  isPricingPath,
  pageTitle,
  RETURNING,
  SESSIONS,
  SITE_ID,
  SITE_ORIGIN,
} from './catalog.js'
import { type Context, HOUR, type JourneyCounts, type Output, SECOND, SHARES } from './context.js'
import { Email } from './email.js'
import { newPerson, People } from './people.js'
import { Random, Weighted } from './random.js'
import { SalesLog } from './sales-log.js'
import { mapValues, Sources } from './sources.js'
import { Visits } from './visits.js'
import { World, type WorldOptions } from './world.js'

export type JourneyOptions = WorldOptions

const INTENT_WEIGHTS = new Weighted(INTENTS)
const COUNTRY_WEIGHTS = new Weighted(COUNTRIES)
const BOT_WEIGHTS = new Weighted(BOTS)
const ACQUISITION_CHANNELS = new Weighted(ACQUISITION)
const RETURNING_CHANNELS = new Weighted(RETURNING)
const CONVERSION_WEIGHTS = mapValues(CONVERSIONS, (entries) => new Weighted(entries))

export class JourneyGenerator {
  readonly counts: JourneyCounts = {
    events: 0,
    duplicates: 0,
    botEvents: 0,
    emailEvents: 0,
    visitors: 0,
    bots: 0,
    sessions: 0,
    leads: 0,
    webLeads: 0,
    multiDeviceLeads: 0,
    crmOnlyLeads: 0,
    crmRecords: 0,
    deals: { won: 0, lost: 0 },
  }
  /** The window, its campaigns (with the sessions they brought) and companies. */
  readonly world: World

  private readonly context: Context
  private readonly people: People
  private readonly sources: Sources
  private readonly visits: Visits
  private readonly email: Email
  private readonly salesLog: SalesLog

  constructor(options: JourneyOptions, out: Output) {
    this.world = new World(options)
    this.context = { random: new Random(options.seed), world: this.world, counts: this.counts, out }
    this.people = new People(this.context)
    this.sources = new Sources(this.context)
    this.visits = new Visits(
      this.context,
      this.people,
      new BrowserEvents(this.context),
      this.sources,
    )
    this.email = new Email(this.context, this.people, this.visits, this.sources)
    this.salesLog = new SalesLog(this.context, this.people, new Random(options.seed, 3))
  }

  /** One more person: a visitor (who may become a lead), a crawler or a CRM-only contact. */
  person(): void {
    const r = this.context.random.next()
    if (r < SHARES.bots) this.bot()
    else if (r < SHARES.bots + SHARES.crmOnly) this.crmOnlyContact()
    else this.visitor()
  }

  private visitor(): void {
    const { random, world, counts } = this.context
    const intent = INTENT_WEIGHTS.pick(random)
    const person = newPerson(intent, COUNTRY_WEIGHTS.pick(random))
    const willIdentify = random.chance(IDENTIFY_CHANCE[intent])
    const device = this.people.newDevice(person.country)
    person.devices.push(device)
    const [minimum, again, most] = SESSIONS[intent]
    const planned = minimum + random.geometric(again, most - minimum)
    const identifyIn = willIdentify
      ? intent === 'high'
        ? random.int(Math.min(planned, 3))
        : random.int(planned)
      : -1
    let at = this.visits.arrival()
    for (let i = 0; i < planned && at < world.to; i++) {
      const channel = (i === 0 ? ACQUISITION_CHANNELS : RETURNING_CHANNELS).pick(random)
      const conversion = i === identifyIn ? CONVERSION_WEIGHTS[intent].pick(random) : undefined
      const source = this.sources.source(channel, at)
      const end = this.visits.session(person, device, at, source, conversion)
      at = end + this.visits.gap(intent)
    }
    if (!person.counted) return
    counts.webLeads++
    if (random.chance(SHARES.secondDevice)) this.visits.secondDevice(person)
    this.visits.webinarAttendance(person)
    this.email.program(person)
    if (random.chance(SHARES.crm[intent])) this.salesLog.write(person, person.identifiedAt, false)
  }

  /** A crawler or headless browser: many pages in one quick session, no engagement. */
  private bot(): void {
    const { random, world, counts, out } = this.context
    const kind = BOT_WEIGHTS.pick(random)
    counts.visitors++
    counts.bots++
    const id = random.uuid()
    const sid = random.uuid()
    const ip = `198.19.${random.int(256)}.0`
    const country = random.pick(['US', 'US', 'DE', 'NL', 'IE'])
    const pages = 3 + random.geometric(0.92, 120)
    let at = this.visits.arrival()
    for (let i = 0; i < pages && at < world.to; i++) {
      const path = this.sources.resolvePath(
        random.pick(['/', '/product', '/pricing', 'blog', 'blog', 'docs', 'docs', '/careers']),
      )
      const ts = toDateTime64(at)
      out.event({
        event_id: random.uuid(),
        site_id: SITE_ID,
        type: 'pageview',
        ts,
        client_ts: ts,
        received_at: toDateTime64(at + 200),
        anonymous_id: id,
        session_id: sid,
        url: `${SITE_ORIGIN}${path}`,
        path,
        title: pageTitle(path),
        is_pricing: isPricingPath(path),
        browser: kind.browser,
        os: kind.os,
        device: kind.device,
        is_bot: true,
        ip,
        country,
      })
      counts.events++
      counts.botEvents++
      at += random.between(0.4, 4) * SECOND
    }
    counts.sessions++
  }

  /** A contact met at a trade fair: in the CRM (and maybe the newsletter), never on the site. */
  private crmOnlyContact(): void {
    const { random, world, counts } = this.context
    const intent = INTENT_WEIGHTS.pick(random)
    const person = newPerson(intent, COUNTRY_WEIGHTS.pick(random))
    const fair = random.int(world.fairTimes.length)
    const metAt = (world.fairTimes[fair] as number) + random.between(0, 8) * HOUR
    if (metAt >= world.to) return
    person.identifiedAt = metAt
    this.salesLog.write(person, metAt, true)
    if (!person.counted) return
    counts.crmOnlyLeads++
    if (random.chance(0.6)) this.email.program(person)
  }
}
