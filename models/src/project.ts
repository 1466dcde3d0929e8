import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { parse as parseYaml, YAMLParseError } from 'yaml'
import { ProjectError } from './errors.js'
import { type ModelVersion, versionProperties } from './versions.js'

/** A dbt project as read from disk, before any Jinja is rendered. */
export interface Project {
  name: string
  dir: string
  /** The profile `profiles.yml` is read for. */
  profile: string
  vars: Record<string, unknown>
  /** Folder paths relative to the project, as dbt_project.yml names them. */
  paths: { models: string[]; seeds: string[]; macros: string[]; tests: string[]; target: string }
  /** `models:` block of dbt_project.yml: folder-level config, keyed by project then folder. */
  modelConfig: Record<string, unknown>
  /** `seeds:` block, the same shape. */
  seedConfig: Record<string, unknown>
  /** `data_tests:` (or `tests:`) block, the same shape. */
  testConfig: Record<string, unknown>
  models: ProjectFile[]
  seeds: ProjectFile[]
  macros: ProjectFile[]
  /** SQL files under the test paths: each a query returning failing rows. */
  singularTests: ProjectFile[]
  sources: SourceTable[]
  /** Properties of models and seeds from YAML, by name. */
  properties: Map<string, ResourceProperties>
  /** `{% docs name %}` blocks from `.md` files, by name. */
  docs: Map<string, string>
}

export interface ProjectFile {
  name: string
  /** Path relative to the project directory, with forward slashes. */
  path: string
  /** Folders between the resource path and the file: dbt's fqn without project and name. */
  folders: string[]
  /** The file's text: SQL, or a seed's CSV. */
  text: string
}

/** A test as written in properties YAML: its name and its arguments. */
export interface TestDefinition {
  name: string
  args: Record<string, unknown>
}

export interface ColumnProperties {
  name: string
  description: string
  dataType?: string
  /** dbt's column `constraints`, by type (`not_null`, ...): what a contract also checks. */
  constraints?: string[]
  tests: TestDefinition[]
}

export interface ResourceProperties {
  /** The YAML file that describes it. */
  file: string
  description: string
  config: Record<string, unknown>
  columns: ColumnProperties[]
  tests: TestDefinition[]
  /** A version of a versioned model (`versions:` in YAML): which, and the latest one. */
  version?: ModelVersion
}

export interface SourceTable {
  source: string
  table: string
  /** Unrendered schema expression from the YAML; default the source's name. */
  schema: string
  identifier: string
  description: string
  columns: ColumnProperties[]
  tests: TestDefinition[]
  file: string
}

interface DbtProjectFile {
  name?: unknown
  profile?: unknown
  'model-paths'?: unknown
  'seed-paths'?: unknown
  'macro-paths'?: unknown
  'test-paths'?: unknown
  'target-path'?: unknown
  vars?: unknown
  models?: unknown
  seeds?: unknown
  data_tests?: unknown
  tests?: unknown
}

/**
 * Reads dbt_project.yml and everything it points to: models, seeds, macros, singular tests,
 * properties and sources YAML, and doc blocks.
 */
export function loadProject(dir: string): Project {
  const file = join(dir, 'dbt_project.yml')
  const config = readYaml(file, 'dbt_project.yml') as DbtProjectFile | null
  if (!isRecord(config) || typeof config.name !== 'string') {
    throw new ProjectError(`${file}: "name" is required and must be a string`)
  }
  const pathList = (key: keyof DbtProjectFile, fallback: string) => {
    const value = config[key]
    if (value === undefined) return [fallback]
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string'))
      throw new ProjectError(`${file}: "${key}" must be a list of folder paths`)
    return value as string[]
  }
  const paths = {
    models: pathList('model-paths', 'models'),
    seeds: pathList('seed-paths', 'seeds'),
    macros: pathList('macro-paths', 'macros'),
    tests: pathList('test-paths', 'tests'),
    target: typeof config['target-path'] === 'string' ? config['target-path'] : 'target',
  }
  const project: Project = {
    name: config.name,
    dir,
    profile: typeof config.profile === 'string' ? config.profile : config.name,
    vars: isRecord(config.vars) ? config.vars : {},
    paths,
    modelConfig: isRecord(config.models) ? config.models : {},
    seedConfig: isRecord(config.seeds) ? config.seeds : {},
    testConfig: isRecord(config.data_tests)
      ? config.data_tests
      : isRecord(config.tests)
        ? config.tests
        : {},
    models: filesUnder(dir, paths.models, '.sql'),
    seeds: filesUnder(dir, paths.seeds, '.csv'),
    macros: filesUnder(dir, paths.macros, '.sql'),
    singularTests: filesUnder(dir, paths.tests, '.sql'),
    sources: [],
    properties: new Map(),
    docs: new Map(),
  }
  const yamlFolders = [...paths.models, ...paths.seeds, ...paths.macros, ...paths.tests]
  for (const yamlFile of [
    ...filesUnder(dir, yamlFolders, '.yml'),
    ...filesUnder(dir, yamlFolders, '.yaml'),
  ]) {
    readProperties(project, parseYamlText(yamlFile.text, yamlFile.path), yamlFile.path)
  }
  for (const markdown of filesUnder(dir, [...paths.models, 'docs'], '.md')) {
    for (const match of markdown.text.matchAll(
      /{%-?\s*docs\s+(\w+)\s*-?%}([\s\S]*?){%-?\s*enddocs\s*-?%}/g,
    )) {
      project.docs.set(match[1] as string, (match[2] as string).trim())
    }
  }
  return project
}

/** The models, seeds and sources a properties file describes. */
function readProperties(project: Project, doc: unknown, file: string): void {
  if (doc == null) return
  if (!isRecord(doc)) throw new ProjectError(`${file}: a properties file must be a mapping`)
  for (const key of ['models', 'seeds'] as const) {
    const entries = doc[key]
    if (entries === undefined) continue
    if (!Array.isArray(entries)) throw new ProjectError(`${file}: "${key}" must be a list`)
    for (const [index, entry] of entries.entries()) {
      const where = `${file}: ${key}[${index}]`
      if (!isRecord(entry) || typeof entry.name !== 'string')
        throw new ProjectError(`${where}: every entry needs a "name"`)
      if (project.properties.has(entry.name)) {
        const first = project.properties.get(entry.name)?.file
        throw new ProjectError(`${where}: ${entry.name} is already described in ${first}`)
      }
      const properties: ResourceProperties = {
        file,
        description: text(entry.description),
        config: isRecord(entry.config) ? entry.config : {},
        columns: columnsOf(entry.columns, `${where}.columns`),
        tests: testsOf(entry.data_tests ?? entry.tests, `${where}.data_tests`),
      }
      // A versioned model is described once; each version's file gets its own properties.
      const described =
        key === 'models' && entry.versions !== undefined
          ? versionProperties(entry, properties, where, columnsOf)
          : new Map([[entry.name, properties]])
      for (const [name, each] of described) project.properties.set(name, each)
    }
  }
  if (doc.sources === undefined) return
  if (!Array.isArray(doc.sources)) throw new ProjectError(`${file}: "sources" must be a list`)
  for (const [index, source] of doc.sources.entries()) {
    if (!isRecord(source) || typeof source.name !== 'string')
      throw new ProjectError(`${file}: sources[${index}]: every source needs a "name"`)
    const sourceName = source.name
    const schema = typeof source.schema === 'string' ? source.schema : sourceName
    const tables = Array.isArray(source.tables) ? source.tables : []
    for (const [tableIndex, table] of tables.entries()) {
      const where = `${file}: sources[${index}].tables[${tableIndex}]`
      if (!isRecord(table) || typeof table.name !== 'string')
        throw new ProjectError(`${where}: every table of source "${sourceName}" needs a "name"`)
      project.sources.push({
        source: sourceName,
        table: table.name,
        schema,
        identifier: typeof table.identifier === 'string' ? table.identifier : table.name,
        description: text(table.description),
        columns: columnsOf(table.columns, `${where}.columns`),
        tests: testsOf(table.data_tests ?? table.tests, `${where}.data_tests`),
        file,
      })
    }
  }
}

function columnsOf(value: unknown, where: string): ColumnProperties[] {
  if (value === undefined || value === null) return []
  if (!Array.isArray(value)) throw new ProjectError(`${where}: must be a list`)
  return value.map((column, index) => {
    if (!isRecord(column) || typeof column.name !== 'string')
      throw new ProjectError(`${where}[${index}]: every column needs a "name"`)
    return {
      name: column.name,
      description: text(column.description),
      ...(typeof column.data_type === 'string' ? { dataType: column.data_type } : {}),
      ...(column.constraints !== undefined
        ? { constraints: constraintsOf(column.constraints, `${where}[${index}].constraints`) }
        : {}),
      tests: testsOf(column.data_tests ?? column.tests, `${where}[${index}].data_tests`),
    }
  })
}

/** dbt's `constraints: [{type: not_null}]`: the types, as the contract check needs them. */
function constraintsOf(value: unknown, where: string): string[] {
  if (!Array.isArray(value)) throw new ProjectError(`${where}: must be a list`)
  return value.map((constraint, index) => {
    if (isRecord(constraint) && typeof constraint.type === 'string') return constraint.type
    throw new ProjectError(`${where}[${index}]: a constraint needs a "type" (- type: not_null)`)
  })
}

/** `- not_null`, or `- accepted_values: {values: [...]}`, as dbt writes tests in YAML. */
function testsOf(value: unknown, where: string): TestDefinition[] {
  if (value === undefined || value === null) return []
  if (!Array.isArray(value)) throw new ProjectError(`${where}: must be a list`)
  return value.map((test, index) => {
    if (typeof test === 'string') return { name: test, args: {} }
    if (isRecord(test) && Object.keys(test).length === 1) {
      const [name, args] = Object.entries(test)[0] as [string, unknown]
      if (args === null || isRecord(args)) return { name, args: args ?? {} }
    }
    throw new ProjectError(
      `${where}[${index}]: a test is a name (- not_null) or one name with its arguments (- accepted_values: {values: [...]})`,
    )
  })
}

/** Files ending in `extension` under each of `roots`, in a stable order. */
function filesUnder(dir: string, roots: string[], extension: string): ProjectFile[] {
  return roots.flatMap((root) => {
    const base = join(dir, root)
    return listFiles(base)
      .filter((path) => path.endsWith(extension))
      .map((path) => ({
        name: path.slice(path.lastIndexOf(sep) + 1, -extension.length),
        path: relative(dir, path).split(sep).join('/'),
        folders: relative(base, path).split(sep).slice(0, -1),
        text: readFileSync(path, 'utf8'),
      }))
  })
}

function listFiles(dir: string): string[] {
  let entries: import('node:fs').Dirent[]
  try {
    entries = readdirSync(dir, { withFileTypes: true })
  } catch {
    return []
  }
  return entries
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) =>
      entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)],
    )
}

function readYaml(file: string, shown: string): unknown {
  let content: string
  try {
    content = readFileSync(file, 'utf8')
  } catch (error) {
    throw new ProjectError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code})`)
  }
  return parseYamlText(content, shown)
}

function parseYamlText(content: string, file: string): unknown {
  try {
    return parseYaml(content)
  } catch (error) {
    const problem = yamlProblem(error, file)
    if (problem) throw new ProjectError(problem)
    throw error
  }
}

/** `file:line:col: invalid YAML: …` for a YAML syntax error, else undefined. */
export function yamlProblem(error: unknown, file: string): string | undefined {
  if (!(error instanceof YAMLParseError)) return undefined
  const position = error.linePos?.[0]
  return `${file}${position ? `:${position.line}:${position.col}` : ''}: invalid YAML: ${error.message.split('\n')[0]}`
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : ''
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
