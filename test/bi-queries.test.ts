/**
 * The analysts' side of Leadhouse on generated data: the `leadhouse_bi` views stand with the
 * columns their contract declares, read only the marts, hold no data; every panel query of the
 * ready-made Grafana dashboard (its macros expanded as the ClickHouse plugin expands them, for a
 * fixed time range) and every SQL example of docs/bi.md returns rows of the columns it promises.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { generate } from '@leadhouse/generate'
import { buildModels, LEADHOUSE_PROJECT_DIR, loadProject } from '@leadhouse/models'
import { openTemporaryWarehouse, rows } from '@leadhouse/warehouse/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expandGrafanaQuery } from './support/grafana-macros.js'

const ROOT = join(import.meta.dirname, '..')
// Named so, the views' database is `leadhouse_bi`, as the dashboard and the docs name it.
const opened = openTemporaryWarehouse('leadhouse')
afterAll(async () => (await opened).close())

const VIEWS = [
  'activity_log',
  'attribution',
  'attribution_paths',
  'channel_kpis',
  'cohort_score_profile',
  'funnel',
  'kpi_daily',
  'lead_scores',
  'leads',
  'lifecycle_stages',
  'score_trajectory',
]
const MARTS = new Set([...VIEWS, 'touchpoints', 'lead_assignments'])

/** The generator's default window ends 2026-10-31 and spans 90 days. */
const GRAFANA_RANGE = {
  from: new Date('2026-08-01T00:00:00Z'),
  to: new Date('2026-10-31T23:59:59Z'),
  intervalSeconds: 21_600,
}
/** The docs' `today()`: a fortnight after the generated window, so "last quarter" is in it. */
const TODAY = "toDate('2026-11-15')"

beforeAll(async () => {
  const warehouse = await opened
  await generate(warehouse, { events: 5_000, seed: 1 })
  const result = await buildModels({ warehouse })
  const failed = result.results.filter((r) => ['error', 'fail', 'skipped'].includes(r.status))
  expect(failed.map((r) => `${r.name}: ${r.message}`)).toEqual([])
}, 300_000)

/** The columns of a query's result, in order, and how many rows it gave. */
async function run(sql: string): Promise<{ columns: string[]; count: number }> {
  const warehouse = await opened
  const result = await warehouse.client.query({ query: sql, format: 'JSONCompactEachRowWithNames' })
  const [names, ...data] = await result.json<unknown[]>()
  return { columns: (names ?? []) as string[], count: data.length }
}

describe('the leadhouse_bi views', () => {
  it('are views, one per mart the analysts read', async () => {
    const warehouse = await opened
    expect(
      await rows(
        warehouse,
        "SELECT name, engine FROM system.tables WHERE database = 'leadhouse_bi' ORDER BY name",
      ),
    ).toEqual(VIEWS.map((name) => ({ name, engine: 'View' })))
  })

  it('have the columns and types their contract declares, each described', async () => {
    const warehouse = await opened
    // The views' YAML, as the runner reads it.
    const project = loadProject(LEADHOUSE_PROJECT_DIR)
    const models = [...project.properties.values()].filter(({ file }) => file.includes('/bi/'))
    expect(models.map((model) => model.config.alias).sort()).toEqual(VIEWS)
    for (const model of models) {
      const view = model.config.alias as string
      const columns = await rows<{ name: string; type: string; comment: string }>(
        warehouse,
        `SELECT name, type, comment FROM system.columns WHERE database = 'leadhouse_bi' AND table = {view:String}
         ORDER BY position`,
        { view },
      )
      const normalised = await rows<Record<string, string>>(
        warehouse,
        `SELECT ${model.columns.map((_, i) => `toTypeName(defaultValueOfTypeName({t${i}:String})) AS t${i}`).join(', ')}`,
        Object.fromEntries(model.columns.map((c, i) => [`t${i}`, c.dataType])),
      )
      // A Tuple's names are laid out on lines by one and not the other.
      const spaced = (type: string | undefined) => type?.replace(/\s+/g, ' ').replace(/\( /g, '(')
      expect(
        columns.map(({ name, type }) => ({ name, type: spaced(type) })),
        view,
      ).toEqual(
        model.columns.map((c, i) => ({ name: c.name, type: spaced(normalised[0]?.[`t${i}`]) })),
      )
      // Each described, and the description on the view's column, where BI tools show it.
      expect(columns.map(({ comment }) => comment)).toEqual(
        model.columns.map(({ description }) => description),
      )
      for (const column of model.columns)
        expect(column.description.length, `${view}.${column.name}`).toBeGreaterThan(0)
    }
  })

  it('read the marts only, never a raw table', async () => {
    const warehouse = await opened
    const views = await rows<{ name: string; query: string }>(
      warehouse,
      "SELECT name, create_table_query AS query FROM system.tables WHERE database = 'leadhouse_bi'",
    )
    for (const { name, query } of views) {
      const read = [...query.matchAll(/FROM\s+`?leadhouse`?\.`?(\w+)`?/g)].map((m) => m[1])
      expect(read.length, name).toBeGreaterThan(0)
      expect(
        read.filter((table) => !MARTS.has(table as string)),
        name,
      ).toEqual([])
    }
  })

  it('show what the marts hold, and nothing once a person is gone from them', async () => {
    const warehouse = await opened
    const [lead] = await rows<{ email: string }>(
      warehouse,
      'SELECT email FROM leadhouse_bi.leads ORDER BY score DESC, email LIMIT 1',
    )
    const email = lead?.email as string
    const count = async () =>
      (
        await rows<{ n: string }>(
          warehouse,
          `SELECT (SELECT count() FROM leadhouse_bi.leads WHERE email = {email:String})
                + (SELECT count() FROM leadhouse_bi.activity_log WHERE email = {email:String}) AS n`,
          { email },
        )
      )[0]?.n
    expect(Number(await count())).toBeGreaterThan(1)
    // As an erasure does to every table: the views, holding nothing, follow at once.
    for (const table of ['leads', 'activity_log'])
      await warehouse.client.command({
        query: `DELETE FROM leadhouse.${table} WHERE email = {email:String}`,
        query_params: { email },
      })
    expect(Number(await count())).toBe(0)
  })
})

interface GrafanaPanel {
  title: string
  type: string
  datasource: { type: string; uid: string }
  targets: {
    rawSql: string
    datasource: { type: string; uid: string }
    editorType: string
    queryType: string
    format: number
  }[]
}

const dashboard = JSON.parse(
  readFileSync(join(ROOT, 'dashboards/bi/grafana-dashboard.json'), 'utf8'),
) as {
  panels: GrafanaPanel[]
  templating: { list: { name: string; current: { value: string } }[] }
}
const variables = Object.fromEntries(
  dashboard.templating.list.map((variable) => [variable.name, variable.current.value]),
)

/** The columns each panel's query gives (what its visualisation is set up for). */
const PANEL_COLUMNS: Record<string, string[]> = {
  'Visitors and new leads': ['time', 'visitors', 'new_leads'],
  'MQLs and SQLs': ['time', 'mqls', 'sqls'],
  'Spend and cost per lead by channel': ['channel', 'spend', 'leads', 'customers', 'cpl', 'roas'],
  'Funnel by first-touch channel': [
    'first_touch_channel',
    'leads',
    'mqls',
    'sqls',
    'opportunities',
    'customers',
    'lead_to_customer_rate',
  ],
  'Attributed conversions by channel': ['channel', 'customers', 'revenue'],
  'Top paths to customer': ['path', 'customers', 'avg_days_to_convert'],
  'New leads by first-touch channel': ['first_touch_channel', 'leads'],
  'Leads by traffic light': ['traffic_light', 'leads'],
  'Hottest leads': [
    'email',
    'company',
    'first_touch_channel',
    'score',
    'temperature',
    'current_stage',
  ],
  'Lifecycle stages entered': ['time', 'stage', 'leads'],
  'Score changes': ['time', 'mean_score', 'total_change'],
  'Monthly cohorts': ['month', 'leads', 'hot', 'warm', 'cold', 'mql_at_month_end', 'median_score'],
  'Email engagement': ['time', 'sent', 'opens', 'clicks'],
  'Activity by channel': ['time', 'channel', 'events'],
}

describe('the Grafana dashboard', () => {
  it('has a query for every panel, all on the provisioned data source', () => {
    const provisioning = readFileSync(join(ROOT, 'dashboards/bi/grafana-datasource.yaml'), 'utf8')
    const source = {
      type: /^\s+type: (\S+)$/m.exec(provisioning)?.[1],
      uid: /^\s+uid: (\S+)$/m.exec(provisioning)?.[1],
    }
    expect(dashboard.panels.map((panel) => panel.title).sort()).toEqual(
      Object.keys(PANEL_COLUMNS).sort(),
    )
    for (const panel of dashboard.panels) {
      for (const target of [panel, ...panel.targets])
        expect(target.datasource).toEqual({ type: source?.type, uid: source?.uid })
      // The plugin's SQL editor; a time series panel asks for time series (format 0), others
      // for a table (format 1), as the plugin's query types and Grafana's SQL formats number them.
      const series = panel.type === 'timeseries'
      for (const target of panel.targets)
        expect(target, panel.title).toMatchObject({
          editorType: 'sql',
          queryType: series ? 'timeSeries' : 'table',
          format: series ? 0 : 1,
        })
    }
  })

  it.each(dashboard.panels.map((panel) => [panel.title, panel] as const))(
    'panel "%s" gives rows of its columns for a fixed time range',
    async (title, panel) => {
      for (const target of panel.targets) {
        expect(target.rawSql).toMatch(/leadhouse_bi\./)
        const sql = expandGrafanaQuery(target.rawSql, { ...GRAFANA_RANGE, variables })
        const { columns, count } = await run(sql)
        expect(columns).toEqual(PANEL_COLUMNS[title])
        expect(count).toBeGreaterThan(0)
      }
    },
  )
})

/** docs/bi.md's SQL examples, each with the columns its first line promises. */
function docsExamples(): { columns: string[]; sql: string }[] {
  const markdown = readFileSync(join(ROOT, 'docs/bi.md'), 'utf8')
  return [...markdown.matchAll(/```sql\n([\s\S]*?)```/g)].map((match) => {
    const sql = match[1] as string
    const promised = /^-- returns: (.+)$/m.exec(sql)?.[1]
    if (!promised) throw new Error(`a docs/bi.md example without "-- returns:":\n${sql}`)
    return { columns: promised.split(',').map((column) => column.trim()), sql }
  })
}

describe('the SQL examples of docs/bi.md', () => {
  it('are there for the common questions', () => {
    expect(docsExamples().length).toBeGreaterThanOrEqual(10)
  })

  it.each(docsExamples().map((example) => [example.columns.join(', '), example] as const))(
    'give rows of %s',
    async (_, example) => {
      const { columns, count } = await run(example.sql.replaceAll('today()', TODAY))
      expect(columns).toEqual(example.columns)
      expect(count).toBeGreaterThan(0)
    },
  )
})
