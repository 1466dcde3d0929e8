import { createHash, randomBytes } from 'node:crypto'
import { isIPv4, isIPv6 } from 'node:net'
import { isbot } from 'isbot'
import UAParser from 'ua-parser-js'
import type { CountryLookup } from './country.js'

/** What the collector adds to every event of a request, from its headers and connection. */
export interface ClientFields {
  browser: string
  browser_version: string
  os: string
  device: string
  is_bot: boolean
  /** The anonymised address: truncated, or a salted daily hash. Never the raw address. */
  ip: string
  /** ISO country code from the configured country database; '' without one. */
  country: string
}

/** How addresses are anonymised before they are stored. */
export type IpMode = 'truncate' | 'hash'

/** Automation that isbot's list may miss: headless browsers and test drivers. */
const AUTOMATION = /headless|phantomjs|puppeteer|playwright|selenium|webdriver|lighthouse/i

/** Descriptions of recent user agents: traffic repeats a few thousand of them endlessly. */
const described = new Map<string, Omit<ClientFields, 'ip' | 'country'>>()
const DESCRIBED_MAX = 5000

/** Browser (with major version), OS and device type from a user agent; bots and headless browsers flagged. */
export function describeUserAgent(userAgent: string): Omit<ClientFields, 'ip' | 'country'> {
  let description = described.get(userAgent)
  if (!description) {
    if (described.size >= DESCRIBED_MAX) described.clear()
    description = parseUserAgent(userAgent)
    described.set(userAgent, description)
  }
  return description
}

function parseUserAgent(userAgent: string): Omit<ClientFields, 'ip' | 'country'> {
  const { browser, os, device } = new UAParser(userAgent).getResult()
  return {
    browser: browser.name ?? '',
    browser_version: browser.major ?? '',
    os: os.name ?? '',
    // ua-parser names mobile, tablet, console, smarttv, wearable, embedded; a browser it does
    // not place on a device is a desktop one.
    device: device.type ?? (browser.name ? 'desktop' : ''),
    is_bot: !userAgent || isbot(userAgent) || AUTOMATION.test(userAgent),
  }
}

/**
 * An address reduced so that it no longer names one machine: IPv4 to its /24 (`203.0.113.0`),
 * IPv6 to its /48 (`2001:db8:85a3::`). Anything else becomes empty.
 */
export function truncateIp(address: string): string {
  const v4 = address.startsWith('::ffff:') && isIPv4(address.slice(7)) ? address.slice(7) : address
  if (isIPv4(v4)) return `${v4.split('.').slice(0, 3).join('.')}.0`
  if (!isIPv6(address)) return ''
  const [head = '', tail] = address.split('::')
  const groups = head.split(':').filter(Boolean)
  if (tail !== undefined) {
    const rest = tail.split(':').filter(Boolean)
    groups.push(...Array<string>(8 - groups.length - rest.length).fill('0'), ...rest)
  }
  return `${groups
    .slice(0, 3)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(':')}::`
}

/** Truncated addresses of recent clients: a visitor's requests come from one address. */
const truncated = new Map<string, string>()
const TRUNCATED_MAX = 10_000

function truncatedAddress(address: string): string {
  let result = truncated.get(address)
  if (result === undefined) {
    if (truncated.size >= TRUNCATED_MAX) truncated.clear()
    result = truncateIp(address)
    truncated.set(address, result)
  }
  return result
}

/**
 * Salted daily hashes, as Plausible makes them: the salt is random, lives in memory only and is
 * replaced every UTC day, so yesterday's hashes cannot be recomputed from an address.
 */
export class DailySalt {
  private day = ''
  private salt = Buffer.alloc(0)

  /** 16 hex characters naming `parts` for today only. */
  hash(parts: string[], now = Date.now()): string {
    const day = new Date(now).toISOString().slice(0, 10)
    if (day !== this.day) {
      this.day = day
      this.salt = randomBytes(32)
    }
    return createHash('sha256')
      .update(this.salt)
      .update(parts.join('\n'))
      .digest('hex')
      .slice(0, 16)
  }
}

export interface EnrichOptions {
  ipMode: IpMode
  salt: DailySalt
  /** Looks the raw address up before it is anonymised; the address itself is never kept. */
  country?: CountryLookup | undefined
}

/** The client fields of a request from `userAgent` at `address` for `siteId`. */
export function enrichClient(
  userAgent: string,
  address: string,
  siteId: string,
  options: EnrichOptions,
): ClientFields {
  const ip =
    options.ipMode === 'hash'
      ? address
        ? options.salt.hash([siteId, address, userAgent])
        : ''
      : truncatedAddress(address)
  const country = options.country && address ? options.country(address) : ''
  const { browser, browser_version, os, device, is_bot } = describeUserAgent(userAgent)
  // Spelled out: a spread into a literal with more fields is a slow path of V8's (~40×).
  return { browser, browser_version, os, device, is_bot, ip, country }
}

/**
 * A visitor id for events that carry none (the SDK's cookieless mode): a salted daily hash of
 * site, address and user agent, so one visitor's events of a day belong together.
 */
export function cookielessVisitorId(
  userAgent: string,
  address: string,
  siteId: string,
  salt: DailySalt,
): string {
  return `daily:${salt.hash(['visitor', siteId, address, userAgent])}`
}
