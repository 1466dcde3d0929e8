/**
 * The workspace's shape, checked from the source text alone (no engine, no build): which
 * package may import which, no cycle between packages, no source file past 600 lines, and no
 * package holding most of the code. Import specifiers are read with TypeScript's own
 * pre-processor, so imports in comments and strings do not count.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const ROOT = join(import.meta.dirname, '..')

/** The packages and the workspace folders whose code is checked. */
const AREAS = [
  'sdk',
  'warehouse',
  'collector',
  'models',
  'dashboards',
  'generate',
  'demo',
  'bench',
  'test',
] as const
type Area = (typeof AREAS)[number]
const isArea = (name: string | undefined): name is Area => AREAS.some((area) => area === name)

/**
 * Which packages a package's own code (not its tests) may import. The arrows point one way, from
 * the server's outer parts in to the warehouse; the SDK runs in visitors' browsers and needs none
 * of the server; the collector serves the SDK's script and the dashboard's pages and builds the
 * models, but never runs the generator (a tool of tests, demos and benchmarks).
 */
const MAY_IMPORT: Partial<Record<Area, Area[]>> = {
  sdk: [],
  warehouse: [],
  dashboards: [],
  models: ['warehouse'],
  generate: ['warehouse'],
  collector: ['warehouse', 'models', 'sdk', 'dashboards'],
}

const MAX_LINES = 600
/** Files allowed past MAX_LINES, with the reason. */
const LONG_BY_NATURE: Record<string, string> = {
  'generate/src/catalog.ts': 'a data table: the generator’s companies, people and pages',
}
/**
 * No package past this share of the non-test source lines (every line, blank and comment
 * included; `bench/` counts as the workspace's own code, `test/` and tests beside code not).
 */
const MAX_SHARE = 0.4

/** Code a person writes and the product runs: scripts, the models' SQL, the dashboard's pages. */
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs|sql|html|css)$/
const SCRIPT = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'target', 'coverage', '.git'])

interface SourceFile {
  /** Path from the checkout's root, with forward slashes. */
  path: string
  area: Area
  test: boolean
  lines: number
  imports: string[]
}

/** The area a path belongs to: its top folder. */
function areaOf(path: string): Area | undefined {
  const top = path.split('/')[0]
  return isArea(top) ? top : undefined
}

/** Tests and what only tests use: `*.test.ts`, test folders, `testing` entries, fixtures. */
function isTest(path: string): boolean {
  return (
    /\.test\.[a-z]+$/.test(path) ||
    path.startsWith('test/') ||
    /(^|\/)(test|test-projects|__golden__)\//.test(path) ||
    /(^|\/)(testing|test-[a-z-]+)\.ts$/.test(path)
  )
}

function walk(dir: string, found: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) walk(join(dir, entry.name), found)
    } else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      // Declaration files are what tsc emits, not source anyone wrote.
      found.push(join(dir, entry.name))
    }
  }
  return found
}

function readSources(): SourceFile[] {
  return AREAS.filter((area) => existsSync(join(ROOT, area)))
    .flatMap((area) => walk(join(ROOT, area)))
    .map((file) => {
      const path = relative(ROOT, file).split(sep).join('/')
      const text = readFileSync(file, 'utf8')
      const imported = SCRIPT.test(path) ? ts.preProcessFile(text, true, true).importedFiles : []
      return {
        path,
        area: areaOf(path) as Area,
        test: isTest(path),
        lines: text.split('\n').length - (text.endsWith('\n') ? 1 : 0),
        imports: imported.map(({ fileName }) => fileName),
      }
    })
}

/** The area an import specifier reaches: a workspace package by name, or a folder by path. */
function targetOf(file: SourceFile, specifier: string): Area | undefined {
  const named = /^@leadhouse\/([^/]+)/.exec(specifier)?.[1]
  if (named) return isArea(named) ? named : undefined
  if (!specifier.startsWith('.')) return undefined
  const target = relative(ROOT, resolve(ROOT, dirname(file.path), specifier))
  return areaOf(target.split(sep).join('/'))
}

interface Edge {
  from: SourceFile
  to: Area
  specifier: string
}

function crossingImports(files: SourceFile[]): Edge[] {
  return files.flatMap((from) =>
    from.imports.flatMap((specifier) => {
      const to = targetOf(from, specifier)
      return to && to !== from.area ? [{ from, to, specifier }] : []
    }),
  )
}

/** A cycle in the graph, as the areas along it, or undefined. */
function findCycle(graph: Map<Area, Set<Area>>): Area[] | undefined {
  const state = new Map<Area, 'open' | 'done'>()
  const path: Area[] = []
  const visit = (area: Area): Area[] | undefined => {
    if (state.get(area) === 'open') return [...path.slice(path.indexOf(area)), area]
    if (state.get(area) === 'done') return undefined
    state.set(area, 'open')
    path.push(area)
    for (const next of graph.get(area) ?? []) {
      const cycle = visit(next)
      if (cycle) return cycle
    }
    path.pop()
    state.set(area, 'done')
    return undefined
  }
  for (const area of graph.keys()) {
    const cycle = visit(area)
    if (cycle) return cycle
  }
  return undefined
}

const files = readSources()
const edges = crossingImports(files)
const production = edges.filter(({ from }) => !from.test)
const described = ({ from, to }: Edge) => `${from.path} -> ${to}`

describe('the workspace', () => {
  it('reads the source of every package', () => {
    const areas = new Set(files.map(({ area }) => area))
    for (const area of [
      'sdk',
      'warehouse',
      'collector',
      'models',
      'generate',
      'test',
    ] satisfies Area[])
      expect(areas, area).toContain(area)
    // Every workspace package has its rules here.
    const workspace = readFileSync(join(ROOT, 'pnpm-workspace.yaml'), 'utf8')
    const list = /^packages:\n((?:\s+-.*\n)+)/m.exec(workspace)?.[1] ?? ''
    const packages = [...list.matchAll(/-\s+['"]?([\w-]+)/g)].map((match) => match[1])
    expect(packages.length).toBeGreaterThan(0)
    expect(packages.filter((name) => !(name && name in MAY_IMPORT))).toEqual([])
  })
})

describe('imports between packages', () => {
  it('point only the allowed way in each package’s own code', () => {
    const wrong = production
      .filter(({ from, to }) => {
        const allowed = MAY_IMPORT[from.area]
        return allowed !== undefined && !allowed.includes(to)
      })
      .map((edge) => `${described(edge)} ('${edge.specifier}')`)
    expect(wrong).toEqual([])
  })

  it('never reach the generator from the collector’s own code', () => {
    expect(
      production
        .filter(({ from, to }) => from.area === 'collector' && to === 'generate')
        .map(described),
    ).toEqual([])
  })

  it('never reach bench/, demo/ or test/ from elsewhere', () => {
    expect(
      edges
        .filter(
          ({ from, to }) => (to === 'bench' || to === 'demo' || to === 'test') && from.area !== to,
        )
        .map(described),
    ).toEqual([])
  })

  it('form no cycle between packages', () => {
    const graph = new Map<Area, Set<Area>>()
    for (const { from, to } of production) {
      graph.set(from.area, (graph.get(from.area) ?? new Set()).add(to))
    }
    expect(findCycle(graph)).toBeUndefined()
  })
})

describe('source files', () => {
  const source = files.filter(({ test }) => !test)

  it(`stay within ${MAX_LINES} lines, but for data tables`, () => {
    const long = source
      .filter(({ path, lines }) => lines > MAX_LINES && !(path in LONG_BY_NATURE))
      .map(({ path, lines }) => `${path} (${lines} lines)`)
    expect(long).toEqual([])
  })

  it(`are spread so that no package holds more than ${MAX_SHARE * 100} % of the lines`, () => {
    const byArea = new Map<Area, number>()
    for (const { area, lines } of source) byArea.set(area, (byArea.get(area) ?? 0) + lines)
    const total = [...byArea.values()].reduce((sum, lines) => sum + lines, 0)
    const shares = [...byArea].sort(([, a], [, b]) => b - a)
    console.log(
      `non-test source lines (${total}): ${shares
        .map(([area, lines]) => `${area} ${lines} (${((100 * lines) / total).toFixed(1)} %)`)
        .join(', ')}`,
    )
    expect(shares.filter(([, lines]) => lines / total > MAX_SHARE).map(([area]) => area)).toEqual(
      [],
    )
  })
})
