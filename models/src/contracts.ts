/**
 * dbt's model contracts (`contract: {enforced: true}`): a model's columns, their names and types
 * as its properties YAML declares them (`data_type`, `constraints: [{type: not_null}]`), checked
 * against what its SQL gives before anything replaces its relation. Types are compared as the
 * engine normalises them (`toTypeName`), so `Decimal(18,2)` and `Decimal(18, 2)` agree.
 */
import { quoteIdentifier, type Warehouse } from '@leadhouse/warehouse'
import type { ModelConfig, ModelNode } from './compile/index.js'
import { ContractError } from './errors.js'
import { type ColumnProperties, isRecord } from './project.js'

/** The constraints the engine can hold a column to: a non-Nullable type holds no NULL. */
const CONSTRAINTS = new Set(['not_null'])

/** A declared column: its name, its type, and whether it must not be NULL. */
export interface ContractColumn {
  name: string
  type: string
  notNull: boolean
}

/** One way a model's columns differ from its contract, as dbt's failure table lists them. */
export interface ContractMismatch {
  column: string
  /** The type the model's SQL gives; empty when the SQL lacks the column. */
  definitionType: string
  /** The contract's type; empty when the contract lacks the column. */
  contractType: string
  reason: 'missing in definition' | 'missing in contract' | 'data type mismatch' | 'nullable'
}

/** Whether the model's config enforces its contract (`contract: {enforced: true}`). */
export function isContracted(config: ModelConfig): boolean {
  return isRecord(config.contract) && config.contract.enforced === true
}

/**
 * What makes an enforced contract unusable, found at compile time as dbt does: no columns, a
 * column without `data_type`, an unknown constraint, a not_null column of a Nullable type, an
 * ephemeral model (it has no relation to hold to anything).
 */
export function contractProblem(
  config: ModelConfig,
  columns: ColumnProperties[],
): string | undefined {
  if (config.contract !== undefined && !isRecord(config.contract))
    return 'contract must be a mapping, as contract: {enforced: true}'
  if (!isContracted(config)) return undefined
  if (config.materialized === 'ephemeral')
    return 'an ephemeral model cannot have an enforced contract: it builds no relation'
  if (columns.length === 0)
    return 'the contract is enforced but the model declares no columns: list each with its data_type'
  const untyped = columns.filter((column) => !column.dataType).map((column) => column.name)
  if (untyped.length > 0)
    return `the contract is enforced: each column needs a data_type (missing on ${untyped.join(', ')})`
  for (const column of columns) {
    const unknown = column.constraints?.find((type) => !CONSTRAINTS.has(type))
    if (unknown)
      return `column ${column.name}: constraint type '${unknown}' is not supported (use ${[...CONSTRAINTS].join(', ')})`
    if (column.constraints?.includes('not_null') && /^\s*Nullable\s*\(/.test(column.dataType ?? ''))
      return `column ${column.name}: data_type ${column.dataType} is Nullable, but its constraints say not_null`
  }
  return undefined
}

/** The contract's columns, as declared (a model whose contract is enforced has all types). */
export function contractColumns(columns: ColumnProperties[]): ContractColumn[] {
  return columns.map((column) => ({
    name: column.name,
    type: column.dataType ?? '',
    notNull: column.constraints?.includes('not_null') === true,
  }))
}

/**
 * How `actual` (the SQL's columns and normalised types) differs from `declared` (types
 * normalised too); empty when they match. Order does not matter: the built relation takes the
 * contract's order.
 */
export function contractMismatches(
  declared: ContractColumn[],
  actual: { name: string; type: string }[],
): ContractMismatch[] {
  const given = new Map(actual.map((column) => [column.name, column.type]))
  const wanted = new Set(declared.map((column) => column.name))
  const mismatches: ContractMismatch[] = []
  for (const column of declared) {
    const type = given.get(column.name)
    if (type === undefined)
      mismatches.push({
        column: column.name,
        definitionType: '',
        contractType: column.type,
        reason: 'missing in definition',
      })
    else if (sameType(type, column.type) === false)
      mismatches.push({
        column: column.name,
        definitionType: type,
        contractType: column.type,
        reason: 'data type mismatch',
      })
    else if (column.notNull && /^(LowCardinality\()?Nullable\(/.test(type))
      mismatches.push({
        column: column.name,
        definitionType: type,
        contractType: `${column.type} not_null`,
        reason: 'nullable',
      })
  }
  for (const column of actual)
    if (!wanted.has(column.name))
      mismatches.push({
        column: column.name,
        definitionType: column.type,
        contractType: '',
        reason: 'missing in contract',
      })
  return mismatches
}

/** dbt's message for a failed contract, with the table of what differs. */
export function contractFailure(model: string, mismatches: ContractMismatch[]): string {
  const rows = [
    ['column_name', 'definition_type', 'contract_type', 'mismatch_reason'],
    ...mismatches.map((m) => [m.column, m.definitionType, m.contractType, m.reason]),
  ]
  const widths = rows[0]?.map((_, index) => Math.max(...rows.map((row) => row[index]?.length ?? 0)))
  const line = (cells: string[]) =>
    `| ${cells.map((cell, index) => cell.padEnd(widths?.[index] ?? 0)).join(' | ')} |`
  const [head, ...body] = rows
  return [
    `${model}: This model has an enforced contract that failed.`,
    "Please ensure the name, data_type, and number of columns in your contract match the columns in your model's definition.",
    '',
    line(head ?? []),
    line((widths ?? []).map((width) => '-'.repeat(width))),
    ...body.map(line),
  ].join('\n')
}

/**
 * Checks `model`'s SQL (the incremental variant when `incremental`) against its enforced
 * contract and returns the node to build: its SQL selecting the contract's columns in the
 * contract's order. A model without an enforced contract is returned as it is. Throws a
 * ContractError listing every difference; nothing has been built or replaced by then.
 */
export async function enforceContract(
  warehouse: Warehouse,
  model: ModelNode,
  incremental: boolean,
): Promise<ModelNode> {
  if (!isContracted(model.config)) return model
  const sql = incremental ? (model.incrementalSql ?? model.sql) : model.sql
  // DESCRIBE analyses the query without running it: the columns and types it would give.
  const described = await warehouse.client.query({
    query: `DESCRIBE TABLE (\n${sql}\n)`,
    format: 'JSONEachRow',
  })
  const actual = await described.json<{ name: string; type: string }>()
  const declared = await normalisedTypes(warehouse, contractColumns(model.columns))
  const mismatches = contractMismatches(declared, actual)
  if (mismatches.length > 0) throw new ContractError(contractFailure(model.name, mismatches))
  const select = (query: string) =>
    `SELECT ${declared.map(({ name }) => quoteIdentifier(name)).join(', ')}\nFROM (\n${query}\n)`
  return {
    ...model,
    sql: select(model.sql),
    ...(model.incrementalSql ? { incrementalSql: select(model.incrementalSql) } : {}),
    ...(model.config.materialized === 'view'
      ? { columnDefinitions: columnDefinitions(model, declared) }
      : {}),
  }
}

/** `(name Type COMMENT '...', ...) COMMENT '...'`: a view's columns as DDL, with descriptions. */
export function columnDefinitions(model: ModelNode, declared: ContractColumn[]): string {
  const described = new Map(model.columns.map((column) => [column.name, column.description]))
  const comment = (text: string | undefined) =>
    text ? ` COMMENT '${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : ''
  const columns = declared.map(
    ({ name, type }) => `${quoteIdentifier(name)} ${type}${comment(described.get(name))}`,
  )
  return `(\n  ${columns.join(',\n  ')}\n)${comment(model.description)}`
}

/** Declared types as the engine spells them, learnt once per process. */
const normalised = new Map<string, string>()

/**
 * `columns` with their types as `toTypeName` writes them; a type the engine does not know is a
 * ContractError naming the column.
 */
async function normalisedTypes(
  warehouse: Warehouse,
  columns: ContractColumn[],
): Promise<ContractColumn[]> {
  for (const column of columns) {
    if (normalised.has(column.type)) continue
    try {
      const result = await warehouse.client.query({
        query: 'SELECT toTypeName(defaultValueOfTypeName({type:String})) AS type',
        query_params: { type: column.type },
        format: 'JSONEachRow',
      })
      const [row] = await result.json<{ type: string }>()
      normalised.set(column.type, row?.type ?? column.type)
    } catch (error) {
      throw new ContractError(
        `column ${column.name}: data_type '${column.type}' is not a type the engine knows (${(error as Error).message.split('\n')[0]})`,
        { cause: error },
      )
    }
  }
  return columns.map((column) => ({ ...column, type: normalised.get(column.type) ?? column.type }))
}

/** Types equal but for how they are spaced (a Tuple's names are laid out on lines). */
function sameType(a: string, b: string): boolean {
  const spaced = (type: string) =>
    type.replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')')
  return spaced(a) === spaced(b)
}
