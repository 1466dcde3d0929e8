import { describe, expect, it } from 'vitest'
import type { ModelNode } from './compile.js'
import { materializationStatements } from './materializations.js'

function node(materialized: 'view' | 'table'): ModelNode {
  return {
    name: 'leads',
    path: 'models/marts/leads.sql',
    schema: 'lh',
    dependsOn: [],
    sql: 'select 1 as id',
    config: {
      materialized,
      enabled: true,
      tags: [],
      engine: 'MergeTree()',
      order_by: '(id)',
      partition_by: 'id % 4',
    },
  }
}

describe('materializationStatements', () => {
  it('replaces a view in place', () => {
    expect(materializationStatements(node('view'), undefined)).toEqual([
      'CREATE OR REPLACE VIEW `lh`.`leads` AS\nselect 1 as id',
    ])
  })

  it('drops a table that stands where a view goes', () => {
    expect(materializationStatements(node('view'), 'table')[0]).toBe('DROP TABLE `lh`.`leads` SYNC')
  })

  it('builds a table beside the old one and exchanges them', () => {
    expect(materializationStatements(node('table'), 'table')).toEqual([
      'DROP TABLE IF EXISTS `lh`.`leads__dbt_new` SYNC',
      'CREATE TABLE `lh`.`leads__dbt_new`\nENGINE = MergeTree()\nPARTITION BY id % 4\nORDER BY (id)\nAS\nselect 1 as id',
      'EXCHANGE TABLES `lh`.`leads__dbt_new` AND `lh`.`leads`',
      'DROP TABLE `lh`.`leads__dbt_new` SYNC',
    ])
  })

  it('renames the first build into place, replacing a view of the same name', () => {
    expect(materializationStatements(node('table'), undefined).slice(2)).toEqual([
      'RENAME TABLE `lh`.`leads__dbt_new` TO `lh`.`leads`',
    ])
    expect(materializationStatements(node('table'), 'view').slice(2)).toEqual([
      'DROP VIEW `lh`.`leads` SYNC',
      'RENAME TABLE `lh`.`leads__dbt_new` TO `lh`.`leads`',
    ])
  })
})
