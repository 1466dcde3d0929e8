import { openTemporaryWarehouse, rows } from '@leadhouse/warehouse/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { SeedError } from './errors.js'
import { parseSeed, type SeedConfig } from './seed-csv.js'
import { loadSeed, seedStatements } from './seeds.js'

function seed(name: string, csv: string, config: Partial<SeedConfig> = {}) {
  return {
    name,
    path: `seeds/${name}.csv`,
    csv,
    schema: 'analytics',
    config: { column_types: {}, ...config },
  }
}

function typesOf(csv: string, config: Partial<SeedConfig> = {}) {
  return Object.fromEntries(
    parseSeed(seed('s', csv, config)).columns.map((column) => [column.name, column.type]),
  )
}

function parseError(csv: string, config: Partial<SeedConfig> = {}): SeedError {
  try {
    parseSeed(seed('broken', csv, config))
  } catch (error) {
    if (error instanceof SeedError) return error
    throw error
  }
  throw new Error('expected a SeedError')
}

describe('parseSeed', () => {
  it("infers dbt's types, mapped to ClickHouse", () => {
    const table = parseSeed(
      seed(
        'kinds',
        [
          'id,big_id,whole,price,active,day,at,at_ms,label',
          '1,9007199254740993,1.0,2.50,true,2024-01-05,2024-01-05 10:00:00,2024-01-05T10:00:00.123Z,a',
          '-2,9223372036854775807,1e3,3,FALSE,2024-02-29,2024-01-06T11:30:00Z,2024-01-06T11:30:00Z,b',
        ].join('\n'),
      ),
    )
    expect(table.columns).toEqual([
      { name: 'id', type: 'Int64' },
      { name: 'big_id', type: 'Int64' },
      { name: 'whole', type: 'Int64' },
      { name: 'price', type: 'Float64' },
      { name: 'active', type: 'Bool' },
      { name: 'day', type: 'Date' },
      { name: 'at', type: 'DateTime' },
      { name: 'at_ms', type: 'DateTime64(3)' },
      { name: 'label', type: 'String' },
    ])
    // Integers as exact decimal strings, the way the warehouse returns Int64.
    expect(table.rows[0]).toMatchObject({ id: '1', big_id: '9007199254740993', whole: '1' })
    expect(table.rows[1]).toMatchObject({ id: '-2', whole: '1000', price: 3, active: false })
    expect(table.lines).toEqual([2, 3])
  })

  it('falls back as agate does: a value no type reads makes the column text', () => {
    expect(
      typesOf('n,d,t,b\n1,2024-01-05,2024-01-05 10:00:00,true\nx,2024-02-30,2024-01-05,yes'),
    ).toEqual({ n: 'String', d: 'String', t: 'String', b: 'String' })
    // Beyond Int64 a whole number is a Float64; `1,000` and `$5` are text, not agate's numbers.
    expect(typesOf('n,m\n9223372036854775808,"1,000"\n1,$5')).toEqual({
      n: 'Float64',
      m: 'String',
    })
  })

  it('widens dates and times that Date and DateTime would clamp', () => {
    expect(
      typesOf('born,at,precise\n1950-03-01,1969-12-31 23:00:00,2024-01-05T10:00:00.123456\n'),
    ).toEqual({ born: 'Date32', at: 'DateTime64(3)', precise: 'DateTime64(6)' })
  })

  it('reads empty cells and `null` as nulls, making the column Nullable', () => {
    const table = parseSeed(seed('nulls', 'n,s,none\n1,a,\n,NULL,\nnull, ,'))
    expect(table.columns.map((column) => column.type)).toEqual([
      'Nullable(Int64)',
      'Nullable(String)',
      // agate types a column with no values as a Number: an integer for dbt.
      'Nullable(Int64)',
    ])
    expect(table.rows).toEqual([
      { n: '1', s: 'a', none: null },
      { n: null, s: null, none: null },
      { n: null, s: null, none: null },
    ])
  })

  it('reads quoted values with delimiters, quotes and newlines, and other delimiters', () => {
    const table = parseSeed(
      seed('quoted', 'id,note\n1,"a, b"\n2,"line one\nline two"\n3,"say ""hi"""\n4,x"y'),
    )
    expect(table.rows.map((row) => row.note)).toEqual([
      'a, b',
      'line one\nline two',
      'say "hi"',
      'x"y',
    ])
    expect(table.lines).toEqual([2, 3, 5, 6])
    expect(parseSeed(seed('semi', 'a;b\n1;x,y', { delimiter: ';' })).rows).toEqual([
      { a: '1', b: 'x,y' },
    ])
    // A byte order mark and Windows line ends, as spreadsheets save them.
    const windows = parseSeed(seed('windows', '\ufeffa,b\r\n1,"x\r\ny"\r\n2,z\r\n'))
    expect(windows.columns.map((column) => column.name)).toEqual(['a', 'b'])
    expect(windows.rows).toEqual([
      { a: '1', b: 'x\r\ny' },
      { a: '2', b: 'z' },
    ])
    expect(windows.lines).toEqual([2, 4])
  })

  it('keeps overridden columns as written, for ClickHouse to convert', () => {
    const table = parseSeed(
      seed('zips', 'zip,amount\n00123,1.50\n,2', {
        column_types: { zip: 'String', amount: 'Decimal(10, 2)' },
      }),
    )
    expect(table.columns).toEqual([
      { name: 'zip', type: 'String' },
      { name: 'amount', type: 'Decimal(10, 2)' },
    ])
    expect(table.rows).toEqual([
      { zip: '00123', amount: '1.50' },
      { zip: null, amount: '2' },
    ])
  })

  it('skips blank lines, except as the empty value of a one-column seed', () => {
    expect(parseSeed(seed('two', 'a,b\n1,2\n\n3,4\n\n')).rows).toHaveLength(2)
    expect(parseSeed(seed('one', 'a\nx\n\ny\n')).rows).toEqual([
      { a: 'x' },
      { a: null },
      { a: 'y' },
    ])
  })

  it('names the file, the line and the column of bad input', () => {
    expect(parseError('').message).toBe(
      'seeds/broken.csv: the file is empty; a seed starts with a header row',
    )
    expect(parseError('id,name,id\n1,a,2').message).toBe(
      'seeds/broken.csv:1: column name "id" appears twice (columns 1 and 3)',
    )
    expect(parseError('id,,name\n1,2,3').message).toBe(
      'seeds/broken.csv:1: column 2 of the header has no name',
    )
    // The quoted value spans lines 2 and 3, so the short row is on line 4.
    expect(parseError('id,note\n1,"two\nlines"\n2\n').message).toBe(
      'seeds/broken.csv:4: the row has 1 value, but the header has 2 columns',
    )
    expect(parseError('id,note\n1,a,b').message).toMatch(/^seeds\/broken\.csv:2: the row has 3/)
    expect(parseError('id,note\n1,"unclosed\n2,b\n').message).toMatch(
      /^seeds\/broken\.csv:\d: not valid CSV: Quote Not Closed/,
    )
    expect(parseError('id\n1', { column_types: { idd: 'UInt8' } }).message).toBe(
      'seeds/broken.csv: column_types names "idd", which the header does not have (columns: id)',
    )
  })
})

describe('seedStatements', () => {
  const id = { name: 'id', type: 'Int64' }
  const columns = [id, { name: 'first name', type: 'Nullable(String)' }]

  it('builds the new table beside the old one and exchanges them', () => {
    const statements = seedStatements(seed('people', ''), columns, 'table')
    expect(statements).toEqual({
      prepare: [
        'DROP TABLE IF EXISTS `analytics`.`people__dbt_new` SYNC',
        'DROP TABLE IF EXISTS `analytics`.`people__dbt_text` SYNC',
        `CREATE TABLE \`analytics\`.\`people__dbt_new\` (\n  \`id\` Int64,\n  \`first name\` Nullable(String)\n)\nENGINE = MergeTree()\nORDER BY tuple()\nCOMMENT '${statements.fingerprint}'`,
      ],
      fingerprint: expect.stringMatching(/^dbt seed [0-9a-f]{64}$/),
      insertInto: '`analytics`.`people__dbt_new`',
      cast: [],
      swap: [
        'EXCHANGE TABLES `analytics`.`people__dbt_new` AND `analytics`.`people`',
        'DROP TABLE `analytics`.`people__dbt_new` SYNC',
      ],
      cleanup: [
        'DROP TABLE IF EXISTS `analytics`.`people__dbt_new` SYNC',
        'DROP TABLE IF EXISTS `analytics`.`people__dbt_text` SYNC',
      ],
    })
    expect(seedStatements(seed('people', ''), columns, undefined).swap).toEqual([
      'RENAME TABLE `analytics`.`people__dbt_new` TO `analytics`.`people`',
    ])
    expect(seedStatements(seed('people', ''), columns, 'view').swap).toEqual([
      'DROP VIEW `analytics`.`people` SYNC',
      'RENAME TABLE `analytics`.`people__dbt_new` TO `analytics`.`people`',
    ])
  })

  it("takes dbt-clickhouse's engine, order_by and partition_by", () => {
    const config = { engine: 'ReplacingMergeTree()', order_by: ['id'], partition_by: 'id % 10' }
    expect(seedStatements(seed('people', '', config), columns, undefined).prepare[2]).toMatch(
      /\nENGINE = ReplacingMergeTree\(\)\nPARTITION BY id % 10\nORDER BY \(id\)\nCOMMENT '.*'$/,
    )
    const memory = seedStatements(seed('people', '', { engine: 'Memory' }), columns, undefined)
    expect(memory.prepare[2]).toMatch(/\nENGINE = Memory\nCOMMENT '.*'$/)
  })

  it('casts overridden columns from a text table, checking every value', () => {
    const overridden = seed('people', '', { column_types: { 'first name': "Enum8('a' = 1)" } })
    const statements = seedStatements(
      overridden,
      [id, { name: 'first name', type: "Enum8('a' = 1)" }],
      undefined,
    )
    expect(statements.prepare[3]).toBe(
      'CREATE TABLE `analytics`.`people__dbt_text` (\n  `__dbt_seed_line` UInt32,\n  `id` Int64,\n  `first name` Nullable(String)\n)\nENGINE = Memory',
    )
    expect(statements.insertInto).toBe('`analytics`.`people__dbt_text`')
    expect(statements.cast).toEqual([
      "INSERT INTO `analytics`.`people__dbt_new` (`id`, `first name`)\nSELECT\n  `id`,\n  if(isNull(`first name`), defaultValueOfTypeName('Enum8(\\'a\\' = 1)'), accurateCast(assumeNotNull(`first name`), 'Enum8(\\'a\\' = 1)'))\nFROM `analytics`.`people__dbt_text`\nORDER BY `__dbt_seed_line`",
      'DROP TABLE `analytics`.`people__dbt_text` SYNC',
    ])
  })
})

describe('loadSeed', () => {
  const opened = openTemporaryWarehouse('analytics')
  afterAll(async () => (await opened).close())

  async function load(name: string, csv: string, config: Partial<SeedConfig> = {}) {
    const warehouse = await opened
    await warehouse.client.command({ query: 'CREATE DATABASE IF NOT EXISTS analytics' })
    return loadSeed(warehouse, seed(name, csv, config))
  }

  async function loadError(name: string, csv: string, config: Partial<SeedConfig> = {}) {
    try {
      await load(name, csv, config)
    } catch (error) {
      if (error instanceof SeedError) return error
      throw error
    }
    throw new Error('expected a SeedError')
  }

  async function select(query: string) {
    return rows(await opened, query)
  }

  async function columnTypes(table: string) {
    const columns = await select(
      `SELECT name, type FROM system.columns WHERE database = 'analytics' AND table = '${table}' ORDER BY position`,
    )
    return Object.fromEntries(columns.map((column) => [column.name, column.type]))
  }

  const leftovers = () =>
    select(
      "SELECT name FROM system.tables WHERE database = 'analytics' AND (name LIKE '%dbt_new' OR name LIKE '%dbt_text')",
    )

  it('creates a table of the inferred types, in file order', async () => {
    const csv = [
      'id,price,active,day,at,at_ms,note,score',
      '9007199254740993,2.5,true,2024-01-05,2024-01-05 10:00:00,2024-01-05T10:00:00.123Z,"a, ""b""\nc",',
      '1,0.1,false,1950-03-01,2024-01-06T11:30:00+02:00,2024-01-06 11:30:00,plain,7',
    ].join('\n')
    expect(await load('kinds', csv)).toBe(2)
    expect(await columnTypes('kinds')).toEqual({
      id: 'Int64',
      price: 'Float64',
      active: 'Bool',
      day: 'Date32',
      at: 'DateTime',
      at_ms: 'DateTime64(3)',
      note: 'String',
      score: 'Nullable(Int64)',
    })
    expect(await select('SELECT * FROM analytics.kinds')).toEqual([
      {
        id: '9007199254740993',
        price: 2.5,
        active: true,
        day: '2024-01-05',
        at: '2024-01-05 10:00:00',
        at_ms: '2024-01-05 10:00:00.123',
        note: 'a, "b"\nc',
        score: null,
      },
      {
        id: '1',
        price: 0.1,
        active: false,
        day: '1950-03-01',
        // Shown in the server's time zone: the instant is checked below.
        at: expect.any(String),
        at_ms: '2024-01-06 11:30:00.000',
        note: 'plain',
        score: '7',
      },
    ])
  })

  it('reads a datetime with an offset as that instant', async () => {
    const [row] = await select(
      'SELECT toUnixTimestamp(at) AS epoch FROM analytics.kinds WHERE id = 1',
    )
    expect(row?.epoch).toBe(Date.parse('2024-01-06T09:30:00Z') / 1000)
  })

  it('replaces the content when seeded again, leaving no side tables', async () => {
    await load('countries', 'code,name\nfr,France\nde,Germany')
    expect(await load('countries', 'code,name\nit,Italy')).toBe(1)
    expect(await select('SELECT * FROM analytics.countries')).toEqual([
      { code: 'it', name: 'Italy' },
    ])
    expect(await leftovers()).toEqual([])
  })

  it('types columns by column_types, keeping leading zeros and nulls', async () => {
    const csv = "zip,amount,flag,tags,level\n00123,1.50,true,\"['a','b']\",\n,2,false,[],3"
    const column_types = {
      zip: 'String',
      amount: 'Decimal(10, 2)',
      flag: 'Bool',
      tags: 'Array(String)',
      level: 'Nullable(UInt8)',
    }
    expect(await load('typed', csv, { column_types })).toBe(2)
    expect(await columnTypes('typed')).toEqual(column_types)
    expect(await select('SELECT * FROM analytics.typed')).toEqual([
      { zip: '00123', amount: 1.5, flag: true, tags: ['a', 'b'], level: null },
      // An empty cell in a column that cannot be null gets the type's default, as in dbt-clickhouse.
      { zip: '', amount: 2, flag: false, tags: [], level: 3 },
    ])
    expect(await leftovers()).toEqual([])
  })

  it('reports a value that does not fit column_types, and keeps the previous table', async () => {
    await load('levels', 'name,level\nlow,1\nhigh,200', { column_types: { level: 'UInt8' } })
    // ClickHouse would wrap 300 into a UInt8 as 44 on a plain insert.
    const error = await loadError('levels', 'name,level\nlow,1\n"very\nhigh",300', {
      column_types: { level: 'UInt8' },
    })
    expect(error.message).toMatch(
      /^seeds\/levels\.csv:3: column level: "300" is not a valid UInt8: .*UInt8/,
    )
    expect(await select('SELECT * FROM analytics.levels')).toEqual([
      { name: 'low', level: 1 },
      { name: 'high', level: 200 },
    ])
    expect(await leftovers()).toEqual([])
  })

  it("wraps the warehouse's refusal with the seed's path, and keeps the previous table", async () => {
    await load('kept', 'v\n1')
    const unknownType = await loadError('kept', 'v\n2', { column_types: { v: 'NoSuchType' } })
    expect(unknownType.message).toMatch(/^seeds\/kept\.csv: .*NoSuchType/)
    const malformed = await loadError('kept', 'v\n"2')
    expect(malformed.message).toMatch(/^seeds\/kept\.csv:\d: not valid CSV/)
    expect(await select('SELECT * FROM analytics.kept')).toEqual([{ v: '1' }])
    expect(await leftovers()).toEqual([])
  })

  it('creates an empty table from a header alone', async () => {
    expect(await load('empty', 'a,b')).toBe(0)
    expect(await columnTypes('empty')).toEqual({ a: 'Int64', b: 'Int64' })
  })

  it('loads a seed again only when its file or config changed, or when asked to', async () => {
    const warehouse = await opened
    const tableId = async () =>
      (
        await select(
          "SELECT uuid FROM system.tables WHERE database = 'analytics' AND name = 'bands'",
        )
      )[0]?.uuid
    const csv = 'band,points\ncold,0\nhot,60'
    expect(await load('bands', csv)).toBe(2)
    const first = await tableId()
    expect(await load('bands', csv)).toBe(2)
    expect(await tableId()).toBe(first)
    expect(await load('bands', csv, { column_types: { points: 'UInt8' } })).toBe(2)
    const retyped = await tableId()
    expect(retyped).not.toBe(first)
    expect(await columnTypes('bands')).toEqual({ band: 'String', points: 'UInt8' })
    expect(await load('bands', `${csv}\nwarm,30`, { column_types: { points: 'UInt8' } })).toBe(3)
    const edited = await tableId()
    expect(edited).not.toBe(retyped)
    expect(await select('SELECT band FROM analytics.bands ORDER BY points')).toEqual([
      { band: 'cold' },
      { band: 'warm' },
      { band: 'hot' },
    ])
    await loadSeed(
      warehouse,
      seed('bands', `${csv}\nwarm,30`, { column_types: { points: 'UInt8' } }),
      {
        reload: true,
      },
    )
    expect(await tableId()).not.toBe(edited)
  })
})
