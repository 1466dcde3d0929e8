/**
 * Where a visit comes from: the referrer, the landing page and the campaign columns of each
 * channel: search and social referrers, referral sites, paid campaigns tagged with UTMs and
 * click ids (some only auto-tagged), newsletter issues and their forwards.
 */

import type { EventFields } from './browser-events.js'
import {
  BLOG_POSTS,
  type Campaign,
  type Channel,
  DOCS_PAGES,
  LANDING_PAGES,
  PAID_CAMPAIGNS,
  REFERRAL_SITES,
  RESOURCES,
  SEARCH_REFERRERS,
  SOCIAL_REFERRERS,
} from './catalog.js'
import { type Context, DAY } from './context.js'
import { Weighted } from './random.js'
import type { CostCampaign, Issue } from './world.js'

/** Where one session came from. */
export interface Source {
  channel: Channel
  referrer: string
  /** The landing URL's query string, `?` included, or ''. */
  query: string
  /** The utm_* and click id columns. */
  utm: EventFields
  /** A page, or a section (`blog`, `docs`, `resource`) that `resolvePath` picks a page of. */
  landing: string
  /** Index into the campaigns with costs, or -1. */
  campaign: number
}

const NO_SOURCE = { referrer: '', query: '', utm: {}, campaign: -1 }

const SEARCH = new Weighted(SEARCH_REFERRERS)
const SOCIAL = new Weighted(SOCIAL_REFERRERS)
const REFERRALS = new Weighted(REFERRAL_SITES)
const LANDINGS = mapValues(LANDING_PAGES, (entries) => new Weighted(entries))

export class Sources {
  constructor(private readonly context: Context) {}

  source(channel: Channel, at: number): Source {
    const random = this.context.random
    const landing = LANDINGS[channel].pick(random)
    switch (channel) {
      case 'direct':
        return { channel, landing, ...NO_SOURCE }
      case 'organic_search':
        return { channel, landing, ...NO_SOURCE, referrer: SEARCH.pick(random) }
      case 'organic_social': {
        const referrer = SOCIAL.pick(random)
        // Facebook tags its outbound links, paid or not.
        if (referrer.includes('facebook') && random.chance(0.6)) {
          const id = `IwAR${random.alnum(48)}`
          return {
            channel,
            landing,
            referrer,
            query: `?fbclid=${id}`,
            utm: { click_id_type: 'fbclid', click_id: id },
            campaign: -1,
          }
        }
        return { channel, landing, ...NO_SOURCE, referrer }
      }
      case 'referral':
        return { channel, landing, ...NO_SOURCE, referrer: REFERRALS.pick(random) }
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

  issueSource(issue: Issue, content: string): Source {
    return {
      channel: 'email',
      landing: issue.post,
      referrer: '',
      query: `?utm_source=newsletter&utm_medium=email&utm_campaign=${issue.campaign}&utm_content=${content}`,
      utm: {
        utm_source: 'newsletter',
        utm_medium: 'email',
        utm_campaign: issue.campaign,
        utm_content: content,
      },
      campaign: issue.costIndex,
    }
  }

  /** A page for `page`: itself, or one of the section it names (`blog`, `docs`, `resource`). */
  resolvePath(page: string): string {
    const random = this.context.random
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

  private latestIssue(at: number): Issue | undefined {
    let latest: Issue | undefined
    for (const issue of this.context.world.issues) if (issue.at <= at) latest = issue
    return latest
  }

  private campaignSource(channel: Channel, at: number, landing: string): Source {
    const { random, world } = this.context
    const day = Math.floor((at - world.from) / DAY)
    let total = 0
    for (let i = 0; i < PAID_CAMPAIGNS.length; i++) {
      const campaign = PAID_CAMPAIGNS[i] as Campaign
      const cost = world.costCampaigns[i] as CostCampaign
      if (campaign.channel === channel && day >= cost.firstDay && day <= cost.lastDay)
        total += campaign.weight
    }
    if (total === 0) return { channel: 'direct', landing, ...NO_SOURCE }
    let target = random.next() * total
    let index = 0
    for (let i = 0; i < PAID_CAMPAIGNS.length; i++) {
      const campaign = PAID_CAMPAIGNS[i] as Campaign
      const cost = world.costCampaigns[i] as CostCampaign
      if (campaign.channel !== channel || day < cost.firstDay || day > cost.lastDay) continue
      index = i
      target -= campaign.weight
      if (target < 0) break
    }
    const campaign = PAID_CAMPAIGNS[index] as Campaign
    const params: string[] = []
    const utm: EventFields = {}
    const autoTagged =
      campaign.autoTaggedOnly !== undefined && random.chance(campaign.autoTaggedOnly)
    if (!autoTagged) {
      params.push(
        `utm_source=${campaign.source}`,
        `utm_medium=${campaign.medium}`,
        `utm_campaign=${campaign.campaign}`,
      )
      utm.utm_source = campaign.source
      utm.utm_medium = campaign.medium
      utm.utm_campaign = campaign.campaign
      if (campaign.terms) {
        const term = random.pick(campaign.terms)
        params.push(`utm_term=${term.replace(/ /g, '+')}`)
        utm.utm_term = term
      }
      if (channel === 'paid_social' || channel === 'display') {
        const content = random.pick(['carousel_a', 'video_b', 'single_image_c'])
        params.push(`utm_content=${content}`)
        utm.utm_content = content
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
      utm.click_id_type = type
      utm.click_id = id
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
}

/** A record with every value mapped. */
export function mapValues<K extends string, V, W>(
  record: Record<K, V>,
  map: (value: V) => W,
): Record<K, W> {
  return Object.fromEntries(
    Object.entries(record).map(([key, value]) => [key, map(value as V)]),
  ) as Record<K, W>
}
