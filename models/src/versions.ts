/**
 * dbt's model versions: one model name in the properties YAML, `versions:` each built from its
 * own file (`<name>_v<v>.sql`, or `defined_in`) into its own relation (`<name>_v<v>`, unless an
 * `alias` is configured), with `latest_version` the one `ref('<name>')` means. A version takes
 * the model's description, config and columns, narrowed by `include`/`exclude` and overridden by
 * its own `columns` and `config`. So a view can be published as v1 and v2 side by side while
 * its readers move over.
 */
import { ProjectError } from './errors.js'
import { type ColumnProperties, isRecord, type ResourceProperties } from './project.js'

/** Which version a model file builds. */
export interface ModelVersion {
  /** The model's name in YAML, without the version. */
  model: string
  v: string
  latest: string
}

/** The versions of one model, by identifier, and the file each is defined in. */
export interface VersionedModel {
  latest: string
  files: Map<string, string>
}

/**
 * The properties of each version of a versioned model entry, keyed by the file the version is
 * defined in; `base` is the entry's own properties (description, config, columns, tests).
 */
export function versionProperties(
  entry: Record<string, unknown>,
  base: ResourceProperties,
  where: string,
  readColumns: (value: unknown, where: string) => ColumnProperties[],
): Map<string, ResourceProperties> {
  const name = String(entry.name)
  if (!Array.isArray(entry.versions) || entry.versions.length === 0)
    throw new ProjectError(`${where}.versions: must be a list of versions, as - v: 1`)
  const ids = entry.versions.map((version, index) => {
    if (!isRecord(version) || (typeof version.v !== 'string' && typeof version.v !== 'number'))
      throw new ProjectError(`${where}.versions[${index}]: every version needs a "v"`)
    return String(version.v)
  })
  const latest =
    entry.latest_version === undefined ? newest(ids) : String(entry.latest_version as string)
  if (!ids.includes(latest))
    throw new ProjectError(
      `${where}: latest_version ${latest} is not one of the versions (${ids.join(', ')})`,
    )
  const result = new Map<string, ResourceProperties>()
  for (const [index, raw] of entry.versions.entries()) {
    const version = raw as Record<string, unknown>
    const v = String(version.v)
    const at = `${where}.versions[${index}]`
    const file = typeof version.defined_in === 'string' ? version.defined_in : `${name}_v${v}`
    result.set(file, {
      ...base,
      config: { ...base.config, ...(isRecord(version.config) ? version.config : {}) },
      columns: versionColumns(base.columns, version.columns, at, readColumns),
      version: { model: name, v, latest },
    })
  }
  return result
}

/** dbt orders versions as numbers when they are, else as text; the greatest is the latest. */
function newest(ids: string[]): string {
  const numeric = ids.every((id) => !Number.isNaN(Number(id)))
  return [...ids]
    .sort((a, b) => (numeric ? Number(a) - Number(b) : a.localeCompare(b)))
    .at(-1) as string
}

/**
 * A version's columns: the model's (all of them, or those `include` names, less those `exclude`
 * names), with the version's own column entries replacing or adding to them.
 */
function versionColumns(
  base: ColumnProperties[],
  value: unknown,
  where: string,
  readColumns: (value: unknown, where: string) => ColumnProperties[],
): ColumnProperties[] {
  if (value === undefined || value === null) return base
  if (!Array.isArray(value)) throw new ProjectError(`${where}.columns: must be a list`)
  const selectors = value.filter((item) => isRecord(item) && 'include' in item)
  const own = readColumns(
    value.filter((item) => !(isRecord(item) && 'include' in item)),
    `${where}.columns`,
  )
  let columns = base
  for (const selector of selectors as Record<string, unknown>[]) {
    const include = selector.include
    const exclude = Array.isArray(selector.exclude) ? selector.exclude.map(String) : []
    const all = include === '*' || include === 'all'
    if (!all && !Array.isArray(include))
      throw new ProjectError(`${where}.columns: include is "all", "*" or a list of column names`)
    const included = all
      ? base
      : base.filter((c) => (include as unknown[]).map(String).includes(c.name))
    columns = included.filter((c) => !exclude.includes(c.name))
  }
  const replaced = columns.map((c) => own.find((o) => o.name === c.name) ?? c)
  return [...replaced, ...own.filter((o) => !columns.some((c) => c.name === o.name))]
}

/** Each versioned model by name, from the properties of its versions' files. */
export function versionedModels(
  properties: Map<string, ResourceProperties>,
): Map<string, VersionedModel> {
  const models = new Map<string, VersionedModel>()
  for (const [file, { version }] of properties) {
    if (!version) continue
    const model = models.get(version.model) ?? { latest: version.latest, files: new Map() }
    model.files.set(version.v, file)
    models.set(version.model, model)
  }
  return models
}

/**
 * The model file `ref(args)` names: `ref('name')` a versioned model's latest version,
 * `ref('name', v=1)` (or `version=1`) that version; any other name as it is.
 */
export function refTarget(args: unknown[], versions: Map<string, VersionedModel>): string {
  const last = args.at(-1)
  const kwargs = isRecord(last) ? last : undefined
  const names = args.filter((arg) => typeof arg === 'string') as string[]
  const name = names.length > 1 ? (names[1] as string) : String(names[0])
  const model = versions.get(name)
  const wanted = kwargs?.v ?? kwargs?.version
  if (!model) {
    if (wanted !== undefined)
      throw new Error(`ref('${name}', v=${String(wanted)}): ${name} has no versions`)
    return name
  }
  const v = wanted === undefined ? model.latest : String(wanted)
  const file = model.files.get(v)
  if (!file)
    throw new Error(
      `ref('${name}', v=${v}): ${name} has versions ${[...model.files.keys()].join(', ')}`,
    )
  return file
}
