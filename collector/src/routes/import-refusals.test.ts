/**
 * A refused upload as a whole (too large, cut short, too many records, not JSON or CSV, nested
 * too deep) is kept
 * in `rejected_events` with what arrived of it, and counted, as refused events are.
 */
import { rows } from '@leadhouse/warehouse/testing'
import { afterAll, expect, it } from 'vitest'
import { AS_ADMIN, openTestApp, SECRET_KEY } from '../test-app.js'
import { MAX_IMPORT_BYTES, MAX_IMPORT_RECORDS } from './imports.js'

const opened = openTestApp()
afterAll(async () => (await opened).close())

async function send(path: string, body: string): Promise<{ status: number; code: string }> {
  const { app } = await opened
  const response = await app.request(path, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${SECRET_KEY}` },
  })
  const answer = (await response.json()) as { error: { code: string } }
  return { status: response.status, code: answer.error.code }
}

async function rejectedCount(code: string): Promise<number> {
  const { app } = await opened
  const text = await (await app.request('/metrics', { headers: AS_ADMIN })).text()
  const line = text
    .split('\n')
    .find((entry) => entry.startsWith(`leadhouse_events_rejected_total{code="${code}"}`))
  return Number(line?.split(' ').pop() ?? 0)
}

it('keeps and counts uploads refused whole', async () => {
  const tooLarge = `{"costs": [${'"x",'.repeat(MAX_IMPORT_BYTES / 4)}"x"]}`
  const tooDeep = `{"costs":[${'{"a":['.repeat(4500)}${']}'.repeat(4500)}]}`
  const tooMany = JSON.stringify({
    costs: Array.from({ length: MAX_IMPORT_RECORDS + 1 }, () => ({})),
  })
  expect(await send('/api/v1/costs', tooLarge)).toEqual({ status: 413, code: 'body_too_large' })
  expect(await send('/api/v1/costs', tooMany)).toEqual({ status: 413, code: 'too_many_records' })
  expect(await send('/api/v1/crm', '{"records": ')).toEqual({ status: 400, code: 'invalid_json' })
  expect(await send('/api/v1/crm', '{"records": {}}')).toEqual({
    status: 400,
    code: 'invalid_body',
  })
  expect(await send('/api/v1/costs', tooDeep)).toEqual({ status: 400, code: 'too_deep' })

  const { warehouse, spool } = await opened
  await spool.drain()
  const kept = await rows<{ endpoint: string; code: string; starts: string; bytes: string }>(
    warehouse,
    `SELECT endpoint, code, substring(payload, 1, 10) AS starts, toString(payload_bytes) AS bytes
     FROM leadhouse.rejected_events ORDER BY code`,
  )
  expect(kept).toEqual([
    {
      endpoint: '/api/v1/costs',
      code: 'body_too_large',
      starts: tooLarge.slice(0, 10),
      bytes: String(Buffer.byteLength(tooLarge)),
    },
    { endpoint: '/api/v1/crm', code: 'invalid_body', starts: '{"records"', bytes: '15' },
    { endpoint: '/api/v1/crm', code: 'invalid_json', starts: '{"records"', bytes: '12' },
    {
      endpoint: '/api/v1/costs',
      code: 'too_deep',
      starts: tooDeep.slice(0, 10),
      bytes: String(tooDeep.length),
    },
    {
      endpoint: '/api/v1/costs',
      code: 'too_many_records',
      starts: tooMany.slice(0, 10),
      bytes: String(tooMany.length),
    },
  ])
  for (const code of [
    'body_too_large',
    'too_many_records',
    'invalid_json',
    'invalid_body',
    'too_deep',
  ])
    expect(await rejectedCount(code), code).toBe(1)
})
