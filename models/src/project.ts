import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { parse as parseYaml } from 'yaml'

/** A dbt project as read from disk, before any Jinja is rendered. */
export interface Project {
  name: string
  dir: string
  vars: Record<string, unknown>
  /** `models:` block of dbt_project.yml: folder-level config, keyed by project then folder. */
  modelConfig: Record<string, unknown>
  models: ModelFile[]
  sources: SourceTable[]
}

export interface ModelFile {
  name: string
  /** Path relative to the project directory, with forward slashes. */
  path: string
  /** Folders between the model path and the file: dbt's fqn without project and name. */
  folders: string[]
  sql: string
}

export interface SourceTable {
  source: string
  table: string
  /** Unrendered schema expression from the YAML; default the source's name. */
  schema: string
  identifier: string
}

interface DbtProjectFile {
  name?: unknown
  'model-paths'?: unknown
  vars?: unknown
  models?: unknown
}

/** Reads dbt_project.yml, the model files and the sources declared in properties YAML. */
export function loadProject(dir: string): Project {
  const file = join(dir, 'dbt_project.yml')
  const config = readYaml(file) as DbtProjectFile
  if (typeof config.name !== 'string') {
    throw new Error(`${file}: "name" is required and must be a string`)
  }
  const modelPaths = Array.isArray(config['model-paths']) ? config['model-paths'] : ['models']
  const models: ModelFile[] = []
  const sources: SourceTable[] = []
  for (const modelPath of modelPaths.map(String)) {
    const root = join(dir, modelPath)
    for (const path of listFiles(root)) {
      const relPath = relative(dir, path).split(sep).join('/')
      if (path.endsWith('.sql')) {
        const folders = relative(root, path).split(sep).slice(0, -1)
        const name = path.slice(path.lastIndexOf(sep) + 1, -'.sql'.length)
        models.push({ name, path: relPath, folders, sql: readFileSync(path, 'utf8') })
      } else if (path.endsWith('.yml') || path.endsWith('.yaml')) {
        sources.push(...sourcesIn(readYaml(path), relPath))
      }
    }
  }
  return {
    name: config.name,
    dir,
    vars: isRecord(config.vars) ? config.vars : {},
    modelConfig: isRecord(config.models) ? config.models : {},
    models,
    sources,
  }
}

function sourcesIn(doc: unknown, file: string): SourceTable[] {
  if (!isRecord(doc) || !Array.isArray(doc.sources)) return []
  return doc.sources.flatMap((source: unknown) => {
    if (!isRecord(source) || typeof source.name !== 'string') {
      throw new Error(`${file}: every source needs a "name"`)
    }
    const sourceName = source.name
    const schema = typeof source.schema === 'string' ? source.schema : sourceName
    const tables = Array.isArray(source.tables) ? source.tables : []
    return tables.map((table: unknown) => {
      if (!isRecord(table) || typeof table.name !== 'string') {
        throw new Error(`${file}: every table of source "${sourceName}" needs a "name"`)
      }
      const identifier = typeof table.identifier === 'string' ? table.identifier : table.name
      return { source: sourceName, table: table.name, schema, identifier }
    })
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

function readYaml(file: string): unknown {
  try {
    return parseYaml(readFileSync(file, 'utf8'))
  } catch (error) {
    throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`)
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
