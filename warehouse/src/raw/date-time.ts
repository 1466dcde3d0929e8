/**
 * The raw tables' one time format: `DateTime64(3, 'UTC')` as text. Every writer formats its
 * times here, the collector for each event it accepts and the generator for millions of rows,
 * so it is built for speed: `toISOString` per call was a third of the generator's time.
 */

const SECOND = 1000
const DAY = 86_400 * SECOND
/** DateTime64 ends in 2299; stay sane: the last millisecond of 2099. */
const LAST_MS = 4_102_444_799_999

const PAD2 = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0'))
const PAD3 = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'))

/**
 * `YYYY-MM-DD` by day since the epoch: times mostly fall on few days. Bounded, as a client may
 * send any time at all; emptied when full, which costs one `toISOString` a day again.
 */
const dayTexts = new Map<number, string>()
const DAY_TEXTS_MAX = 4096

/**
 * The last two seconds formatted, `YYYY-MM-DD hh:mm:ss`: a request's arrival and its events'
 * client times mostly fall in one or two seconds.
 */
interface FormattedSecond {
  second: number
  text: string
}
const recentSeconds: [FormattedSecond, FormattedSecond] = [
  { second: Number.NaN, text: '' },
  { second: Number.NaN, text: '' },
]
let replacedSlot: 0 | 1 = 0

/**
 * Milliseconds since the epoch → `YYYY-MM-DD hh:mm:ss.mmm` (UTC), ClickHouse's DateTime64 text.
 * Fractions of a millisecond are cut; times before 1970 or after 2099 are clamped to them.
 *
 * @example toDateTime64(Date.UTC(2026, 10, 23, 13, 5, 7, 9)) // '2026-11-23 13:05:07.009'
 */
export function toDateTime64(ms: number): string {
  const t = Math.min(Math.max(Math.floor(ms), 0), LAST_MS)
  const second = Math.floor(t / SECOND)
  const [first, other] = recentSeconds
  let text = first.second === second ? first.text : other.second === second ? other.text : undefined
  if (text === undefined) {
    text = secondText(second)
    recentSeconds[replacedSlot] = { second, text }
    replacedSlot = replacedSlot === 0 ? 1 : 0
  }
  return `${text}.${PAD3[t - second * SECOND]}`
}

/** Seconds since the epoch → `YYYY-MM-DD hh:mm:ss`. */
function secondText(second: number): string {
  const day = Math.floor(second / 86_400)
  let date = dayTexts.get(day)
  if (date === undefined) {
    if (dayTexts.size >= DAY_TEXTS_MAX) dayTexts.clear()
    date = new Date(day * DAY).toISOString().slice(0, 10)
    dayTexts.set(day, date)
  }
  let rest = second - day * 86_400
  const hours = Math.floor(rest / 3600)
  rest -= hours * 3600
  const minutes = Math.floor(rest / 60)
  return `${date} ${PAD2[hours]}:${PAD2[minutes]}:${PAD2[rest - minutes * 60]}`
}
