/**
 * The CRM's sales log for a lead: the contact record (updated with BANT after the call), stage
 * changes from lead to customer, the SQL decision, calls, meetings, trade-fair talks, the
 * opportunity, offer and deal with amounts in the company's currency.
 */
import { type CrmEventRow, type PartialCrmEventRow, toDateTime64 } from '@leadhouse/warehouse/raw'
import {
  AUTHORITIES,
  BUDGETS,
  type Intent,
  LOSS_REASONS,
  NEEDS,
  OWNERS,
  REJECTION_REASONS,
  TIMELINES,
  TRADE_FAIRS,
} from './catalog.js'
import { type Context, DAY, HOUR, MINUTE, SECOND, SHARES } from './context.js'
import type { People, Person } from './people.js'
import type { Random } from './random.js'

/** Of won deals: with the gross margin the CRM keeps for a deal, as the attribute gross_margin. */
const MARGIN_SHARE = 0.6
/** A won deal's gross margin, as a share of its amount: licences cost little, services more. */
const MARGIN_RATE: readonly [number, number] = [0.45, 0.85]

/** Of MQLs called, by intent: accepted by sales as SQL. */
const ACCEPT: Record<Intent, number> = { low: 0.25, medium: 0.45, high: 0.6 }

/** Columns of a record besides its id, type, time and email. */
type RecordFields = Partial<CrmEventRow>

export class SalesLog {
  private personNumber = 0
  private crmNumber = 0

  /**
   * @param margins the sequence deal margins are drawn from: one of their own, so that the rest
   *   of the data is what it was before deals had margins
   */
  constructor(
    private readonly context: Context,
    private readonly people: People,
    private readonly margins: Random,
  ) {}

  /** A lead's records from `identifiedAt` on; `atFair`: first met at a trade fair. */
  write(person: Person, identifiedAt: number, atFair: boolean): void {
    const { random, counts } = this.context
    const who = this.people.identity(person)
    const owner = random.pick(OWNERS[(who.company?.country ?? person.country).region])
    const contactId = `contact-${++this.personNumber}`
    const fairName = (at: number) => `${random.pick(TRADE_FAIRS)} ${new Date(at).getUTCFullYear()}`
    if (atFair) {
      this.record('trade_fair', identifiedAt, person, {
        owner,
        notes: `badge scan at ${fairName(identifiedAt)}`,
      })
    }
    const contactAt = atFair
      ? identifiedAt + random.lognormal(20 * HOUR, 0.3)
      : identifiedAt + random.lognormal(2 * HOUR, 1)
    const contact = this.contactFields(person)
    if (!this.record('contact', contactAt, person, contact, contactId)) return
    this.stage(
      person,
      contactAt + SECOND,
      person.conversion === 'newsletter' ? 'subscriber' : 'lead',
    )
    if (!atFair && random.chance(0.06)) {
      const at = this.context.world.fairTimes.find((time) => time > contactAt)
      if (at !== undefined)
        this.record('trade_fair', at + random.between(0, 8) * HOUR, person, {
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
    if (!this.record('call', callAt, person, { owner, notes: 'qualification call' })) return
    if (random.chance(0.7)) {
      // The call filled in BANT: the contact record again, same id, a later version.
      const bant: RecordFields = {}
      if (random.chance(0.55)) bant.budget = random.pick(BUDGETS)
      if (random.chance(0.6)) bant.authority = random.pick(AUTHORITIES)
      if (random.chance(0.75)) bant.need = random.pick(NEEDS)
      if (random.chance(0.5)) bant.timeline = random.pick(TIMELINES)
      this.record(
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
      !this.record('sql_decision', decisionAt, person, {
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
    if (!this.record('meeting', meetingAt, person, { owner, notes: 'discovery meeting' })) return
    if (!random.chance(0.65)) return
    const { amount: estimate, currency } = this.dealSize(person)
    const opportunityAt = meetingAt + random.lognormal(2 * DAY, 0.6)
    if (!this.money('opportunity', opportunityAt, person, estimate, currency, { owner })) return
    this.stage(person, opportunityAt + SECOND, 'opportunity')
    if (random.chance(0.5))
      this.record('meeting', opportunityAt + random.lognormal(3 * DAY, 0.5), person, {
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
      const fields: RecordFields = { owner, outcome: 'won' }
      if (this.margins.chance(MARGIN_SHARE)) {
        const margin = roundTo(won * this.margins.between(...MARGIN_RATE), 10)
        // In the deal's currency, as CRMs keep a custom deal field: text in `attributes`.
        fields.attributes = { gross_margin: String(margin) }
      }
      if (!this.money('deal', dealAt, person, won, currency, fields)) return
      counts.deals.won++
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
        counts.deals.lost++
    }
  }

  private contactFields(person: Person): RecordFields {
    const random = this.context.random
    const who = this.people.identity(person)
    const fields: RecordFields = { name: `${who.first} ${who.last}` }
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
    const random = this.context.random
    const company = this.people.identity(person).company
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
    return this.record('stage_change', at, person, { stage })
  }

  private money(
    type: string,
    at: number,
    person: Person,
    amount: number,
    currency: string,
    fields: RecordFields,
  ): boolean {
    return this.record(type, at, person, { ...fields, amount, currency })
  }

  /** One row of the sales log; false (nothing written) when it would fall after the window. */
  private record(
    type: string,
    at: number,
    person: Person,
    fields: RecordFields,
    recordId = `${type.replace('_', '-')}-${++this.crmNumber}`,
  ): boolean {
    const { random, world, counts, out } = this.context
    if (at >= world.to) return false
    const received = at + random.lognormal(10 * MINUTE, 0.8)
    const row: PartialCrmEventRow = {
      record_id: recordId,
      type,
      occurred_at: toDateTime64(at),
      received_at: toDateTime64(received),
      email: this.people.identity(person).email,
      ...fields,
    }
    out.crm(row)
    counts.crmRecords++
    if (!person.counted) {
      person.counted = true
      counts.leads++
    }
    return true
  }
}

function roundTo(value: number, step: number): number {
  return Math.round(value / step) * step
}
