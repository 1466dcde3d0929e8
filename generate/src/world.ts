/**
 * The world the journeys happen in, fixed before the first person: the window's days and their
 * traffic, the campaigns with spend (paid ones, the nurture sequence, a newsletter issue every
 * Tuesday), webinar and trade-fair dates, and the companies leads work for.
 */
import {
  BLOG_POSTS,
  type Channel,
  COMPANY_CORES,
  COMPANY_PREFIXES,
  COMPANY_SIZES,
  COUNTRIES,
  type Country,
  INDUSTRIES,
  PAID_CAMPAIGNS,
  WEBINARS,
  WEEKDAY_WEIGHTS,
} from './catalog.js'
import { DAY, HOUR } from './context.js'
import { Random, Weighted } from './random.js'

export interface WorldOptions {
  seed: number
  /** Start of the window, inclusive (ms since the epoch). */
  from: number
  /** End of the window, exclusive. */
  to: number
  /** How many companies the leads work for. */
  companies: number
}

export interface Company {
  name: string
  domain: string
  size: number
  industry: string
  country: Country
}

/** A campaign with spend: the paid ones and the newsletter issues. */
export interface CostCampaign {
  channel: Channel
  source: string
  medium: string
  campaign: string
  cpc: readonly [number, number]
  ctr: readonly [number, number]
  /** The currency its spend is reported in (ISO 4217). */
  currency: string
  /** Days (indexes into the window) it runs. */
  firstDay: number
  lastDay: number
  /** A send: one cost row on its day, priced per recipient. */
  send?: boolean
}

/** A newsletter issue. */
export interface Issue {
  at: number
  campaign: string
  post: string
  costIndex: number
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

export class World {
  readonly from: number
  readonly to: number
  readonly days: number
  /** Days by how much traffic they bring. */
  readonly arrivalDays: Weighted<number>
  /** Campaigns with spend, and per campaign and day the sessions they brought (for clicks). */
  readonly costCampaigns: CostCampaign[] = []
  readonly landings: Uint32Array
  /** Per newsletter issue: how many it was sent to. */
  readonly recipients: number[] = []
  readonly issues: Issue[] = []
  /** Index of the nurture sequence in `costCampaigns`. */
  readonly nurtureCampaign: number
  readonly webinarTimes: number[]
  readonly fairTimes: number[]
  readonly companies: Company[] = []
  readonly companiesByCountry = new Map<string, Company[]>()

  constructor(options: WorldOptions) {
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
        currency: campaign.currency ?? 'EUR',
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
      currency: 'EUR',
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
        currency: 'EUR',
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
    this.addCompanies(options)
  }

  /** Companies are drawn from their own sequence: the same ones whatever the journeys do. */
  private addCompanies(options: WorldOptions): void {
    const companyRandom = new Random(options.seed, 1)
    const countries = new Weighted(COUNTRIES)
    const industries = new Weighted(INDUSTRIES)
    const sizes = new Weighted(COMPANY_SIZES)
    const domains = new Set<string>()
    for (let i = 0; i < options.companies; i++) {
      const industry = industries.pick(companyRandom)
      const country = countries.pick(companyRandom)
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
}
