#!/usr/bin/env node
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse as parseYaml } from 'yaml'
import { compiledPath } from './artifacts.js'
import { COMMANDS, type Command, type InvokeOptions, invoke } from './commands.js'
import type { CompiledNode, ModelNode } from './compile/index.js'
/**
 * `leadhouse-models <command> [options]` (also `pnpm models …` from the workspace root): dbt's
 * commands and options on ClickHouse, with dbt's progress lines, summary and exit codes
 * (0 success, 1 a node failed, 2 the project or the command line is wrong).
 */
import { CompileError, UsageError } from './errors.js'
import type { NodeResult } from './run.js'

const USAGE = `usage: leadhouse-models <${COMMANDS.join('|')}> [options]

  --project-dir DIR     the dbt project (default: the current directory)
  --profiles-dir DIR    where profiles.yml is (default: DBT_PROFILES_DIR, the project, ~/.dbt)
  --target NAME         the profile's target (default: its "target")
  -s, --select SPEC...  nodes to include: name, +name, name+, tag:x, path:x, resource_type:x
  --exclude SPEC...     nodes to leave out
  --full-refresh        rebuild incremental models from scratch
  --vars YAML           variables, e.g. '{"since": "2026-01-01"}'
  --threads N           nodes run at once (default: the profile's threads, else 1)`

export function parseArguments(argv: string[]): InvokeOptions {
  const [command, ...rest] = argv
  if (!command || command === '--help' || command === '-h') throw new UsageError(USAGE)
  if (!COMMANDS.includes(command as Command))
    throw new UsageError(`unknown command "${command}"\n\n${USAGE}`)
  const options: InvokeOptions = { command: command as Command, projectDir: process.cwd() }
  const lists: Record<'select' | 'exclude', string[]> = { select: [], exclude: [] }
  for (let index = 0; index < rest.length; index++) {
    const argument = rest[index] as string
    const [flag, inline] = argument.startsWith('--') ? argument.split(/=(.*)/s) : [argument]
    const value = () => {
      const next = inline ?? rest[++index]
      if (next === undefined || (inline === undefined && next.startsWith('-')))
        throw new UsageError(`${flag} needs a value`)
      return next
    }
    switch (flag) {
      case '--project-dir':
        options.projectDir = value()
        break
      case '--profiles-dir':
        options.profilesDir = value()
        break
      case '--target':
      case '-t':
        options.target = value()
        break
      case '--select':
      case '-s':
      case '-m':
      case '--models':
      case '--exclude': {
        // dbt takes several space-separated specs after one flag, up to the next flag.
        const list = flag === '--exclude' ? lists.exclude : lists.select
        list.push(value())
        while (index + 1 < rest.length && !(rest[index + 1] as string).startsWith('-'))
          list.push(rest[++index] as string)
        break
      }
      case '--full-refresh':
        options.fullRefresh = true
        break
      case '--vars': {
        const text = value()
        let vars: unknown
        try {
          vars = parseYaml(text)
        } catch (error) {
          throw new UsageError(
            `--vars: not YAML or JSON: ${(error as Error).message.split('\n')[0]}`,
          )
        }
        if (typeof vars !== 'object' || vars === null || Array.isArray(vars))
          throw new UsageError(`--vars: must be a mapping such as '{"key": "value"}', got ${text}`)
        options.vars = vars as Record<string, unknown>
        break
      }
      case '--threads': {
        const text = value()
        const threads = Number(text)
        if (!Number.isInteger(threads) || threads < 1)
          throw new UsageError(`--threads: must be a whole number of at least 1, got ${text}`)
        options.threads = threads
        break
      }
      default:
        throw new UsageError(`unknown option "${argument}"\n\n${USAGE}`)
    }
  }
  if (lists.select.length) options.select = lists.select
  if (lists.exclude.length) options.exclude = lists.exclude
  return options
}

const WIDTH = 80

/** `09:20:01  ` before each line, as dbt prints. */
function stamp(): string {
  return `${new Date().toISOString().slice(11, 19)}  `
}

function dotted(left: string, right: string): string {
  const dots = Math.max(3, WIDTH - left.length - right.length - 2)
  return `${left} ${'.'.repeat(dots)} ${right}`
}

function describe(node: CompiledNode): string {
  if (node.resourceType === 'seed') return `seed file ${node.schema}.${node.alias}`
  if (node.resourceType === 'test') return `test ${node.name}`
  return `sql ${(node as ModelNode).config.materialized} model ${node.schema}.${node.alias}`
}

function doneLine(node: CompiledNode, result: NodeResult, index: number, total: number): string {
  const prefix = `${index} of ${total}`
  const seconds = `${result.seconds.toFixed(2)}s`
  switch (result.status) {
    case 'success':
      return node.resourceType === 'seed'
        ? dotted(
            `${prefix} OK loaded ${describe(node)}`,
            `[INSERT ${result.rows ?? 0} in ${seconds}]`,
          )
        : dotted(
            `${prefix} OK created ${describe(node)}`,
            `[${result.rows === undefined ? 'OK' : `${result.rows} rows`} in ${seconds}]`,
          )
    case 'pass':
      return dotted(`${prefix} PASS ${node.name}`, `[PASS in ${seconds}]`)
    case 'warn':
      return dotted(
        `${prefix} WARN ${result.rows} ${node.name}`,
        `[WARN ${result.rows} in ${seconds}]`,
      )
    case 'fail':
      return dotted(
        `${prefix} FAIL ${result.rows} ${node.name}`,
        `[FAIL ${result.rows} in ${seconds}]`,
      )
    case 'skipped':
      return dotted(`${prefix} SKIP ${describe(node)}`, '[SKIP]')
    default:
      return dotted(`${prefix} ERROR ${describe(node)}`, `[ERROR in ${seconds}]`)
  }
}

export async function main(
  argv: string[],
  print = (line: string) => console.log(line),
): Promise<number> {
  let options: InvokeOptions
  try {
    options = parseArguments(argv)
  } catch (error) {
    print((error as Error).message)
    return 2
  }
  // `ls` prints only its list, for scripts to read.
  const say = (line = '') => {
    if (options.command !== 'ls') print(`${stamp()}${line}`)
  }
  const nodesById = new Map<string, CompiledNode>()
  say(`Running with leadhouse-models (dbt ${options.command})`)
  try {
    const result = await invoke({
      ...options,
      onPlan(plan) {
        for (const node of plan.compiled.nodes) nodesById.set(node.uniqueId, node)
        const count = (type: string) =>
          plan.compiled.nodes.filter((n) => n.resourceType === type).length
        say(
          `Found ${count('model')} models, ${count('seed')} seeds, ${count('test')} data tests, ${plan.project.sources.length} sources, ${plan.project.macros.length} macro files`,
        )
        say()
        if (['seed', 'run', 'test', 'build'].includes(options.command))
          say(`Concurrency: ${plan.threads} threads (target='${plan.targetName}')`)
        if (plan.nodes.length === 0) say('Nothing to do: the selection matches no nodes.')
        say()
      },
      onNodeStart(node, index, total) {
        say(dotted(`${index} of ${total} START ${describe(node)}`, '[RUN]'))
      },
      onNodeDone(result, index, total) {
        const node = nodesById.get(result.uniqueId) as CompiledNode
        say(doneLine(node, result, index, total))
      },
    })
    if (result.listed) {
      for (const line of result.listed) print(line)
      return 0
    }
    if (!result.run) {
      for (const file of result.artifacts) say(`Wrote ${file}`)
      return 0
    }
    const results = result.run.results
    const count = (...statuses: string[]) =>
      results.filter((r) => statuses.includes(r.status)).length
    say()
    say(`Finished running ${results.length} nodes in ${result.run.seconds.toFixed(2)}s.`)
    say()
    const problems = results.filter((r) => ['error', 'fail', 'warn'].includes(r.status))
    const errors = count('error', 'fail')
    const warnings = count('warn')
    say(
      errors
        ? `Completed with ${errors} error${errors === 1 ? '' : 's'} and ${warnings} warning${warnings === 1 ? '' : 's'}:`
        : warnings
          ? `Completed with ${warnings} warning${warnings === 1 ? '' : 's'}:`
          : 'Completed successfully',
    )
    for (const problem of problems) {
      const node = nodesById.get(problem.uniqueId) as CompiledNode
      say()
      say(
        `${problem.status === 'warn' ? 'Warning' : 'Failure'} in ${node.resourceType} ${node.name} (${node.path})`,
      )
      say(`  ${problem.message ?? ''}`)
      const compiled = result.plan.compiled.nodes.find((n) => n.uniqueId === node.uniqueId)
      if (compiled && compiled.resourceType !== 'seed')
        say(`  compiled code at ${compiledPath(result.plan.project, compiled)}`)
    }
    say()
    say(
      `Done. PASS=${count('success', 'pass')} WARN=${warnings} ERROR=${errors} SKIP=${count('skipped')} TOTAL=${results.length}`,
    )
    return result.success ? 0 : 1
  } catch (error) {
    if (error instanceof CompileError) {
      say(`Encountered ${error.problems.length} error${error.problems.length === 1 ? '' : 's'}:`)
      for (const line of error.message.split('\n')) say(`  ${line}`)
      return 2
    }
    say(`Encountered an error:\n  ${error instanceof Error ? error.message : String(error)}`)
    if (process.env.LEADHOUSE_DEBUG) console.error(error)
    return 2
  }
}

// Run directly (`tsx models/src/cli.ts`, as `pnpm models` does), not when imported.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code
  })
}
