import { writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { qualifiedName } from './identifiers.js'
import { openTemporaryWarehouse, rows, temporaryDataDir } from './testing.js'
import { openWarehouse, WarehouseUnavailableError, warehouseOptionsFromEnv } from './warehouse.js'

describe('openWarehouse (embedded)', () => {
  const opened = openTemporaryWarehouse()
  afterAll(async () => (await opened).close())

  it('opens a real engine in the data directory and answers queries', async () => {
    const warehouse = await opened
    expect(warehouse.description).toContain(warehouse.dataDir)
    expect(await rows(warehouse, 'SELECT {n:UInt8} + 1 AS two', { n: 1 })).toEqual([{ two: 2 }])
  })

  it('keeps data across queries in the directory it was given', async () => {
    const warehouse = await opened
    const table = qualifiedName('default', 'kept')
    await warehouse.client.command({
      query: `CREATE TABLE ${table} (n UInt8) ENGINE = MergeTree ORDER BY n`,
    })
    await warehouse.client.insert({ table, values: [{ n: 7 }], format: 'JSONEachRow' })
    expect(await rows(warehouse, `SELECT n FROM ${table}`)).toEqual([{ n: 7 }])
  })

  it("runs background merges and mutations in a server's default pool, not chDB's 2 threads", async () => {
    const warehouse = await opened
    expect(
      await rows(
        warehouse,
        `SELECT value FROM system.server_settings WHERE name = 'background_pool_size'`,
      ),
    ).toEqual([{ value: '16' }])
    // A DELETE touches every part: with more parts than the pool has tasks, it still completes.
    const table = qualifiedName('default', 'many_parts')
    await warehouse.client.command({
      query: `CREATE TABLE ${table} (n UInt32) ENGINE = MergeTree ORDER BY n`,
    })
    for (let part = 0; part < 12; part++)
      await warehouse.client.command({
        query: `INSERT INTO ${table} SELECT number FROM numbers(${part * 10}, 10)`,
      })
    await warehouse.client.command({ query: `DELETE FROM ${table} WHERE n % 2 = 1` })
    expect(await rows(warehouse, `SELECT count() AS n FROM ${table}`)).toEqual([{ n: '60' }])
  })

  it('answers a quick query while a slow one runs, as a server does', async () => {
    const warehouse = await opened
    const finished: string[] = []
    const slow = rows(warehouse, 'SELECT sleep(1) AS slept').then(() => finished.push('slow'))
    const quick = rows(warehouse, 'SELECT 1 AS one').then(() => finished.push('quick'))
    await Promise.all([slow, quick])
    expect(finished).toEqual(['quick', 'slow'])
  })

  it('inserts encoded lines as they are, with their columns and settings', async () => {
    const warehouse = await opened
    const table = qualifiedName(warehouse.database, 'encoded')
    await warehouse.client.command({ query: `CREATE DATABASE IF NOT EXISTS ${warehouse.database}` })
    await warehouse.client.command({
      query: `CREATE TABLE ${table} (id UInt32, name String, note String DEFAULT 'none')
              ENGINE = MergeTree ORDER BY id SETTINGS non_replicated_deduplication_window = 10`,
    })
    const insert = {
      table: 'encoded',
      columns: ['id', 'name', 'note'],
      format: 'JSONCompactEachRow',
      lines: Buffer.from('[1,"Ada",null]\n[2,"Grace","ü"]\n'),
      settings: { insert_deduplication_token: 'batch-1', input_format_null_as_default: 1 },
    } as const
    await warehouse.insertEncoded(insert)
    await warehouse.insertEncoded(insert) // the same token: a no-op
    expect(await rows(warehouse, `SELECT id, name, note FROM ${table} ORDER BY id`)).toEqual([
      { id: 1, name: 'Ada', note: 'none' },
      { id: 2, name: 'Grace', note: 'ü' },
    ])
  })

  it('refuses a data directory that is a file, in one line', async () => {
    const file = join(temporaryDataDir(), 'not-a-dir')
    writeFileSync(file, 'x')
    const error = await openWarehouse({ dataDir: file }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(WarehouseUnavailableError)
    expect((error as Error).message).toBe(
      `cannot use ${file} as the data directory: not a directory`,
    )
  })

  it('refuses a database name that is not an identifier', async () => {
    await expect(openWarehouse({ database: 'x; DROP TABLE y' })).rejects.toThrow(
      /database .* is not a valid name/,
    )
  })
})

describe('openWarehouse (server)', () => {
  it('names an unreachable server in one line', async () => {
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    await new Promise((resolve) => server.close(resolve)) // the port is now closed
    const error = await openWarehouse({ url: `http://127.0.0.1:${port}` }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(WarehouseUnavailableError)
    expect((error as Error).message).toMatch(
      new RegExp(`^cannot reach ClickHouse at http://127.0.0.1:${port}: .*ECONNREFUSED`),
    )
  })

  it('sends encoded lines as the body of an INSERT, untouched', async () => {
    const requests: { query: string; token: string | null; body: Buffer }[] = []
    const server = createServer((request, response) => {
      const chunks: Buffer[] = []
      request.on('data', (chunk: Buffer) => chunks.push(chunk))
      request.on('end', () => {
        const url = new URL(request.url ?? '/', 'http://127.0.0.1')
        if (url.pathname !== '/ping')
          requests.push({
            query: url.searchParams.get('query') ?? '',
            token: url.searchParams.get('insert_deduplication_token'),
            body: Buffer.concat(chunks),
          })
        response.end('Ok.\n')
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    const warehouse = await openWarehouse({ url: `http://127.0.0.1:${port}`, database: 'leads' })
    try {
      const lines = Buffer.from('{"id":1,"name":"Ada"}\n')
      await warehouse.insertEncoded({
        table: 'people',
        columns: ['id', 'name'],
        format: 'JSONEachRow',
        lines,
        settings: { insert_deduplication_token: 'batch-1' },
      })
      expect(requests).toEqual([
        {
          query: 'INSERT INTO `leads`.`people` (`id`, `name`) FORMAT JSONEachRow',
          token: 'batch-1',
          body: lines,
        },
      ])
    } finally {
      await warehouse.close()
      await new Promise((resolve) => server.close(resolve))
    }
  })

  it('on a cluster, waits for every shard on inserts and names the cluster', async () => {
    const settings: (string | null)[][] = []
    const server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1')
      if (url.pathname !== '/ping')
        settings.push([
          url.searchParams.get('insert_distributed_sync'),
          url.searchParams.get('distributed_product_mode'),
        ])
      request.resume().on('end', () => response.end('Ok.\n'))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    const warehouse = await openWarehouse({ url: `http://127.0.0.1:${port}`, cluster: 'main' })
    try {
      expect(warehouse.cluster).toBe('main')
      expect(warehouse.description).toBe(
        `ClickHouse at http://127.0.0.1:${port}, database leadhouse, cluster main`,
      )
      await warehouse.insertEncoded({
        table: 'events',
        format: 'JSONEachRow',
        lines: Buffer.from('{}\n'),
      })
      expect(settings).toEqual([['1', 'global']])
    } finally {
      await warehouse.close()
      await new Promise((resolve) => server.close(resolve))
    }
  })

  it('refuses a cluster without a server, or a cluster name that is no name', async () => {
    await expect(openWarehouse({ cluster: 'main', dataDir: temporaryDataDir() })).rejects.toThrow(
      'CLICKHOUSE_CLUSTER "main" needs CLICKHOUSE_URL: the embedded engine is one node',
    )
    await expect(openWarehouse({ url: 'http://ch:8123', cluster: "main' --" })).rejects.toThrow(
      `CLICKHOUSE_CLUSTER: "main' --" is not a cluster name`,
    )
  })

  it.each(['localhost:8123', 'not a url', 'ftp://ch:21'])(
    'refuses %j, which is no http(s) URL',
    async (url) => {
      await expect(openWarehouse({ url })).rejects.toThrow(
        `CLICKHOUSE_URL ${JSON.stringify(url)} is not an http(s) URL such as http://localhost:8123`,
      )
    },
  )
})

describe('warehouseOptionsFromEnv', () => {
  it('reads the ClickHouse variables and treats empty ones as unset', () => {
    expect(
      warehouseOptionsFromEnv({
        CLICKHOUSE_URL: 'http://ch:8123',
        CLICKHOUSE_USER: 'lh',
        CLICKHOUSE_PASSWORD: '',
        CLICKHOUSE_DATABASE: 'leads',
        LEADHOUSE_DATA_DIR: '/data',
      }),
    ).toEqual({
      url: 'http://ch:8123',
      username: 'lh',
      password: undefined,
      database: 'leads',
      dataDir: '/data',
    })
  })
})

describe('results are the same in both modes', () => {
  it('quotes 64-bit integers in JSON, as a ClickHouse server does by default', async () => {
    const warehouse = await openTemporaryWarehouse()
    try {
      expect(
        await rows(warehouse, 'SELECT toUInt64(18446744073709551615) AS big, toUInt32(3) AS small'),
      ).toEqual([{ big: '18446744073709551615', small: 3 }])
    } finally {
      await warehouse.close()
    }
  })
})
