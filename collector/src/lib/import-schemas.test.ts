import { describe, expect, it } from 'vitest'
import { costRowSchema, crmRecordSchema } from './import-schemas.js'

const contact = { id: 'c-1', type: 'contact', email: 'ada@example.com', occurred_at: 0 }

/** What the schema makes of one field of a contact, or the problem it names. */
function field(name: string, value: unknown): unknown {
  const parsed = crmRecordSchema.safeParse({ ...contact, [name]: value })
  return parsed.success
    ? (parsed.data as Record<string, unknown>)[name]
    : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')
}

describe('the sales log schema', () => {
  it('reads times as ISO 8601, UTC unless they name a zone, or as epoch milliseconds', () => {
    expect(field('occurred_at', '2026-11-23T10:00:00Z')).toBe(Date.UTC(2026, 10, 23, 10))
    expect(field('occurred_at', '2026-11-23 10:00')).toBe(Date.UTC(2026, 10, 23, 10))
    expect(field('occurred_at', '2026-11-23T10:00:00+01:00')).toBe(Date.UTC(2026, 10, 23, 9))
    expect(field('occurred_at', '2026-11-23')).toBe(Date.UTC(2026, 10, 23))
    // A CSV cell of digits is milliseconds, as a JSON number is.
    expect(field('occurred_at', '1700000000000')).toBe(1_700_000_000_000)
    expect(field('occurred_at', 'last tuesday')).toMatch(/^occurred_at: must be an ISO 8601/)
    expect(field('occurred_at', 1.5)).toMatch(/^occurred_at: must be an ISO 8601/)
    expect(field('occurred_at', '1960-01-01')).toBe(
      'occurred_at: must be between 1970 and the end of 2099',
    )
  })

  it('keeps money to the cent: a float a hair off a cent is that cent, a third decimal is refused', () => {
    const deal = (amount: unknown) =>
      crmRecordSchema.safeParse({ ...contact, type: 'offer', amount, currency: 'EUR' })
    expect(deal(19.99 * 3).data?.amount).toBe(59.97)
    expect(deal('1.000').data?.amount).toBe(1)
    expect(deal(70_150_084_874.9).data?.amount).toBe(70_150_084_874.9)
    for (const amount of [12.345, '12.345', 1e-7])
      expect(deal(amount).error?.issues[0]?.message).toMatch(/at most 2 decimals/)
    for (const amount of ['1,234.50', '12.5e3', null, '', true, [5]])
      expect(deal(amount).error?.issues[0]?.message).toBe(
        'must be a number such as 1234 or 1234.50',
      )
  })

  it('takes whole counts only, up to what the column holds', () => {
    expect(field('company_size', ' 12 ')).toBe(12)
    expect(field('company_size', '1.000')).toBe('company_size: must be a whole number')
    expect(field('company_size', 12.5)).toBe('company_size: must be a whole number')
    expect(field('company_size', 5e9)).toBe('company_size: must be at most 4294967295')
  })
})

describe('the campaign cost schema', () => {
  it('refuses days the Date column cannot hold', () => {
    const cost = { channel: 'email', campaign: 'q4', cost: 1, currency: 'EUR' }
    expect(costRowSchema.safeParse({ ...cost, day: '2149-06-06' }).success).toBe(true)
    for (const day of ['1969-12-31', '2149-06-07'])
      expect(costRowSchema.safeParse({ ...cost, day }).error?.issues[0]?.message).toBe(
        'must be between 1970-01-01 and 2149-06-06',
      )
  })
})
