/**
 * Who the journeys happen to: people with an intent, their devices (browsers), and the
 * identity of a lead (name, email, employer, job), made the first time it is needed, so that
 * anonymous visitors cost no memory.
 */
import type { EventRow } from '@leadhouse/warehouse/raw'
import {
  COMPETITOR_MAIL,
  type ConversionKind,
  type Country,
  DEVICES,
  type DeviceKind,
  FIRST_NAMES,
  FREE_MAIL,
  GENERIC_MAIL,
  type Intent,
  JOBS,
  type Job,
  LAST_NAMES,
} from './catalog.js'
import type { Context } from './context.js'
import { Weighted } from './random.js'
import { asciiFold, type Company } from './world.js'

/** Who a lead is. */
export interface Identity {
  first: string
  last: string
  email: string
  company: Company | undefined
  job: Job
}

export interface Person {
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

export interface Device {
  id: string
  /** The collector's client fields: on every event. */
  client: Pick<EventRow, 'browser' | 'browser_version' | 'os' | 'device' | 'ip' | 'country'>
  /** Language, time zone and screen: on page views only. */
  pageview: Pick<EventRow, 'language' | 'timezone' | 'screen'>
  /** Start and end of each session, flat. */
  busy: number[]
  kind: DeviceKind
  identified: boolean
  /** Whether it sent anything yet: browsers are counted by their first event. */
  seen: boolean
}

const JOB_WEIGHTS = new Weighted(JOBS)
const DEVICE_WEIGHTS = new Weighted(DEVICES)

export function newPerson(intent: Intent, country: Country): Person {
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

export class People {
  private readonly usedEmails = new Set<string>()

  constructor(private readonly context: Context) {}

  /** Name, email, employer and job of a person, made the first time they are needed. */
  identity(person: Person): Identity {
    if (person.who) return person.who
    const { random, world } = this.context
    const local = world.companiesByCountry.get(person.country.code)
    const company =
      local && random.chance(0.85)
        ? random.pick(local)
        : (world.companies[random.int(world.companies.length)] as Company)
    const job = JOB_WEIGHTS.pick(random)
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

  newDevice(country: Country, kind = DEVICE_WEIGHTS.pick(this.context.random)): Device {
    const random = this.context.random
    const ip = random.chance(0.85)
      ? `198.${18 + random.int(2)}.${random.int(256)}.0`
      : `2001:db8:${random.int(65536).toString(16)}::`
    return {
      id: random.uuid(),
      client: {
        browser: kind.browser,
        browser_version: random.pick(kind.versions),
        os: kind.os,
        device: kind.device,
        ip,
        country: country.code,
      },
      pageview: {
        language: random.pick(country.languages),
        timezone: country.timezone,
        screen: random.pick(kind.screens),
      },
      busy: [],
      kind,
      identified: false,
      seen: false,
    }
  }
}
