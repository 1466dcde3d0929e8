/**
 * Synthetic B2B journeys as raw warehouse rows: visitors from every channel with several
 * sessions, form fills that make them leads (on a second device too), downloads, webinars, demo
 * and trial requests, newsletter opens and clicks, bots and retried deliveries; the CRM's sales
 * log for a share of the leads; campaign spend per day for every campaign the UTMs name.
 *
 * Rows leave as JSON lines (the `events`, `crm_events` and `campaign_costs` columns, as the
 * collector writes them) through `Output`, one person at a time, so memory stays flat however
 * many events are asked for. Everything random comes from one seeded sequence, consumed in a
 * fixed order: the same seed and options give the same rows.
 */
import {
  ACQUISITION,
  AUTHORITIES,
  BLOG_POSTS,
  BOTS,
  BUDGETS,
  type Campaign,
  type Channel,
  COMPANY_CORES,
  COMPANY_PREFIXES,
  COMPANY_SIZES,
  COMPETITOR_MAIL,
  CONVERSIONS,
  COUNTRIES,
  type ConversionKind,
  type Country,
  DEVICES,
  type DeviceKind,
  DOCS_PAGES,
  FIRST_NAMES,
  FREE_MAIL,
  GENERIC_MAIL,
  HOUR_WEIGHTS,
  IDENTIFY_CHANCE,
  INDUSTRIES,
  INTENTS,
  type Intent,
  isPricingPath,
  JOBS,
  type Job,
  LANDING_PAGES,
  LAST_NAMES,
  LINK_ORIGIN,
  LOSS_REASONS,
  NEEDS,
  NEXT_PAGE_CHANCE,
  NEXT_PAGE_WEIGHTS,
  OUTBOUND_LINKS,
  OWNERS,
  PAID_CAMPAIGNS,
  REFERRAL_SITES,
  REJECTION_REASONS,
  RESOURCES,
  RETURNING,
  SEARCH_REFERRERS,
  SESSION_GAP_DAYS,
  SESSIONS,
  SITE_ID,
  SITE_ORIGIN,
  SOCIAL_REFERRERS,
  TIMELINES,
  TRADE_FAIRS,
  titleJson,
  WEBINARS,
  WEEKDAY_WEIGHTS,
} from './catalog.js'
import { Random, Weighted } from './random.js'

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** Shares of the journeys. */
export const SHARES = {
  /** Of all visitors: crawlers and headless browsers. */
  bots: 0.03,
  /** Of all people: contacts only the CRM knows (trade-fair badge scans), never on the site. */
  crmOnly: 0.012,
  /** Of web leads: a second device that identifies with the same email. */
  secondDevice: 0.15,
  /** Of browser events: delivered twice (the SDK's retry after a lost response). */
  duplicates: 0.006,
  /** Of page views: an engagement report when the page is left. */
  engagement: 0.7,
  /** Of web leads, by intent: synced to the CRM. */
  crm: { low: 0.35, medium: 0.6, high: 0.85 } as Record<Intent, number>,
  /** Of leads in the CRM, by intent: marked MQL by marketing. */
  mql: { low: 0.06, medium: 0.3, high: 0.6 } as Record<Intent, number>,
  /** Of leads subscribed to the newsletter (beyond those who signed up for it). */
  newsletterOptIn: 0.5,
} as const

const PAD2 = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0'))
const PAD3 = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'))
/** `YYYY-MM-DD` by day since the epoch: a window has few days, and every event needs one. */
const dayTexts = new Map<number, string>()

/**
 * Milliseconds since the epoch → ClickHouse's DateTime64 text, `YYYY-MM-DD hh:mm:ss.sss` (UTC).
 * What `toISOString` gives, without its cost: formatting was a third of the generation time.
 */
export function dateTime64(ms: number): string {
  const t = Math.floor(ms)
  const day = Math.floor(t / DAY)
  let date = dayTexts.get(day)
  if (date === undefined) {
    date = new Date(day * DAY).toISOString().slice(0, 10)
    dayTexts.set(day, date)
  }
  let rest = t - day * DAY
  const hours = Math.floor(rest / HOUR)
  rest -= hours * HOUR
  const minutes = Math.floor(rest / MINUTE)
  rest -= minutes * MINUTE
  const seconds = Math.floor(rest / SECOND)
  return `${date} ${PAD2[hours]}:${PAD2[minutes]}:${PAD2[seconds]}.${PAD3[rest - seconds * SECOND]}`
}

const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10)

/** ASCII spelling for email addresses and domains: `Müller` → `mueller`, `de Vries` → `devries`. */
export function asciiFold(text: string): string {
  return text
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .replace(/ı/g, 'i')
    .normalize('NFD')
    .replace(/[^a-z0-9]/g, '')
}

export interface JourneyOptions {
  seed: number
  /** Start of the window, inclusive (ms since the epoch). */
  from: number
  /** End of the window, exclusive. */
  to: number
  /** How many companies the leads work for. */
  companies: number
}

/** Where rows go: one JSON line per row. */
export interface Output {
  event(line: string): void
  crm(line: string): void
}

export interface JourneyCounts {
  /** Rows of `events`, retried deliveries and bot traffic included. */
  events: number
  duplicates: number
  botEvents: number
  /** Opens, clicks and unsubscribes recorded by the email links (no browser). */
  emailEvents: number
  /** Browsers (anonymous ids), bots included. */
  visitors: number
  bots: number
  sessions: number
  /** Distinct emails in the data: web leads and CRM-only contacts. */
  leads: number
  /** Leads who identified on the site. */
  webLeads: number
  /** Web leads who identified on two devices. */
  multiDeviceLeads: number
  crmOnlyLeads: number
  /** Rows of `crm_events`, contact updates included. */
  crmRecords: number
  deals: { won: number; lost: number }
}

interface Company {
  name: string
  domain: string
  size: number
  industry: string
  country: Country
}

/** Who a lead is: made when first needed, so that anonymous visitors cost no memory. */
interface Identity {
  first: string
  last: string
  email: string
  company: Company | undefined
  job: Job
}

interface Person {
  intent: Intent
  /** Where their browsers are, by IP. */
  country: Country
  who: Identity | undefined
  /** Set once an email of theirs is in the data. */
  counted: boolean
  identifiedAt: number
  conversion: ConversionKind | undefined
  devices: Device[]
  identifiedDevices: number
  downloaded: boolean
  webinar: number
  demo: boolean
  trial: boolean
}

interface Device {
  id: string
  /** The collector's client fields as a JSON fragment: on every event. */
  client: string
  /** Language, time zone and screen: on page views only. */
  pageview: string
  /** Start and end of each session, flat. */
  busy: number[]
  kind: DeviceKind
  identified: boolean
  /** Whether it sent anything yet: browsers are counted by their first event. */
  seen: boolean
}

/** Where one session came from. */
interface Source {
  channel: Channel
  referrer: string
  /** The landing URL's query string, `?` included, or ''. */
  query: string
  /** utm_* and click id columns as a JSON fragment. */
  utm: string
  landing: string
  /** Index into the campaigns with costs, or -1. */
  campaign: number
}

const NO_SOURCE = { referrer: '', query: '', utm: '', campaign: -1 }

/** A campaign with spend: the paid ones and the newsletter issues. */
export interface CostCampaign {
  channel: Channel
  source: string
  medium: string
  campaign: string
  cpc: readonly [number, number]
  ctr: readonly [number, number]
  /** Days (indexes into the window) it runs. */
  firstDay: number
  lastDay: number
  /** A send: one cost row on its day, priced per recipient. */
  send?: boolean
}

interface Issue {
  at: number
  campaign: string
  post: string
  costIndex: number
}

const json = (value: string): string => JSON.stringify(value)

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
  /** Campaigns with spend, and per campaign and day the sessions they brought (for clicks). */
  readonly costCampaigns: CostCampaign[] = []
  readonly landings: Uint32Array
  readonly recipients: number[] = []
  readonly days: number

  private readonly random: Random
  private readonly from: number
  private readonly to: number
  private readonly companies: Company[] = []
  private readonly companiesByCountry = new Map<string, Company[]>()
  private readonly usedEmails = new Set<string>()
  private readonly arrivalDays: Weighted<number>
  private readonly hours = new Weighted(HOUR_WEIGHTS.map((weight, hour) => [hour, weight]))
  private readonly intents = new Weighted(INTENTS)
  private readonly countries = new Weighted(COUNTRIES)
  private readonly devices = new Weighted(DEVICES)
  private readonly bots = new Weighted(BOTS)
  private readonly jobs = new Weighted(JOBS)
  private readonly acquisition = new Weighted(ACQUISITION)
  private readonly returning = new Weighted(RETURNING)
  private readonly searchReferrers = new Weighted(SEARCH_REFERRERS)
  private readonly socialReferrers = new Weighted(SOCIAL_REFERRERS)
  private readonly referralSites = new Weighted(REFERRAL_SITES)
  private readonly landingPages = mapValues(LANDING_PAGES, (entries) => new Weighted(entries))
  private readonly nextPages = mapValues(NEXT_PAGE_WEIGHTS, (entries) => new Weighted(entries))
  private readonly conversions = mapValues(CONVERSIONS, (entries) => new Weighted(entries))
  private readonly issues: Issue[] = []
  private readonly nurtureCampaign: number
  private readonly webinarTimes: number[]
  private readonly fairTimes: number[]
  private personNumber = 0
  private crmNumber = 0

  constructor(
    options: JourneyOptions,
    private readonly out: Output,
  ) {
    this.random = new Random(options.seed)
    this.from = options.from
    this.to = options.to
    this.days = Math.round((options.to - options.from) / DAY)
    const days = this.days
    // More traffic on weekdays, and a little more each week: the campaigns work.
    this.arrivalDays = new Weighted(
      Array.from({ length: days }, (_, day) => {
        const weekday = new Date(options.from + day * DAY).getUTCDay()
        return [day, (WEEKDAY_WEIGHTS[weekday] as number) * (1 + (0.25 * day) / days)] as const
      }),
    )
    for (const campaign of PAID_CAMPAIGNS) {
      this.costCampaigns.push({
        channel: campaign.channel,
        source: campaign.source,
        medium: campaign.medium,
        campaign: campaign.campaign,
        cpc: campaign.cpc,
        ctr: campaign.ctr,
        firstDay: Math.floor(campaign.active[0] * (days - 1)),
        lastDay: Math.floor(campaign.active[1] * (days - 1)),
      })
    }
    this.nurtureCampaign = this.costCampaigns.length
    this.costCampaigns.push({
      channel: 'email',
      source: 'nurture',
      medium: 'email',
      campaign: 'nurture_whitepaper',
      cpc: [0, 0],
      ctr: [0.02, 0.05],
      firstDay: 0,
      lastDay: days - 1,
    })
    // The newsletter: Tuesdays at 08:00 UTC.
    const firstTuesday = (2 - new Date(options.from).getUTCDay() + 7) % 7
    for (let day = firstTuesday; day < days; day += 7) {
      const at = options.from + day * DAY + 8 * HOUR
      const campaign = `newsletter_${isoDay(at)}`
      this.issues.push({
        at,
        campaign,
        post: `/blog/${BLOG_POSTS[this.issues.length % BLOG_POSTS.length]}`,
        costIndex: this.costCampaigns.length,
      })
      this.costCampaigns.push({
        channel: 'email',
        source: 'newsletter',
        medium: 'email',
        campaign,
        cpc: [0, 0],
        ctr: [0.02, 0.05],
        firstDay: day,
        lastDay: day,
        send: true,
      })
      this.recipients.push(0)
    }
    this.landings = new Uint32Array(this.costCampaigns.length * days)
    this.webinarTimes = WEBINARS.map(
      (webinar) => options.from + Math.floor(webinar.at * days) * DAY + 15 * HOUR,
    )
    this.fairTimes = [0.15, 0.48, 0.78].map(
      (at) => options.from + Math.floor(at * days) * DAY + 9 * HOUR,
    )
    // Companies are drawn from their own sequence: the same ones whatever the journeys do.
    const companyRandom = new Random(options.seed, 1)
    const industries = new Weighted(INDUSTRIES)
    const sizes = new Weighted(COMPANY_SIZES)
    const domains = new Set<string>()
    for (let i = 0; i < options.companies; i++) {
      const industry = industries.pick(companyRandom)
      const country = this.countries.pick(companyRandom)
      const [min, max] = sizes.pick(companyRandom)
      const core = companyRandom.pick(COMPANY_CORES[industry] ?? ['Group'])
      const prefix = companyRandom.pick(COMPANY_PREFIXES)
      let slug = `${asciiFold(prefix)}-${asciiFold(core)}`
      for (let n = 2; domains.has(slug); n++) slug = `${asciiFold(prefix)}-${asciiFold(core)}-${n}`
      domains.add(slug)
      const company = {
        name: `${prefix} ${core} ${country.legalForm}`,
        domain: `${slug}.test`,
        size: Math.round(companyRandom.between(min, max)),
        industry,
        country,
      }
      this.companies.push(company)
      const local = this.companiesByCountry.get(country.code)
      if (local) local.push(company)
      else this.companiesByCountry.set(country.code, [company])
    }
  }

  /** One more person: a visitor (who may become a lead), a crawler or a CRM-only contact. */
  person(): void {
    const r = this.random.next()
    if (r < SHARES.bots) this.bot()
    else if (r < SHARES.bots + SHARES.crmOnly) this.crmOnlyContact()
    else this.visitor()
  }

  // -------------------------------------------------------------------------------------------
  // Visitors and leads

  private visitor(): void {
    const random = this.random
    const intent = this.intents.pick(random)
    const person = this.newPerson(intent, this.countries.pick(random))
    const willIdentify = random.chance(IDENTIFY_CHANCE[intent])
    const device = this.newDevice(person.country)
    person.devices.push(device)
    const [minimum, again, most] = SESSIONS[intent]
    const planned = minimum + random.geometric(again, most - minimum)
    const identifyIn = willIdentify
      ? intent === 'high'
        ? random.int(Math.min(planned, 3))
        : random.int(planned)
      : -1
    let at = this.arrival()
    for (let i = 0; i < planned && at < this.to; i++) {
      const channel = (i === 0 ? this.acquisition : this.returning).pick(random)
      const conversion = i === identifyIn ? this.conversions[intent].pick(random) : undefined
      const end = this.session(person, device, at, this.source(channel, at), conversion)
      at = end + this.gap(intent)
    }
    if (!person.counted) return
    this.counts.webLeads++
    if (random.chance(SHARES.secondDevice)) this.secondDevice(person)
    this.webinarAttendance(person)
    this.emailProgram(person)
    if (random.chance(SHARES.crm[intent])) this.salesLog(person, person.identifiedAt, false)
  }

  private newPerson(intent: Intent, country: Country): Person {
    return {
      intent,
      country,
      who: undefined,
      counted: false,
      identifiedAt: 0,
      conversion: undefined,
      devices: [],
      identifiedDevices: 0,
      downloaded: false,
      webinar: -1,
      demo: false,
      trial: false,
    }
  }

  /** Name, email, employer and job of a person, made the first time they are needed. */
  private identity(person: Person): Identity {
    if (person.who) return person.who
    const random = this.random
    const local = this.companiesByCountry.get(person.country.code)
    const company =
      local && random.chance(0.85)
        ? random.pick(local)
        : (this.companies[random.int(this.companies.length)] as Company)
    const job = this.jobs.pick(random)
    const student = job.seniority === 'Student'
    const first = random.pick(FIRST_NAMES)
    const last = random.pick(LAST_NAMES)
    // Most people use their work address; some a private one, students never a company one.
    const kind = random.next()
    let domain: string
    let worksThere = true
    if (student ? kind < 0.6 : kind < 0.12) {
      domain = random.pick(FREE_MAIL)
      worksThere = !student && random.chance(0.6)
    } else if (student || kind < 0.18) {
      domain = random.pick(GENERIC_MAIL)
      worksThere = false
    } else if (kind < 0.187) {
      domain = random.pick(COMPETITOR_MAIL)
      worksThere = false
    } else {
      domain = company.domain
    }
    const f = asciiFold(first)
    const l = asciiFold(last)
    const style = random.next()
    let mailbox =
      style < 0.6
        ? `${f}.${l}`
        : style < 0.8
          ? `${f.charAt(0)}.${l}`
          : style < 0.92
            ? `${f}${l}`
            : l
    // Private addresses carry a marker: plainly made up, never someone's real mailbox.
    if (FREE_MAIL.includes(domain as (typeof FREE_MAIL)[number]))
      mailbox = `${mailbox}+synthetic${random.intBetween(100, 9999)}`
    let email = `${mailbox}@${domain}`
    for (let n = 2; this.usedEmails.has(email); n++) email = `${mailbox}${n}@${domain}`
    this.usedEmails.add(email)
    person.who = { first, last, email, company: worksThere ? company : undefined, job }
    return person.who
  }

  private newDevice(country: Country, kind = this.devices.pick(this.random)): Device {
    const random = this.random
    const ip = random.chance(0.85)
      ? `198.${18 + random.int(2)}.${random.int(256)}.0`
      : `2001:db8:${random.int(65536).toString(16)}::`
    return {
      id: random.uuid(),
      client: `,"browser":"${kind.browser}","browser_version":"${random.pick(kind.versions)}","os":"${kind.os}","device":"${kind.device}","ip":"${ip}","country":"${country.code}"`,
      pageview: `,"language":"${random.pick(country.languages)}","timezone":"${country.timezone}","screen":"${random.pick(kind.screens)}"`,
      busy: [],
      kind,
      identified: false,
      seen: false,
    }
  }

  /** The same person on another device (phone and laptop), identifying there too. */
  private secondDevice(person: Person): void {
    const random = this.random
    const first = person.devices[0] as Device
    const kinds = DEVICES.filter(([kind]) => kind.device !== first.kind.device)
    const device = this.newDevice(person.country, random.pick(kinds)[0])
    person.devices.push(device)
    const sessions = 1 + random.geometric(0.5, 3)
    let at = person.identifiedAt + random.lognormal(1.5 * DAY, 1)
    for (let i = 0; i < sessions && at < this.to; i++) {
      const conversion =
        i === sessions - 1
          ? random.pick(['whitepaper', 'webinar', 'newsletter'] as const)
          : undefined
      const channel = this.returning.pick(random)
      const end = this.session(person, device, at, this.source(channel, at), conversion)
      at = end + this.gap(person.intent)
    }
  }

  private webinarAttendance(person: Person): void {
    const random = this.random
    if (person.webinar < 0 || !random.chance(0.55)) return
    const start = (this.webinarTimes[person.webinar] as number) - random.between(1, 6) * MINUTE
    const device = random.pick(person.devices)
    if (start >= this.to || !this.free(device, start, start + HOUR)) return
    const sid = random.uuid()
    this.counts.sessions++
    const url = `${SITE_ORIGIN}/webinar/live`
    const page = `,"url":"${url}","path":"/webinar/live"`
    this.pageview(device, sid, start, page, '/webinar/live', '')
    const slug = (WEBINARS[person.webinar] as (typeof WEBINARS)[number]).slug
    this.custom(device, sid, start + random.between(1, 3) * MINUTE, page, '', 'webinar_attended', {
      webinar: slug,
    })
    const end = start + random.between(25, 60) * MINUTE
    this.engagement(device, sid, end, page, '', end - start)
    device.busy.push(start, end)
  }

  // -------------------------------------------------------------------------------------------
  // Sessions

  /** When a visitor first comes: weekdays and office hours more than nights and weekends. */
  private arrival(): number {
    const random = this.random
    const day = this.arrivalDays.pick(random)
    const hour = this.hours.pick(random)
    return this.from + day * DAY + hour * HOUR + random.int(HOUR)
  }

  private gap(intent: Intent): number {
    return Math.max(40 * MINUTE, this.random.lognormal(SESSION_GAP_DAYS[intent] * DAY, 1.1))
  }

  private free(device: Device, start: number, end: number): boolean {
    const busy = device.busy
    for (let i = 0; i < busy.length; i += 2)
      if (start < (busy[i + 1] as number) + MINUTE && end > (busy[i] as number) - MINUTE)
        return false
    return true
  }

  private source(channel: Channel, at: number): Source {
    const random = this.random
    const landing = this.landingPages[channel].pick(random)
    switch (channel) {
      case 'direct':
        return { channel, landing, ...NO_SOURCE }
      case 'organic_search':
        return { channel, landing, ...NO_SOURCE, referrer: this.searchReferrers.pick(random) }
      case 'organic_social': {
        const referrer = this.socialReferrers.pick(random)
        // Facebook tags its outbound links, paid or not.
        if (referrer.includes('facebook') && random.chance(0.6)) {
          const id = `IwAR${random.alnum(48)}`
          return {
            channel,
            landing,
            referrer,
            query: `?fbclid=${id}`,
            utm: `,"click_id_type":"fbclid","click_id":"${id}"`,
            campaign: -1,
          }
        }
        return { channel, landing, ...NO_SOURCE, referrer }
      }
      case 'referral':
        return { channel, landing, ...NO_SOURCE, referrer: this.referralSites.pick(random) }
      case 'email': {
        // Someone not known on this browser: a forwarded issue or a sponsored newsletter.
        const issue = this.latestIssue(at)
        if (issue && random.chance(0.4)) return this.issueSource(issue, 'forward')
        return this.campaignSource(channel, at, landing)
      }
      default:
        return this.campaignSource(channel, at, landing)
    }
  }

  private latestIssue(at: number): Issue | undefined {
    let latest: Issue | undefined
    for (const issue of this.issues) if (issue.at <= at) latest = issue
    return latest
  }

  private issueSource(issue: Issue, content: string): Source {
    return {
      channel: 'email',
      landing: issue.post,
      referrer: '',
      query: `?utm_source=newsletter&utm_medium=email&utm_campaign=${issue.campaign}&utm_content=${content}`,
      utm: `,"utm_source":"newsletter","utm_medium":"email","utm_campaign":"${issue.campaign}","utm_content":"${content}"`,
      campaign: issue.costIndex,
    }
  }

  private campaignSource(channel: Channel, at: number, landing: string): Source {
    const random = this.random
    const day = Math.floor((at - this.from) / DAY)
    let total = 0
    for (let i = 0; i < PAID_CAMPAIGNS.length; i++) {
      const campaign = PAID_CAMPAIGNS[i] as Campaign
      const cost = this.costCampaigns[i] as CostCampaign
      if (campaign.channel === channel && day >= cost.firstDay && day <= cost.lastDay)
        total += campaign.weight
    }
    if (total === 0) return { channel: 'direct', landing, ...NO_SOURCE }
    let target = random.next() * total
    let index = 0
    for (let i = 0; i < PAID_CAMPAIGNS.length; i++) {
      const campaign = PAID_CAMPAIGNS[i] as Campaign
      const cost = this.costCampaigns[i] as CostCampaign
      if (campaign.channel !== channel || day < cost.firstDay || day > cost.lastDay) continue
      index = i
      target -= campaign.weight
      if (target < 0) break
    }
    const campaign = PAID_CAMPAIGNS[index] as Campaign
    const params: string[] = []
    let utm = ''
    const autoTagged =
      campaign.autoTaggedOnly !== undefined && random.chance(campaign.autoTaggedOnly)
    if (!autoTagged) {
      params.push(
        `utm_source=${campaign.source}`,
        `utm_medium=${campaign.medium}`,
        `utm_campaign=${campaign.campaign}`,
      )
      utm = `,"utm_source":"${campaign.source}","utm_medium":"${campaign.medium}","utm_campaign":"${campaign.campaign}"`
      if (campaign.terms) {
        const term = random.pick(campaign.terms)
        params.push(`utm_term=${term.replace(/ /g, '+')}`)
        utm += `,"utm_term":"${term}"`
      }
      if (channel === 'paid_social' || channel === 'display') {
        const content = random.pick(['carousel_a', 'video_b', 'single_image_c'])
        params.push(`utm_content=${content}`)
        utm += `,"utm_content":"${content}"`
      }
    }
    if (campaign.clickId && (autoTagged || random.chance(campaign.clickId.share))) {
      const type = campaign.clickId.type
      const id =
        type === 'gclid'
          ? `Cj0KCQjw${random.alnum(72)}`
          : type === 'msclkid'
            ? random.hex(32)
            : type === 'fbclid'
              ? `IwAR${random.alnum(48)}`
              : random.uuid()
      params.push(`${type}=${id}`)
      utm += `,"click_id_type":"${type}","click_id":"${id}"`
    }
    const referrer =
      campaign.referrer ??
      (channel === 'paid_search'
        ? campaign.source === 'bing'
          ? 'https://www.bing.com/'
          : 'https://www.google.de/'
        : channel === 'paid_social'
          ? `https://www.${campaign.source}.com/`
          : '')
    return {
      channel,
      landing,
      referrer,
      query: `?${params.join('&')}`,
      utm,
      campaign: autoTagged ? -1 : index,
    }
  }

  private resolvePath(page: string): string {
    const random = this.random
    switch (page) {
      case 'blog':
        return `/blog/${random.pick(BLOG_POSTS)}`
      case 'docs':
        return `/docs/${random.pick(DOCS_PAGES)}`
      case 'resource':
        return `/resources/${random.pick(RESOURCES).slug}`
      default:
        return page
    }
  }

  /**
   * One visit: the landing page with its referrer and campaign, further pages, engagement
   * reports, custom events; a form fill when `conversion` is given. Returns when it ended.
   */
  private session(
    person: Person,
    device: Device,
    start: number,
    source: Source,
    conversion: ConversionKind | undefined,
  ): number {
    const random = this.random
    const intent = person.intent
    const sid = random.uuid()
    this.counts.sessions++
    if (source.campaign >= 0) {
      const day = Math.floor((start - this.from) / DAY)
      const index = source.campaign * this.days + day
      this.landings[index] = (this.landings[index] as number) + 1
    }
    const paths = [this.resolvePath(source.landing)]
    const more = random.geometric(NEXT_PAGE_CHANCE[intent], 20)
    for (let i = 0; i < more; i++) {
      let next = this.resolvePath(this.nextPages[intent].pick(random))
      if (next === paths[paths.length - 1])
        next = this.resolvePath(this.nextPages[intent].pick(random))
      paths.push(next)
    }
    // The form's page: where the conversion happens, added when the visit did not pass it.
    let formAt = -1
    if (conversion) {
      const wanted = conversionPage(conversion)
      formAt = paths.findIndex((path) => path.startsWith(wanted))
      if (formAt < 0) {
        paths.push(
          this.resolvePath(
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
      const page = `,"url":"${SITE_ORIGIN}${path}${first ? source.query : ''}","path":"${path}"`
      const utm = first ? source.utm : ''
      this.pageview(device, sid, at, page + utm, path, first ? source.referrer : '')
      const dwell = Math.min(
        15 * MINUTE,
        Math.max(3 * SECOND, random.lognormal(paths.length === 1 ? 25 * SECOND : 45 * SECOND, 0.9)),
      )
      if (i === formAt && conversion) {
        this.convert(person, device, sid, at + dwell * 0.7, page + utm, path, conversion)
      } else {
        this.pageEvents(person, device, sid, at + dwell * 0.6, page + utm, path)
      }
      if (random.chance(SHARES.engagement))
        this.engagement(device, sid, at + dwell, page, utm, dwell)
      at += dwell + random.between(0.3, 2) * SECOND
    }
    device.busy.push(start, at)
    return at
  }

  /** A form fill: identification with traits, and the event the form stands for. */
  private convert(
    person: Person,
    device: Device,
    sid: string,
    at: number,
    page: string,
    path: string,
    conversion: ConversionKind,
  ): void {
    const random = this.random
    if (at >= this.to) return
    const who = this.identity(person)
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
    switch (conversion) {
      case 'whitepaper': {
        const resource = RESOURCES.find((r) => path.endsWith(r.slug)) ?? RESOURCES[0]
        this.custom(device, sid, after, page, '', 'download', { file: resource.file })
        person.downloaded = true
        break
      }
      case 'webinar': {
        const next = this.webinarTimes.findIndex((time) => time > at)
        const slug = next >= 0 ? (WEBINARS[next] as (typeof WEBINARS)[number]).slug : 'on-demand'
        this.custom(device, sid, after, page, '', 'webinar_registered', { webinar: slug })
        if (next >= 0 && person.webinar < 0) person.webinar = next
        break
      }
      case 'demo':
        this.custom(device, sid, after, page, '', 'demo_request', { form: 'demo' })
        person.demo = true
        break
      case 'trial':
        this.custom(device, sid, after, page, '', 'trial_signup', { plan: 'trial' })
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
    page: string,
    traits: Record<string, string>,
  ): void {
    if (at >= this.to) return
    this.browserEvent(
      device,
      sid,
      'identify',
      at,
      `${page},"email":"${this.identity(person).email}","props":${json(JSON.stringify(traits))}`,
    )
    if (!person.counted) {
      person.counted = true
      person.identifiedAt = at
      this.counts.leads++
    }
    if (!device.identified) {
      device.identified = true
      person.identifiedDevices++
      if (person.identifiedDevices === 2) this.counts.multiDeviceLeads++
    }
  }

  /** What a visitor may do on a page besides viewing it. */
  private pageEvents(
    person: Person,
    device: Device,
    sid: string,
    at: number,
    page: string,
    path: string,
  ): void {
    const random = this.random
    const known = person.counted && at > person.identifiedAt
    if (path.startsWith('/docs/')) {
      if (random.chance(0.04))
        this.custom(device, sid, at, page, '', 'download', {
          file: `/files/docs-${path.slice(6)}.pdf`,
        })
      else if (random.chance(0.03))
        this.custom(device, sid, at, page, '', 'outbound', { url: random.pick(OUTBOUND_LINKS) })
    } else if (path.startsWith('/blog/')) {
      if (random.chance(0.02))
        this.custom(device, sid, at, page, '', 'outbound', { url: random.pick(OUTBOUND_LINKS) })
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

  // -------------------------------------------------------------------------------------------
  // Email

  /** The newsletter and, after a download, the nurture sequence: opens, clicks, unsubscribes. */
  private emailProgram(person: Person): void {
    const random = this.random
    const intent = person.intent
    const open = EMAIL_OPEN[intent]
    const click = EMAIL_CLICK[intent]
    let unsubscribed = false
    if (person.conversion === 'newsletter' || random.chance(SHARES.newsletterOptIn)) {
      for (let i = 0; i < this.issues.length && !unsubscribed; i++) {
        const issue = this.issues[i] as Issue
        if (issue.at <= person.identifiedAt) continue
        this.recipients[i] = (this.recipients[i] as number) + 1
        if (!random.chance(open)) continue
        const openedAt = issue.at + random.lognormal(3 * HOUR, 1.2)
        this.emailEvent(person, openedAt, 'email_open', issue.campaign, issue.post)
        if (random.chance(0.2))
          this.emailEvent(
            person,
            openedAt + random.lognormal(DAY, 1),
            'email_open',
            issue.campaign,
            issue.post,
          )
        if (random.chance(0.012)) {
          this.emailEvent(person, openedAt + 40 * SECOND, 'unsubscribe', issue.campaign, '')
          unsubscribed = true
        } else if (random.chance(click)) {
          const clickedAt = openedAt + random.between(5, 120) * SECOND
          this.emailEvent(person, clickedAt, 'email_click', issue.campaign, issue.post)
          this.visitFromEmail(person, clickedAt, this.issueSource(issue, 'issue'))
        }
      }
    }
    if (person.downloaded && !unsubscribed) {
      let step = 0
      for (const days of [2, 5, 9]) {
        step++
        const sentAt =
          Math.floor((person.identifiedAt + days * DAY - this.from) / DAY) * DAY +
          this.from +
          9 * HOUR
        if (!random.chance(open * 1.2)) continue
        const openedAt = sentAt + random.lognormal(4 * HOUR, 1.2)
        const post = `/blog/${BLOG_POSTS[step]}`
        this.emailEvent(person, openedAt, 'email_open', 'nurture_whitepaper', post, step)
        if (random.chance(click * 0.8)) {
          const clickedAt = openedAt + random.between(5, 90) * SECOND
          this.emailEvent(person, clickedAt, 'email_click', 'nurture_whitepaper', post, step)
          this.visitFromEmail(person, clickedAt, {
            channel: 'email',
            landing: post,
            referrer: '',
            query: `?utm_source=nurture&utm_medium=email&utm_campaign=nurture_whitepaper&utm_content=step-${step}`,
            utm: `,"utm_source":"nurture","utm_medium":"email","utm_campaign":"nurture_whitepaper","utm_content":"step-${step}"`,
            campaign: this.nurtureCampaign,
          })
        }
      }
    }
  }

  private visitFromEmail(person: Person, at: number, source: Source): void {
    const random = this.random
    if (person.devices.length === 0 || at >= this.to || !random.chance(0.85)) return
    // Opened on the phone more often than not.
    const device =
      person.devices.find((d) => d.kind.device === 'mobile' && random.chance(0.6)) ??
      (person.devices[0] as Device)
    if (!this.free(device, at, at + 30 * MINUTE)) return
    this.session(person, device, at + random.between(1, 4) * SECOND, source, undefined)
  }

  /** An open, click or unsubscribe as the collector's link routes record it: no browser. */
  private emailEvent(
    person: Person,
    at: number,
    name: string,
    campaign: string,
    post: string,
    step = 0,
  ): void {
    if (at >= this.to) return
    const random = this.random
    const ts = dateTime64(at)
    const message = step ? `step-${step}` : campaign.slice(campaign.indexOf('_') + 1)
    const props = JSON.stringify(
      post && name === 'email_click'
        ? { campaign, message, url: `${SITE_ORIGIN}${post}` }
        : { campaign, message },
    )
    const url =
      name === 'email_open'
        ? `${LINK_ORIGIN}/o/${random.alnum(40)}.gif`
        : `${LINK_ORIGIN}/c/${random.alnum(40)}`
    this.out.event(
      `{"event_id":"${random.uuid()}","site_id":"${SITE_ID}","type":"event","ts":"${ts}","client_ts":"${ts}","received_at":"${ts}","url":"${url}","email":"${this.identity(person).email}","name":"${name}","props":${json(props)},"utm_campaign":"${campaign}","utm_medium":"email"}`,
    )
    this.counts.events++
    this.counts.emailEvents++
  }

  // -------------------------------------------------------------------------------------------
  // Browser events

  private browserEvent(
    device: Device,
    sid: string,
    type: string,
    at: number,
    fields: string,
  ): void {
    if (at >= this.to) return
    if (!device.seen) {
      device.seen = true
      this.counts.visitors++
    }
    const random = this.random
    const ts = dateTime64(at)
    const head = `{"event_id":"${random.uuid()}","site_id":"${SITE_ID}","type":"${type}","ts":"${ts}","client_ts":"${ts}","received_at":"`
    const tail = `","anonymous_id":"${device.id}","session_id":"${sid}"${fields}${device.client}}`
    const received = at + random.lognormal(400, 0.8)
    this.out.event(head + dateTime64(received) + tail)
    this.counts.events++
    if (random.chance(SHARES.duplicates)) {
      this.out.event(head + dateTime64(received + random.lognormal(8 * SECOND, 1)) + tail)
      this.counts.events++
      this.counts.duplicates++
    }
  }

  private pageview(
    device: Device,
    sid: string,
    at: number,
    page: string,
    path: string,
    referrer: string,
  ): void {
    this.browserEvent(
      device,
      sid,
      'pageview',
      at,
      `${page},"title":${titleJson(path)}${referrer ? `,"referrer":"${referrer}"` : ''}${isPricingPath(path) ? ',"is_pricing":true' : ''}${device.pageview}`,
    )
  }

  private custom(
    device: Device,
    sid: string,
    at: number,
    page: string,
    utm: string,
    name: string,
    props: Record<string, string>,
  ): void {
    this.browserEvent(
      device,
      sid,
      'event',
      at,
      `${page}${utm},"name":"${name}","props":${json(JSON.stringify(props))}`,
    )
  }

  private engagement(
    device: Device,
    sid: string,
    at: number,
    page: string,
    utm: string,
    visibleMs: number,
  ): void {
    const random = this.random
    const scroll = Math.min(
      100,
      Math.round(random.between(10, 100) * Math.min(1, visibleMs / 30_000 + 0.3)),
    )
    this.browserEvent(
      device,
      sid,
      'engagement',
      at,
      `${page}${utm},"engaged_ms":${Math.round(visibleMs * random.between(0.6, 1))},"scroll_depth":${scroll}`,
    )
  }

  // -------------------------------------------------------------------------------------------
  // Bots

  private bot(): void {
    const random = this.random
    const kind = this.bots.pick(random)
    this.counts.visitors++
    this.counts.bots++
    const id = random.uuid()
    const sid = random.uuid()
    const fields = [
      kind.browser && `"browser":"${kind.browser}"`,
      kind.os && `"os":"${kind.os}"`,
      kind.device && `"device":"${kind.device}"`,
      '"is_bot":true',
      `"ip":"198.19.${random.int(256)}.0"`,
      `"country":"${random.pick(['US', 'US', 'DE', 'NL', 'IE'])}"`,
    ]
    const client = `,${fields.filter(Boolean).join(',')}`
    const pages = 3 + random.geometric(0.92, 120)
    let at = this.arrival()
    for (let i = 0; i < pages && at < this.to; i++) {
      const path = this.resolvePath(
        random.pick(['/', '/product', '/pricing', 'blog', 'blog', 'docs', 'docs', '/careers']),
      )
      const ts = dateTime64(at)
      this.out.event(
        `{"event_id":"${random.uuid()}","site_id":"${SITE_ID}","type":"pageview","ts":"${ts}","client_ts":"${ts}","received_at":"${dateTime64(at + 200)}","anonymous_id":"${id}","session_id":"${sid}","url":"${SITE_ORIGIN}${path}","path":"${path}","title":${titleJson(path)}${isPricingPath(path) ? ',"is_pricing":true' : ''}${client}}`,
      )
      this.counts.events++
      this.counts.botEvents++
      at += random.between(0.4, 4) * SECOND
    }
    this.counts.sessions++
  }

  // -------------------------------------------------------------------------------------------
  // The sales log

  /** A contact met at a trade fair: in the CRM (and maybe the newsletter), never on the site. */
  private crmOnlyContact(): void {
    const random = this.random
    const intent = this.intents.pick(random)
    const person = this.newPerson(intent, this.countries.pick(random))
    const fair = random.int(this.fairTimes.length)
    const metAt = (this.fairTimes[fair] as number) + random.between(0, 8) * HOUR
    if (metAt >= this.to) return
    person.identifiedAt = metAt
    this.salesLog(person, metAt, true)
    if (!person.counted) return
    this.counts.crmOnlyLeads++
    if (random.chance(0.6)) this.emailProgram(person)
  }

  private salesLog(person: Person, identifiedAt: number, atFair: boolean): void {
    const random = this.random
    const who = this.identity(person)
    const owner = random.pick(OWNERS[(who.company?.country ?? person.country).region])
    const contactId = `contact-${++this.personNumber}`
    const fairName = (at: number) => `${random.pick(TRADE_FAIRS)} ${new Date(at).getUTCFullYear()}`
    if (atFair) {
      this.crmRecord('trade_fair', identifiedAt, person, {
        owner,
        notes: `badge scan at ${fairName(identifiedAt)}`,
      })
    }
    const contactAt = atFair
      ? identifiedAt + random.lognormal(20 * HOUR, 0.3)
      : identifiedAt + random.lognormal(2 * HOUR, 1)
    const contact = this.contactFields(person)
    if (!this.crmRecord('contact', contactAt, person, contact, contactId)) return
    this.stage(
      person,
      contactAt + SECOND,
      person.conversion === 'newsletter' ? 'subscriber' : 'lead',
    )
    if (!atFair && random.chance(0.06)) {
      const at = this.fairTimes.find((time) => time > contactAt)
      if (at !== undefined)
        this.crmRecord('trade_fair', at + random.between(0, 8) * HOUR, person, {
          owner,
          notes: `talked at ${fairName(at)}`,
        })
    }
    const intent = person.intent
    const unfit = who.job.seniority === 'Student' || who.email.endsWith('.example')
    if (!random.chance(unfit ? 0.02 : SHARES.mql[intent])) return
    const mqlAt = contactAt + random.lognormal(3 * DAY, 0.8)
    if (!this.stage(person, mqlAt, 'mql')) return
    const callAt = mqlAt + random.lognormal(20 * HOUR, 0.8)
    if (!this.crmRecord('call', callAt, person, { owner, notes: 'qualification call' })) return
    if (random.chance(0.7)) {
      // The call filled in BANT: the contact record again, same id, a later version.
      const bant: Record<string, string> = {}
      if (random.chance(0.55)) bant.budget = random.pick(BUDGETS)
      if (random.chance(0.6)) bant.authority = random.pick(AUTHORITIES)
      if (random.chance(0.75)) bant.need = random.pick(NEEDS)
      if (random.chance(0.5)) bant.timeline = random.pick(TIMELINES)
      this.crmRecord(
        'contact',
        callAt + 10 * MINUTE,
        person,
        { ...contact, ...bant, owner },
        contactId,
      )
    }
    const decisionAt = callAt + random.lognormal(DAY, 0.7)
    const accepted = random.chance(unfit ? 0.05 : ACCEPT[intent])
    if (
      !this.crmRecord('sql_decision', decisionAt, person, {
        decision: accepted ? 'accepted' : 'rejected',
        owner,
        ...(accepted ? {} : { notes: random.pick(REJECTION_REASONS) }),
      })
    )
      return
    if (!accepted) {
      // Back to nurturing: recycled.
      this.stage(person, decisionAt + SECOND, 'lead')
      return
    }
    this.stage(person, decisionAt + SECOND, 'sql')
    if (!random.chance(0.8)) return
    const meetingAt = decisionAt + random.lognormal(4 * DAY, 0.6)
    if (!this.crmRecord('meeting', meetingAt, person, { owner, notes: 'discovery meeting' })) return
    if (!random.chance(0.65)) return
    const { amount: estimate, currency } = this.dealSize(person)
    const opportunityAt = meetingAt + random.lognormal(2 * DAY, 0.6)
    if (!this.money('opportunity', opportunityAt, person, estimate, currency, { owner })) return
    this.stage(person, opportunityAt + SECOND, 'opportunity')
    if (random.chance(0.5))
      this.crmRecord('meeting', opportunityAt + random.lognormal(3 * DAY, 0.5), person, {
        owner,
        notes: 'product demo with the buying center',
      })
    const offerAt = opportunityAt + random.lognormal(6 * DAY, 0.6)
    const offered = roundTo(estimate * random.between(0.9, 1.2), 100)
    if (!this.money('offer', offerAt, person, offered, currency, { owner })) return
    const dealAt = offerAt + random.lognormal(12 * DAY, 0.7)
    const outcome = random.next()
    if (outcome < 0.45) {
      const won = roundTo(offered * random.between(0.85, 1), 10)
      if (!this.money('deal', dealAt, person, won, currency, { owner, outcome: 'won' })) return
      this.counts.deals.won++
      this.stage(person, dealAt + SECOND, 'customer')
      if (random.chance(0.12))
        this.stage(person, dealAt + random.lognormal(20 * DAY, 0.5), 'evangelist')
    } else if (outcome < 0.8) {
      if (
        this.money('deal', dealAt, person, offered, currency, {
          owner,
          outcome: 'lost',
          notes: random.pick(LOSS_REASONS),
        })
      )
        this.counts.deals.lost++
    }
  }

  private contactFields(person: Person): Record<string, string | number> {
    const random = this.random
    const who = this.identity(person)
    const fields: Record<string, string | number> = { name: `${who.first} ${who.last}` }
    const company = who.company
    if (company) {
      fields.company = company.name
      if (random.chance(0.8)) fields.company_size = company.size
      if (random.chance(0.85)) fields.industry = company.industry
    }
    fields.country = (company?.country ?? person.country).code
    if (random.chance(0.85)) fields.job_title = who.job.title
    if (random.chance(0.7)) fields.seniority = who.job.seniority
    return fields
  }

  private dealSize(person: Person): { amount: number; currency: string } {
    const random = this.random
    const company = this.identity(person).company
    const size = company?.size ?? 1
    const [min, max] =
      size < 50
        ? [2400, 9000]
        : size < 250
          ? [9000, 30000]
          : size < 1000
            ? [24000, 72000]
            : [60000, 240000]
    return {
      amount: roundTo(random.between(min, max), 100),
      currency: (company?.country ?? person.country).currency,
    }
  }

  private stage(person: Person, at: number, stage: string): boolean {
    return this.crmRecord('stage_change', at, person, { stage })
  }

  private money(
    type: string,
    at: number,
    person: Person,
    amount: number,
    currency: string,
    fields: Record<string, string>,
  ): boolean {
    return this.crmRecord(type, at, person, { ...fields, amount, currency })
  }

  /** One row of the sales log; false (nothing written) when it would fall after the window. */
  private crmRecord(
    type: string,
    at: number,
    person: Person,
    fields: Record<string, string | number>,
    recordId = `${type.replace('_', '-')}-${++this.crmNumber}`,
  ): boolean {
    if (at >= this.to) return false
    const received = at + this.random.lognormal(10 * MINUTE, 0.8)
    let line = `{"record_id":"${recordId}","type":"${type}","occurred_at":"${dateTime64(at)}","received_at":"${dateTime64(received)}","email":"${this.identity(person).email}"`
    for (const key in fields) {
      const value = fields[key]
      line +=
        typeof value === 'number' ? `,"${key}":${value}` : `,"${key}":${json(value as string)}`
    }
    this.out.crm(`${line}}`)
    this.counts.crmRecords++
    if (!person.counted) {
      person.counted = true
      this.counts.leads++
    }
    return true
  }
}

const DEMO_LATER: Record<Intent, number> = { low: 0.03, medium: 0.15, high: 0.4 }
const TRIAL_LATER: Record<Intent, number> = { low: 0.02, medium: 0.12, high: 0.35 }
const EMAIL_OPEN: Record<Intent, number> = { low: 0.25, medium: 0.35, high: 0.45 }
const EMAIL_CLICK: Record<Intent, number> = { low: 0.12, medium: 0.2, high: 0.3 }
const ACCEPT: Record<Intent, number> = { low: 0.25, medium: 0.45, high: 0.6 }

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

function roundTo(value: number, step: number): number {
  return Math.round(value / step) * step
}

function mapValues<K extends string, V, W>(
  record: Record<K, V>,
  map: (value: V) => W,
): Record<K, W> {
  return Object.fromEntries(
    Object.entries(record).map(([key, value]) => [key, map(value as V)]),
  ) as Record<K, W>
}
