import { quoteIdentifier } from '@leadhouse/warehouse'
import type { ModelNode } from './compile.js'

/** What already stands where the model is built. */
export type ExistingRelation = 'table' | 'view' | undefined

/**
 * The statements that build `node`, in order. A table is built beside the old one and swapped
 * in with EXCHANGE TABLES, so readers never see it half-built and a failed build leaves the
 * previous table in place (dbt-clickhouse does the same).
 */
export function materializationStatements(node: ModelNode, existing: ExistingRelation): string[] {
  const target = `${quoteIdentifier(node.schema)}.${quoteIdentifier(node.name)}`
  if (node.config.materialized === 'view') {
    return [
      ...(existing === 'table' ? [`DROP TABLE ${target} SYNC`] : []),
      `CREATE OR REPLACE VIEW ${target} AS\n${node.sql}`,
    ]
  }
  const staging = `${quoteIdentifier(node.schema)}.${quoteIdentifier(`${node.name}__dbt_new`)}`
  const create = [
    `CREATE TABLE ${staging}`,
    `ENGINE = ${node.config.engine}`,
    node.config.partition_by ? `PARTITION BY ${node.config.partition_by}` : '',
    `ORDER BY ${node.config.order_by}`,
    `AS\n${node.sql}`,
  ].filter(Boolean)
  const swap =
    existing === 'table'
      ? [`EXCHANGE TABLES ${staging} AND ${target}`, `DROP TABLE ${staging} SYNC`]
      : [
          ...(existing === 'view' ? [`DROP VIEW ${target} SYNC`] : []),
          `RENAME TABLE ${staging} TO ${target}`,
        ]
  return [`DROP TABLE IF EXISTS ${staging} SYNC`, create.join('\n'), ...swap]
}
