import { describe, expect, it } from 'vitest'
import { SelectionError } from './errors.js'
import type { GraphNode, ResourceType } from './graph.js'
import { type Selection, selectNodes, unmatchedSelectors } from './select.js'

/**
 * A small project:
 *
 *   raw_events (seed)    → stg_events    → activity_log → daily_active
 *   country_codes (seed) → stg_countries ↗
 *                                        → country_report
 *
 * with a not_null test on stg_events, a relationships test between activity_log and
 * stg_countries, and a singular test on daily_active.
 */
function node(
  resourceType: ResourceType,
  path: string,
  folders: string[],
  name: string,
  /** `dependsOn` as `<resource type>.<name>`, all in the one project. */
  options: { tags?: string[]; dependsOn?: string[] } = {},
): GraphNode {
  return {
    uniqueId: `${resourceType}.leadhouse.${name}`,
    resourceType,
    name,
    fqn: ['leadhouse', ...folders, name],
    path,
    tags: options.tags ?? [],
    dependsOn: (options.dependsOn ?? []).map((id) => id.replace('.', '.leadhouse.')),
  }
}

const nodes: GraphNode[] = [
  node('seed', 'seeds/raw_events.csv', [], 'raw_events'),
  node('seed', 'seeds/reference/country_codes.csv', ['reference'], 'country_codes', {
    tags: ['reference'],
  }),
  node('model', 'models/staging/stg_events.sql', ['staging'], 'stg_events', {
    tags: ['staging'],
    dependsOn: ['seed.raw_events'],
  }),
  node('model', 'models/staging/stg_countries.sql', ['staging'], 'stg_countries', {
    tags: ['staging'],
    dependsOn: ['seed.country_codes'],
  }),
  node('model', 'models/marts/activity/activity_log.sql', ['marts', 'activity'], 'activity_log', {
    tags: ['daily'],
    dependsOn: ['model.stg_events', 'model.stg_countries'],
  }),
  node('model', 'models/marts/activity/daily_active.sql', ['marts', 'activity'], 'daily_active', {
    tags: ['daily', 'kpi'],
    dependsOn: ['model.activity_log'],
  }),
  node('model', 'models/marts/country_report.sql', ['marts'], 'country_report', {
    dependsOn: ['model.stg_countries'],
  }),
  node('test', 'models/staging/_staging.yml', ['staging'], 'not_null_stg_events_id', {
    dependsOn: ['model.stg_events'],
  }),
  node('test', 'models/marts/activity/_activity.yml', ['marts', 'activity'], 'relationships_log', {
    dependsOn: ['model.activity_log', 'model.stg_countries'],
  }),
  node('test', 'tests/assert_daily_active_positive.sql', [], 'assert_daily_active_positive', {
    dependsOn: ['model.daily_active'],
  }),
]

const allNames = nodes.map((n) => n.name)

/** Names of the selected nodes, in graph order. */
function names(selection: Selection): string[] {
  const byId = new Map(nodes.map((n) => [n.uniqueId, n.name]))
  return selectNodes(nodes, selection).map((id) => byId.get(id) ?? id)
}

const select = (...select: string[]) => names({ select })

function selectionError(selection: Selection): string {
  try {
    selectNodes(nodes, selection)
  } catch (error) {
    if (error instanceof SelectionError) return error.message
    throw error
  }
  throw new Error('expected a SelectionError')
}

describe('selectNodes', () => {
  it('selects every node without select arguments', () => {
    expect(names({})).toEqual(allNames)
    expect(names({ select: [] })).toEqual(allNames)
    expect(names({ select: ['  '] })).toEqual(allNames)
  })

  it('returns unique ids in graph order, whatever the order of the selectors', () => {
    expect(selectNodes(nodes, { select: ['daily_active', 'raw_events'] })).toEqual([
      'seed.leadhouse.raw_events',
      'model.leadhouse.daily_active',
      'test.leadhouse.assert_daily_active_positive',
    ])
  })

  it('selects nothing, without an error, for a selector that matches nothing', () => {
    expect(select('no_such_model')).toEqual([])
  })

  describe('names and fqns', () => {
    it('selects a node by name, with the tests on it', () => {
      expect(select('stg_events')).toEqual(['stg_events', 'not_null_stg_events_id'])
      expect(select('raw_events')).toEqual(['raw_events'])
    })

    it('selects a test by name without its model', () => {
      expect(select('not_null_stg_events_id')).toEqual(['not_null_stg_events_id'])
    })

    it('selects by dotted fqn, with or without the project name', () => {
      const expected = ['stg_events', 'not_null_stg_events_id']
      expect(select('staging.stg_events')).toEqual(expected)
      expect(select('leadhouse.staging.stg_events')).toEqual(expected)
      expect(select('fqn:staging.stg_events')).toEqual(expected)
      // The fqn parts are matched from its start, so a folder cannot be left out.
      expect(select('leadhouse.stg_events')).toEqual([])
      expect(select('activity.activity_log')).toEqual([])
    })

    it('selects everything in a folder or a project by fqn prefix', () => {
      const marts = [
        'activity_log',
        'daily_active',
        'country_report',
        'relationships_log',
        'assert_daily_active_positive',
      ]
      expect(select('marts')).toEqual(marts)
      expect(select('leadhouse.marts')).toEqual(marts)
      expect(select('marts.*')).toEqual(marts)
      expect(select('marts.activity')).toEqual(select('path:models/marts/activity'))
      expect(select('leadhouse')).toEqual(allNames)
      expect(select('reference')).toEqual(['country_codes'])
    })

    it('matches fnmatch wildcards from the first wildcard part to the end of the fqn', () => {
      expect(select('fqn:*')).toEqual(allNames)
      expect(select('*')).toEqual(allNames)
      expect(select('leadhouse.marts.activity.*')).toEqual([
        'activity_log',
        'daily_active',
        'relationships_log',
        'assert_daily_active_positive',
      ])
      expect(select('*.activity.daily_*')).toEqual(['daily_active', 'assert_daily_active_positive'])
      expect(select('staging.stg_?????s')).toEqual(['stg_events', 'not_null_stg_events_id'])
      expect(select('staging.stg_[ce]*')).toEqual(select('staging'))
      expect(select('staging.stg_[!c]*')).toEqual(['stg_events', 'not_null_stg_events_id'])
    })

    it('matches a wildcard name without dots against the names of nodes in folders too', () => {
      // dbt-core would match `stg_*` against `staging.stg_events` and miss; dbt Fusion matches.
      expect(select('stg_*')).toEqual(select('staging'))
      expect(select('*_log')).toEqual(['activity_log', 'relationships_log'])
    })
  })

  describe('methods', () => {
    it('selects by tag, with fnmatch wildcards', () => {
      expect(select('tag:daily')).toEqual([
        'activity_log',
        'daily_active',
        'relationships_log',
        'assert_daily_active_positive',
      ])
      expect(select('tag:kp?')).toEqual(['daily_active', 'assert_daily_active_positive'])
      expect(select('tag:ref*')).toEqual(['country_codes'])
      expect(select('tag:nightly')).toEqual([])
    })

    it('selects everything beneath a folder path, with or without a trailing slash', () => {
      const staging = ['stg_events', 'stg_countries', 'not_null_stg_events_id', 'relationships_log']
      expect(select('path:models/staging')).toEqual(staging)
      expect(select('path:models/staging/')).toEqual(staging)
      expect(select('path:./models/staging')).toEqual(staging)
      // Without a method, a value with a slash is a path.
      expect(select('models/staging')).toEqual(staging)
      expect(select('path:seeds')).toEqual(['raw_events', 'country_codes'])
    })

    it('selects a file by its path', () => {
      expect(select('path:models/marts/activity/activity_log.sql')).toEqual([
        'activity_log',
        'relationships_log',
      ])
      expect(select('models/marts/country_report.sql')).toEqual(['country_report'])
      expect(select('path:tests/assert_daily_active_positive.sql')).toEqual([
        'assert_daily_active_positive',
      ])
    })

    it('matches paths by whole segments, with glob wildcards within a segment', () => {
      expect(select('path:models/stag')).toEqual([])
      expect(select('path:models/marts/activity/activity_log')).toEqual([])
      expect(select('path:models/*/activity')).toEqual(select('path:models/marts/activity'))
      expect(select('path:models/**/*.sql')).toEqual(select('resource_type:model'))
      expect(select('path:**/_*.yml')).toEqual(['not_null_stg_events_id', 'relationships_log'])
    })

    it('selects by file name, with or without the extension', () => {
      expect(select('file:activity_log.sql')).toEqual(['activity_log', 'relationships_log'])
      expect(select('file:activity_log')).toEqual(['activity_log', 'relationships_log'])
      // Without a method, a value ending in .sql, .py or .csv is a file name.
      expect(select('country_codes.csv')).toEqual(['country_codes'])
      expect(select('file:stg_*')).toEqual(select('staging'))
    })

    it('selects by resource type', () => {
      expect(select('resource_type:seed')).toEqual(['raw_events', 'country_codes'])
      expect(select('resource_type:test')).toEqual([
        'not_null_stg_events_id',
        'relationships_log',
        'assert_daily_active_positive',
      ])
      // Every test is on a model, so eager test selection takes them all in.
      expect(select('resource_type:model')).toEqual(allNames.slice(2))
    })
  })

  describe('graph operators', () => {
    it('adds all ancestors with a + prefix', () => {
      expect(select('+activity_log')).toEqual([
        'raw_events',
        'country_codes',
        'stg_events',
        'stg_countries',
        'activity_log',
        'not_null_stg_events_id',
        'relationships_log',
      ])
    })

    it('adds all descendants with a + suffix', () => {
      expect(select('activity_log+')).toEqual([
        'activity_log',
        'daily_active',
        'relationships_log',
        'assert_daily_active_positive',
      ])
    })

    it('limits the generations of ancestors or descendants with a number', () => {
      expect(select('1+activity_log')).toEqual([
        'stg_events',
        'stg_countries',
        'activity_log',
        'not_null_stg_events_id',
        'relationships_log',
      ])
      expect(select('2+daily_active')).toEqual(select('1+activity_log+1'))
      expect(select('raw_events+1')).toEqual(['raw_events', 'stg_events', 'not_null_stg_events_id'])
      expect(select('raw_events+2')).toEqual([
        'raw_events',
        'stg_events',
        'activity_log',
        'not_null_stg_events_id',
        'relationships_log',
      ])
      expect(select('0+stg_events+0')).toEqual(select('stg_events'))
    })

    it('adds both ancestors and descendants with + on both sides', () => {
      expect(select('+stg_events+')).toEqual([
        'raw_events',
        'stg_events',
        'activity_log',
        'daily_active',
        'not_null_stg_events_id',
        'relationships_log',
        'assert_daily_active_positive',
      ])
    })

    it('adds descendants and all their ancestors with @', () => {
      // country_report is neither: it is a sibling, downstream of an ancestor of a descendant.
      expect(select('@stg_events')).toEqual(allNames.filter((name) => name !== 'country_report'))
      expect(select('@daily_active')).toEqual(select('+daily_active+'))
    })

    it('applies operators to everything the method matched', () => {
      expect(select('tag:staging+1')).toEqual([
        'stg_events',
        'stg_countries',
        'activity_log',
        'country_report',
        'not_null_stg_events_id',
        'relationships_log',
      ])
      expect(select('+path:models/marts/activity')).toEqual(select('+daily_active'))
    })

    it('ignores dependencies outside the graph, such as sources', () => {
      const withSource = [
        ...nodes,
        node('model', 'models/staging/stg_raw.sql', ['staging'], 'stg_raw', {
          dependsOn: ['source.raw.events'],
        }),
      ]
      const selected = selectNodes(withSource, { select: ['+stg_raw'] })
      expect(selected).toEqual(['model.leadhouse.stg_raw'])
    })
  })

  describe('tests, selected eagerly', () => {
    it('selects a test when any of the nodes it tests is selected', () => {
      expect(select('stg_countries')).toEqual(['stg_countries', 'relationships_log'])
    })

    it('selects the tests of nodes taken in by graph operators', () => {
      expect(select('country_codes+')).toEqual([
        'country_codes',
        'stg_countries',
        'activity_log',
        'daily_active',
        'country_report',
        'relationships_log',
        'assert_daily_active_positive',
      ])
    })

    it('keeps the tests of nodes in an intersection', () => {
      expect(select('resource_type:model,tag:staging')).toEqual([
        'stg_events',
        'stg_countries',
        'not_null_stg_events_id',
        'relationships_log',
      ])
    })

    it('keeps a test on nodes from both sides of an intersection, as dbt does', () => {
      // Each criterion takes in its tests before the intersection: the relationships test is on
      // activity_log (tag daily) and on stg_countries (tag staging).
      expect(select('tag:daily,tag:staging')).toEqual(['relationships_log'])
    })

    it('leaves a test out when the node it tests is excluded', () => {
      expect(names({ select: ['tag:staging'], exclude: ['stg_countries'] })).toEqual([
        'stg_events',
        'not_null_stg_events_id',
      ])
    })
  })

  describe('set operators', () => {
    it('unites terms separated by spaces, within and across arguments', () => {
      const expected = ['stg_events', 'country_report', 'not_null_stg_events_id']
      expect(select('stg_events country_report')).toEqual(expected)
      expect(select('stg_events', 'country_report')).toEqual(expected)
      expect(select('  stg_events   country_report ')).toEqual(expected)
      expect(select('stg_events stg_events')).toEqual(select('stg_events'))
    })

    it('intersects criteria separated by commas', () => {
      expect(select('+daily_active,tag:staging')).toEqual([
        'stg_events',
        'stg_countries',
        'not_null_stg_events_id',
        'relationships_log',
      ])
      expect(select('resource_type:seed,tag:reference')).toEqual(['country_codes'])
      expect(select('tag:daily,tag:kpi,path:models/marts')).toEqual([
        'daily_active',
        'assert_daily_active_positive',
      ])
      expect(select('tag:kpi,tag:staging')).toEqual([])
    })

    it('combines unions and intersections', () => {
      expect(select('resource_type:seed,tag:reference country_report')).toEqual([
        'country_codes',
        'country_report',
      ])
    })

    it('removes excluded nodes, with the same syntax as select', () => {
      expect(names({ select: ['+activity_log'], exclude: ['tag:staging'] })).toEqual([
        'raw_events',
        'country_codes',
        'activity_log',
      ])
      expect(names({ exclude: ['marts+', 'resource_type:seed'] })).toEqual([
        'stg_events',
        'stg_countries',
        'not_null_stg_events_id',
      ])
      expect(names({ exclude: ['relationships_log'] })).toEqual(
        allNames.filter((name) => name !== 'relationships_log'),
      )
      expect(names({ select: ['stg_events'], exclude: ['nothing_here'] })).toEqual(
        select('stg_events'),
      )
    })
  })

  describe('malformed selectors', () => {
    it('names the selector and the supported methods for an unknown method', () => {
      const message = selectionError({ select: ['stg_events foo:bar'] })
      expect(message).toContain("'foo:bar'")
      expect(message).toContain("unknown method 'foo'")
      expect(message).toContain('fqn, tag, path, file, resource_type')
      expect(selectionError({ select: ['config.materialized:table'] })).toContain(
        "unknown method 'config'",
      )
    })

    it('rejects arguments to methods that take none', () => {
      expect(selectionError({ select: ['tag.owner:x'] })).toContain("'tag' takes no arguments")
    })

    it('rejects a criterion without a value', () => {
      for (const selector of ['tag:', '+', '@', '2+', 'path:+']) {
        expect(selectionError({ select: [selector] })).toBe(
          `Invalid selector '${selector}': it names nothing to select`,
        )
      }
      expect(selectionError({ select: ['stg_events,'] })).toContain("Invalid selector ''")
    })

    it('rejects @ together with a + suffix', () => {
      expect(selectionError({ select: ['@stg_events+'] })).toContain('"@" prefix')
      expect(selectionError({ select: ['@stg_events+1'] })).toContain('"@" prefix')
    })

    it('rejects an unknown resource type', () => {
      expect(selectionError({ select: ['resource_type:snapshot'] })).toContain(
        'resource_type must be one of model, seed, test',
      )
    })

    it('checks exclude arguments too, even when select matches nothing', () => {
      expect(selectionError({ select: ['nothing'], exclude: ['bad:x'] })).toContain("'bad'")
    })
  })
})

describe('unmatchedSelectors', () => {
  it('lists the terms that match no node', () => {
    expect(
      unmatchedSelectors(nodes, {
        select: ['stg_events no_such_model', 'tag:kpi,tag:staging', 'no_such_model'],
      }),
    ).toEqual(['no_such_model', 'tag:kpi,tag:staging'])
  })

  it('lists exclude terms that match nothing, as dbt warns about them too', () => {
    expect(unmatchedSelectors(nodes, { exclude: ['staging', 'tag:nightly'] })).toEqual([
      'tag:nightly',
    ])
  })

  it('lists nothing when every term matches, and nothing for the default selection', () => {
    expect(unmatchedSelectors(nodes, { select: ['+activity_log', 'tag:kpi'] })).toEqual([])
    expect(unmatchedSelectors(nodes, {})).toEqual([])
  })
})
