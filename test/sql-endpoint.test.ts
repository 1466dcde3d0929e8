/**
 * The SQL endpoint as a BI tool meets it: the official `@clickhouse/client` over HTTP against a
 * real collector's `/clickhouse`, reading a view of the BI database in every listed format with
 * `{name:Type}` parameters; and every capability it must not give, tried and refused with a
 * ClickHouse error code and a message that says why.
 */
import { type ClickHouseClient, createClient } from '@clickhouse/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestCollector, type TestCollector } from './support/collector.js'

const READ_KEY = 'lh_read_sql_endpoint_test_key_0123'
const ADMIN_KEY = 'lh_admin_sql_endpoint_test_key_0123'

let collector: TestCollector
let client: ClickHouseClient

beforeAll(async () => {
  collector = await startTestCollector({
    env: {
      LEADHOUSE_SQL_TIMEOUT: '2',
      LEADHOUSE_SQL_MAX_RESULT_ROWS: '100000',
      LEADHOUSE_SQL_MAX_CONCURRENT: '2',
      LEADHOUSE_SQL_MAX_QUEUED: '3',
      LEADHOUSE_SQL_PORT: '0',
    },
    config: { adminKeys: [ADMIN_KEY], readKeys: [READ_KEY] },
  })
  const admin = collector.warehouse.client
  await admin.command({ query: 'CREATE DATABASE IF NOT EXISTS leadhouse_bi' })
  await admin.command({
    query:
      'CREATE TABLE IF NOT EXISTS leadhouse.sql_test_leads (email String, channel String, score Int64, seen DateTime) ENGINE = MergeTree ORDER BY email',
  })
  await admin.command({
    query:
      "INSERT INTO leadhouse.sql_test_leads VALUES ('a@x.test', 'ads', 12, '2026-01-02 03:04:05'), ('b@x.test', 'seo', 40, '2026-01-03 00:00:00'), ('c@x.test', 'ads', 7, '2026-01-04 00:00:00')",
  })
  await admin.command({
    query:
      'CREATE VIEW IF NOT EXISTS leadhouse_bi.channel_scores AS SELECT channel, score, seen FROM leadhouse.sql_test_leads',
  })
  client = clientFor(READ_KEY)
}, 60_000)

afterAll(async () => {
  await client?.close()
  await collector?.close()
})

function clientFor(password: string, extra: Parameters<typeof createClient>[0] = {}) {
  return createClient({
    url: collector.url,
    pathname: '/clickhouse',
    username: 'leadhouse',
    password,
    database: 'leadhouse_bi',
    ...extra,
  })
}

const QUERY =
  'SELECT channel, score, seen FROM channel_scores WHERE score >= {min:Int64} AND channel IN {channels:Array(String)} ORDER BY score'
const PARAMS = { min: 10, channels: ['ads', 'seo'] }

describe('the SQL endpoint answers @clickhouse/client', () => {
  it('pings', async () => {
    expect((await client.ping()).success).toBe(true)
    const response = await fetch(`${collector.url}/clickhouse/ping`, {
      headers: { 'X-ClickHouse-User': 'leadhouse', 'X-ClickHouse-Key': READ_KEY },
    })
    expect(await response.text()).toBe('Ok.\n')
    expect((await fetch(`${collector.url}/clickhouse/ping`)).status).toBe(401)
  })

  for (const format of ['JSON', 'JSONEachRow', 'JSONCompact', 'JSONCompactEachRow'] as const) {
    it(`reads a view in ${format} with parameters`, async () => {
      const result = await client.query({ query: QUERY, format, query_params: PARAMS })
      const json = (await result.json()) as unknown
      const rows: unknown[] = Array.isArray(json) ? json : (json as { data: unknown[] }).data
      expect(rows).toHaveLength(2)
      expect(JSON.stringify(rows)).toContain('"40"')
      expect(JSON.stringify(rows)).toContain('seo')
    })
  }

  for (const format of ['TabSeparated', 'TabSeparatedWithNamesAndTypes', 'CSVWithNames'] as const) {
    it(`reads a view in ${format} with parameters`, async () => {
      const result = await client.query({ query: QUERY, format, query_params: PARAMS })
      const text = await result.text()
      expect(text).toContain('seo')
      expect(text.trim().split('\n')).toHaveLength(
        format === 'TabSeparated' ? 2 : format === 'CSVWithNames' ? 3 : 4,
      )
    })
  }

  for (const format of ['RowBinaryWithNamesAndTypes', 'Native'] as const) {
    it(`answers ${format} as the engine writes it`, async () => {
      const response = await fetch(
        `${collector.url}/clickhouse/?database=leadhouse_bi&param_min=10&param_channels=${encodeURIComponent("['ads','seo']")}`,
        {
          method: 'POST',
          headers: { 'X-ClickHouse-User': 'leadhouse', 'X-ClickHouse-Key': READ_KEY },
          body: `${QUERY} FORMAT ${format}`,
        },
      )
      expect(response.status).toBe(200)
      expect(response.headers.get('x-clickhouse-format')).toBe(format)
      const bytes = Buffer.from(await response.arrayBuffer())
      expect(bytes.includes(Buffer.from('seo'))).toBe(true)
      expect(bytes.includes(Buffer.from('channel'))).toBe(true)
    })
  }

  it('answers at / of its own port, as a ClickHouse server does', async () => {
    const own = createClient({
      url: collector.sqlUrl,
      username: 'leadhouse',
      password: READ_KEY,
      database: 'leadhouse_bi',
    })
    const rows = await (
      await own.query({ query: QUERY, format: 'JSONEachRow', query_params: PARAMS })
    ).json()
    await own.close()
    expect(rows).toHaveLength(2)
  })

  it('streams a large export and compresses it on request', async () => {
    const response = await fetch(
      `${collector.url}/clickhouse/?enable_http_compression=1&query=${encodeURIComponent('SELECT number FROM numbers(90000) FORMAT JSONEachRow')}`,
      { headers: { authorization: `Basic ${btoa(`any:${READ_KEY}`)}`, 'accept-encoding': 'gzip' } },
    )
    expect(response.headers.get('content-encoding')).toBe('gzip')
    const lines = (await response.text()).trim().split('\n')
    expect(lines).toHaveLength(90000)
    expect(lines.at(-1)).toBe('{"number":"89999"}')
  })

  it('answers the metadata queries of Grafana, Metabase and DBeaver, filtered to the BI database', async () => {
    const one = async (query: string) =>
      (await (await client.query({ query, format: 'JSONEachRow' })).json()) as Record<
        string,
        unknown
      >[]
    expect(await one('SELECT name FROM system.databases')).toEqual([{ name: 'leadhouse_bi' }])
    expect(await one('SELECT database, name FROM system.tables')).toEqual([
      { database: 'leadhouse_bi', name: 'channel_scores' },
    ])
    expect((await one('SELECT name, type FROM system.columns')).map((row) => row.name)).toEqual([
      'channel',
      'score',
      'seen',
    ])
    const [info] = await one('SELECT version() AS v, timezone() AS tz, currentDatabase() AS db')
    expect(info?.db).toBe('leadhouse_bi')
    expect(String(info?.v)).toMatch(/^\d+\.\d+/)
    expect((await one('SHOW TABLES')).map((row) => row.name)).toEqual(['channel_scores'])
    expect(await one('DESCRIBE TABLE channel_scores')).toHaveLength(3)
  })
})

/** Each attempt: the SQL (or a request), the code the answer must carry, and words of its message. */
const FORBIDDEN: {
  name: string
  query: string
  code: number
  says: RegExp
  params?: Record<string, string>
}[] = [
  {
    name: "file('/etc/passwd')",
    query: "SELECT * FROM file('/etc/passwd', 'LineAsString')",
    code: 164,
    says: /table function file\(\) is not available/,
  },
  {
    name: 'the file() function',
    query: "SELECT file('/etc/passwd')",
    code: 446,
    says: /file\(\) is not available/,
  },
  {
    name: 'url() to 127.0.0.1',
    query: "SELECT * FROM url('http://127.0.0.1:9/', CSV, 'a String')",
    code: 164,
    says: /table function url\(\)/,
  },
  {
    name: 's3()',
    query: "SELECT * FROM s3('http://127.0.0.1:9/b/k.csv', CSV, 'a String')",
    code: 164,
    says: /table function s3\(\)/,
  },
  {
    name: 'remote()',
    query: "SELECT * FROM remote('127.0.0.1', system.one)",
    code: 164,
    says: /table function remote\(\)/,
  },
  {
    name: 'executable()',
    query: "SELECT * FROM executable('id', TSV, 'a String')",
    code: 164,
    says: /table function executable\(\)/,
  },
  {
    name: 'input()',
    query: "SELECT * FROM input('a String')",
    code: 164,
    says: /table function input\(\) is not available/,
  },
  {
    name: 'merge() over the raw tables',
    query: "SELECT * FROM merge('leadhouse', '.*')",
    code: 164,
    says: /table function merge\(\)/,
  },
  {
    name: 'dictGet on a made-up dictionary',
    query: "SELECT dictGet('made_up', 'x', 1)",
    code: 446,
    says: /dictGet\(\) is not available/,
  },
  { name: 'joinGet', query: "SELECT joinGet('leadhouse.j', 'x', 1)", code: 446, says: /joinGet/ },
  {
    name: 'system.users',
    query: 'SELECT * FROM system.users',
    code: 497,
    says: /system\.users is not readable/,
  },
  {
    name: 'system.settings',
    query: 'SELECT * FROM system.settings',
    code: 497,
    says: /system\.settings is not readable/,
  },
  {
    name: 'SHOW SETTINGS (system.settings)',
    query: "SHOW SETTINGS LIKE 'max%'",
    code: 497,
    says: /SHOW SETTINGS is not available/,
  },
  { name: 'SHOW PROCESSLIST', query: 'SHOW PROCESSLIST', code: 164, says: /read-only/ },
  {
    name: 'system.processes',
    query: 'SELECT * FROM system.processes',
    code: 497,
    says: /system\.processes/,
  },
  {
    name: 'a raw table (events hold emails)',
    query: 'SELECT email FROM leadhouse.events',
    code: 497,
    says: /leadhouse\.events is not readable/,
  },
  {
    name: 'a raw table through IN',
    query: 'SELECT 1 WHERE 1 IN leadhouse.events',
    code: 497,
    says: /leadhouse\.events/,
  },
  {
    name: 'a raw table in a subquery',
    query:
      'SELECT * FROM channel_scores WHERE channel IN (SELECT email FROM leadhouse.sql_test_leads)',
    code: 497,
    says: /leadhouse\.sql_test_leads/,
  },
  {
    name: 'INSERT',
    query: "INSERT INTO leadhouse.events (site_id) VALUES ('x')",
    code: 164,
    says: /read-only/,
  },
  { name: 'DROP', query: 'DROP TABLE leadhouse.events', code: 164, says: /read-only/ },
  {
    name: 'CREATE',
    query: 'CREATE TABLE leadhouse_bi.x (a UInt8) ENGINE = Memory',
    code: 164,
    says: /read-only/,
  },
  {
    name: 'ALTER',
    query: 'ALTER TABLE leadhouse.events DELETE WHERE 1',
    code: 164,
    says: /read-only/,
  },
  { name: 'TRUNCATE', query: 'TRUNCATE TABLE leadhouse.events', code: 164, says: /read-only/ },
  { name: 'SET readonly=0', query: 'SET readonly = 0', code: 164, says: /read-only|readonly/ },
  {
    name: 'SETTINGS max_execution_time=0',
    query: 'SELECT 1 SETTINGS max_execution_time = 0',
    code: 164,
    says: /Cannot modify 'max_execution_time'/,
  },
  {
    name: 'INTO OUTFILE',
    query: "SELECT 1 INTO OUTFILE '/tmp/leadhouse-sql-outfile'",
    code: 62,
    says: /INTO OUTFILE/,
  },
  {
    name: 'multi-statements',
    query: 'SELECT 1; DROP TABLE leadhouse.events',
    code: 62,
    says: /Multi-statements/,
  },
  {
    name: 'a query that runs for minutes',
    query: 'SELECT sum(cityHash64(number)) FROM numbers(9000000000)',
    code: 159,
    says: /Timeout exceeded/,
  },
]

describe('the SQL endpoint refuses', () => {
  for (const attempt of FORBIDDEN) {
    it(`${attempt.name}, with code ${attempt.code}`, async () => {
      // exec sends the statement as it is (query() would append a FORMAT clause).
      const error = await client.exec({ query: attempt.query }).then(
        ({ stream }) => {
          stream.resume()
          return new Error('answered')
        },
        (error: unknown) => error,
      )
      expect(error).toMatchObject({ code: String(attempt.code) })
      expect((error as Error).message).toMatch(attempt.says)
    }, 20_000)
  }

  it('10^9 rows: the result limit stops the query, after the first rows when they stream', async () => {
    const query = 'SELECT number FROM numbers(1000000000)'
    // As a server: with wait_end_of_query=1 the limit is the answer; streamed, the rows sent
    // before it are followed by the exception in the body.
    const waited = await client.exec({ query, clickhouse_settings: { wait_end_of_query: 1 } }).then(
      () => undefined,
      (error: unknown) => error,
    )
    expect(waited).toMatchObject({ code: '396' })
    const streamed = await fetch(
      `${collector.url}/clickhouse/?database=leadhouse_bi&query=${encodeURIComponent(query)}`,
      { headers: { 'X-ClickHouse-Key': READ_KEY } },
    )
    const text = await streamed.text()
    // Whether rows come first depends on how far the engine got before the limit.
    expect(text).toMatch(
      /(^|\n)Code: 396\. DB::Exception: Limit for result exceeded.*\(TOO_MANY_ROWS_OR_BYTES\)\n$/,
    )
    expect(text.split('\n').length).toBeLessThan(100_002)
  }, 20_000)

  it('readonly=0 and a lifted limit as parameters', async () => {
    for (const settings of [
      { readonly: '0' },
      { max_execution_time: '0' },
      { max_result_rows: '1000000000' },
    ]) {
      const error = await clientFor(READ_KEY, { clickhouse_settings: settings as never })
        .query({ query: 'SELECT 1' })
        .then(
          () => undefined,
          (error: unknown) => error,
        )
      expect(error).toMatchObject({ code: '164' })
      expect((error as Error).message).toMatch(/may only be lowered|readonly=1/)
    }
  })

  it('takes a lowered limit and an output setting as parameters', async () => {
    const lowered = clientFor(READ_KEY, {
      clickhouse_settings: { max_result_rows: '10', output_format_json_quote_64bit_integers: 0 },
    })
    const rows = await (
      await lowered.query({ query: 'SELECT toUInt64(7) AS n', format: 'JSONEachRow' })
    ).json()
    expect(rows).toEqual([{ n: 7 }])
    const error = await lowered.query({ query: 'SELECT number FROM numbers(100)' }).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toMatchObject({ code: '396' })
  })

  it('a wrong key, and no key', async () => {
    const error = await clientFor('lh_read_not_a_key_at_all_000000')
      .query({ query: 'SELECT 1' })
      .then(
        () => undefined,
        (e: unknown) => e,
      )
    expect(error).toMatchObject({ code: '516' })
    const response = await fetch(`${collector.url}/clickhouse/?query=SELECT+1`)
    expect(response.status).toBe(401)
    expect(response.headers.get('x-clickhouse-exception-code')).toBe('516')
    expect(await response.text()).toMatch(/^Code: 516\. DB::Exception: Authentication failed/)
  })

  it('another database', async () => {
    const error = await clientFor(READ_KEY, { database: 'leadhouse' })
      .query({ query: 'SELECT 1' })
      .then(
        () => undefined,
        (e: unknown) => e,
      )
    expect(error).toMatchObject({ code: '81' })
  })

  it('50 concurrent queries beyond the queue, and keeps answering after them', async () => {
    const slow = 'SELECT sum(cityHash64(number)) FROM numbers(9000000000)'
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, () =>
        client.query({ query: slow }).then(
          () => 'ok',
          (error: { code?: string }) => error.code,
        ),
      ),
    )
    // 2 run (until the time limit), 3 wait (then time out too), the other 45 are refused at once.
    expect(outcomes.filter((code) => code === '202')).toHaveLength(45)
    expect(outcomes.filter((code) => code === '159')).toHaveLength(5)
    const rows = await (
      await client.query({ query: 'SELECT 1 AS one', format: 'JSONEachRow' })
    ).json()
    expect(rows).toEqual([{ one: 1 }])
  }, 60_000)

  it('the admin role still passes, as on every read endpoint', async () => {
    const rows = await (
      await clientFor(ADMIN_KEY).query({ query: 'SELECT 2 AS two', format: 'JSONEachRow' })
    ).json()
    expect(rows).toEqual([{ two: 2 }])
  })
})
