import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ClickHouseCode, ClickHouseError, toClickHouseError } from './errors.js'
import { openTemporaryWarehouse } from './testing.js'
import { openWarehouse } from './warehouse.js'

/** What `run` threw, as `toClickHouseError` sees it. */
async function failure(run: () => Promise<unknown>): Promise<ClickHouseError | undefined> {
  const thrown = await run().then(
    () => expect.unreachable('it should have failed'),
    (error: unknown) => error,
  )
  const error = toClickHouseError(thrown)
  expect(error?.cause).toBe(thrown)
  return error
}

describe('toClickHouseError (embedded engine)', () => {
  const opened = openTemporaryWarehouse()
  beforeAll(async () => {
    const warehouse = await opened
    await warehouse.client.command({ query: 'CREATE DATABASE leadhouse' })
    await warehouse.client.command({
      query: 'CREATE TABLE leadhouse.typed (n UInt8, d Date) ENGINE = MergeTree ORDER BY n',
    })
  })
  afterAll(async () => (await opened).close())

  it('keeps the code and type of a query on a missing table', async () => {
    const warehouse = await opened
    const error = await failure(() =>
      warehouse.client.query({ query: 'SELECT * FROM leadhouse.nope' }),
    )
    expect(error).toBeInstanceOf(ClickHouseError)
    expect(error).toMatchObject({ code: ClickHouseCode.UNKNOWN_TABLE, type: 'UNKNOWN_TABLE' })
    expect(error?.message).toContain('leadhouse.nope')
  })

  it('keeps the code and type of a syntax error', async () => {
    const warehouse = await opened
    const error = await failure(() => warehouse.client.command({ query: 'SELEC 1' }))
    expect(error).toMatchObject({ code: ClickHouseCode.SYNTAX_ERROR, type: 'SYNTAX_ERROR' })
  })

  it('keeps the code and type of an identifier the query cannot resolve', async () => {
    const warehouse = await opened
    const error = await failure(() =>
      warehouse.client.query({ query: 'SELECT nope FROM leadhouse.typed' }),
    )
    expect(error).toMatchObject({
      code: ClickHouseCode.UNKNOWN_IDENTIFIER,
      type: 'UNKNOWN_IDENTIFIER',
    })
  })

  it("keeps the code and type of a value the client's insert cannot put in its column", async () => {
    const warehouse = await opened
    const error = await failure(() =>
      warehouse.client.insert({
        table: 'leadhouse.typed',
        values: [{ n: 'abc' }],
        format: 'JSONEachRow',
      }),
    )
    expect(error).toMatchObject({
      code: ClickHouseCode.CANNOT_PARSE_INPUT_ASSERTION_FAILED,
      type: 'CANNOT_PARSE_INPUT_ASSERTION_FAILED',
    })
  })

  it('keeps the code, type and whole message of an encoded insert the engine refuses', async () => {
    const warehouse = await opened
    const error = await failure(() =>
      warehouse.insertEncoded({
        table: 'typed',
        format: 'JSONEachRow',
        lines: Buffer.from('{"n":1,"d":"not a date"}\n'),
      }),
    )
    expect(error?.code).toBe(ClickHouseCode.CANNOT_PARSE_DATE)
    expect(error?.type).toBe('CANNOT_PARSE_DATE')
    // The engine's own message, as logs and `rejected_events` show it.
    expect(error?.message).toMatch(/^Code: 38\. DB::Exception: .*\(CANNOT_PARSE_DATE\)/s)
  })

  it('keeps the code and type of an encoded insert into a missing table', async () => {
    const warehouse = await opened
    const error = await failure(() =>
      warehouse.insertEncoded({
        table: 'nope',
        format: 'JSONEachRow',
        lines: Buffer.from('{"n":1}\n'),
      }),
    )
    expect(error).toMatchObject({ code: ClickHouseCode.UNKNOWN_TABLE, type: 'UNKNOWN_TABLE' })
  })
})

describe('toClickHouseError (server)', () => {
  // The exception a ClickHouse server answers a query on a missing table with (24.x).
  const EXCEPTION =
    "Code: 60. DB::Exception: Unknown table expression identifier 'leadhouse.nope' in scope SELECT * FROM leadhouse.nope. (UNKNOWN_TABLE) (version 24.8.4.13 (official build))\n"
  const server = createServer((request, response) => {
    if (request.url?.startsWith('/ping')) return response.end('Ok.\n')
    request.resume()
    response.writeHead(404, {
      'Content-Type': 'text/plain; charset=UTF-8',
      'X-ClickHouse-Exception-Code': '60',
    })
    response.end(EXCEPTION)
  })
  beforeAll(() => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)))
  afterAll(() => new Promise((resolve) => server.close(resolve)))
  const url = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  it("keeps the code and type of the server's answer to a query", async () => {
    const warehouse = await openWarehouse({ url: url() })
    try {
      const error = await failure(() =>
        warehouse.client.query({ query: 'SELECT * FROM leadhouse.nope' }),
      )
      expect(error).toMatchObject({ code: ClickHouseCode.UNKNOWN_TABLE, type: 'UNKNOWN_TABLE' })
    } finally {
      await warehouse.close()
    }
  })

  it("keeps the code and type of the server's answer to an encoded insert", async () => {
    const warehouse = await openWarehouse({ url: url() })
    try {
      const error = await failure(() =>
        warehouse.insertEncoded({
          table: 'nope',
          format: 'JSONEachRow',
          lines: Buffer.from('{"n":1}\n'),
        }),
      )
      expect(error).toMatchObject({ code: ClickHouseCode.UNKNOWN_TABLE, type: 'UNKNOWN_TABLE' })
    } finally {
      await warehouse.close()
    }
  })
})

describe('toClickHouseError', () => {
  it('is undefined for a failure ClickHouse did not report', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8123'), {
      code: 'ECONNREFUSED',
    })
    expect(toClickHouseError(refused)).toBeUndefined()
    expect(toClickHouseError(new Error('socket hang up'))).toBeUndefined()
    expect(toClickHouseError('Code: 60.')).toBeUndefined()
    expect(toClickHouseError(undefined)).toBeUndefined()
  })

  it('reads the code from the message when only the message has it, cluster-wrapped or not', () => {
    const wrapped = new Error(
      'Code: 57. DB::Exception: There was an error on [ch-2:9000]: Code: 57. DB::Exception: Table leadhouse.events already exists. (TABLE_ALREADY_EXISTS) (version 24.8.4.13 (official build)). (TABLE_ALREADY_EXISTS) (version 24.8.4.13 (official build))',
    )
    expect(toClickHouseError(wrapped)).toMatchObject({ code: 57, type: 'TABLE_ALREADY_EXISTS' })
    expect(toClickHouseError(new Error('Code: 210. Connection refused'))).toMatchObject({
      code: 210,
      type: undefined,
    })
  })

  it('returns a ClickHouseError as it is', () => {
    const error = new ClickHouseError('gone', { code: 60, type: 'UNKNOWN_TABLE' })
    expect(toClickHouseError(error)).toBe(error)
  })
})
