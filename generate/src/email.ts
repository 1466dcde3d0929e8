/**
 * Email to leads: the weekly newsletter and, after a download, the nurture sequence. Opens,
 * clicks and unsubscribes are recorded by the collector's email-link routes (no browser); a
 * click may bring the reader to the site.
 */
import { toDateTime64 } from '@leadhouse/warehouse/raw'
import { BLOG_POSTS, type Intent, LINK_ORIGIN, SITE_ID, SITE_ORIGIN } from './catalog.js'
import { type Context, DAY, HOUR, SECOND, SHARES } from './context.js'
import type { People, Person } from './people.js'
import type { Sources } from './sources.js'
import type { Visits } from './visits.js'
import type { Issue } from './world.js'

/** Of mails sent, by the reader's intent: opened, and clicked once opened. */
const EMAIL_OPEN: Record<Intent, number> = { low: 0.25, medium: 0.35, high: 0.45 }
const EMAIL_CLICK: Record<Intent, number> = { low: 0.12, medium: 0.2, high: 0.3 }

export class Email {
  constructor(
    private readonly context: Context,
    private readonly people: People,
    private readonly visits: Visits,
    private readonly sources: Sources,
  ) {}

  /** The newsletter and, after a download, the nurture sequence: opens, clicks, unsubscribes. */
  program(person: Person): void {
    const { random, world } = this.context
    const intent = person.intent
    const open = EMAIL_OPEN[intent]
    const click = EMAIL_CLICK[intent]
    let unsubscribed = false
    if (person.conversion === 'newsletter' || random.chance(SHARES.newsletterOptIn)) {
      for (let i = 0; i < world.issues.length && !unsubscribed; i++) {
        const issue = world.issues[i] as Issue
        if (issue.at <= person.identifiedAt) continue
        world.recipients[i] = (world.recipients[i] as number) + 1
        if (!random.chance(open)) continue
        const openedAt = issue.at + random.lognormal(3 * HOUR, 1.2)
        this.event(person, openedAt, 'email_open', issue.campaign, issue.post)
        if (random.chance(0.2))
          this.event(
            person,
            openedAt + random.lognormal(DAY, 1),
            'email_open',
            issue.campaign,
            issue.post,
          )
        if (random.chance(0.012)) {
          this.event(person, openedAt + 40 * SECOND, 'unsubscribe', issue.campaign, '')
          unsubscribed = true
        } else if (random.chance(click)) {
          const clickedAt = openedAt + random.between(5, 120) * SECOND
          this.event(person, clickedAt, 'email_click', issue.campaign, issue.post)
          this.visits.visitFromEmail(person, clickedAt, this.sources.issueSource(issue, 'issue'))
        }
      }
    }
    if (person.downloaded && !unsubscribed) this.nurture(person, open, click)
  }

  /** Three mails after a download, two, five and nine days later, at 09:00 UTC. */
  private nurture(person: Person, open: number, click: number): void {
    const { random, world } = this.context
    let step = 0
    for (const days of [2, 5, 9]) {
      step++
      const sentAt =
        Math.floor((person.identifiedAt + days * DAY - world.from) / DAY) * DAY +
        world.from +
        9 * HOUR
      if (!random.chance(open * 1.2)) continue
      const openedAt = sentAt + random.lognormal(4 * HOUR, 1.2)
      const post = `/blog/${BLOG_POSTS[step]}`
      this.event(person, openedAt, 'email_open', 'nurture_whitepaper', post, step)
      if (random.chance(click * 0.8)) {
        const clickedAt = openedAt + random.between(5, 90) * SECOND
        this.event(person, clickedAt, 'email_click', 'nurture_whitepaper', post, step)
        this.visits.visitFromEmail(person, clickedAt, {
          channel: 'email',
          landing: post,
          referrer: '',
          query: `?utm_source=nurture&utm_medium=email&utm_campaign=nurture_whitepaper&utm_content=step-${step}`,
          utm: {
            utm_source: 'nurture',
            utm_medium: 'email',
            utm_campaign: 'nurture_whitepaper',
            utm_content: `step-${step}`,
          },
          campaign: world.nurtureCampaign,
        })
      }
    }
  }

  /** An open, click or unsubscribe as the collector's link routes record it: no browser. */
  private event(
    person: Person,
    at: number,
    name: string,
    campaign: string,
    post: string,
    step = 0,
  ): void {
    const { random, world, counts, out } = this.context
    if (at >= world.to) return
    const ts = toDateTime64(at)
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
    out.event({
      event_id: random.uuid(),
      site_id: SITE_ID,
      type: 'event',
      ts,
      client_ts: ts,
      received_at: ts,
      url,
      email: this.people.identity(person).email,
      name,
      props,
      utm_campaign: campaign,
      utm_medium: 'email',
    })
    counts.events++
    counts.emailEvents++
  }
}
