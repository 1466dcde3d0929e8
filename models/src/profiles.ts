/**
 * dbt's profiles.yml: found where dbt looks for it, one profile's target chosen as dbt chooses
 * it, rendered (profile-values.ts) and turned into warehouse options (profile-target.ts).
 */
import { existsSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import type { WarehouseOptions } from '@leadhouse/warehouse'
import { parse as parseYaml } from 'yaml'
import { ProfileError } from './errors.js'
import { connectionOf, TargetFields } from './profile-target.js'
import { Renderer } from './profile-values.js'
import { isRecord, yamlProblem } from './project.js'

/** The target of a dbt profile, turned into what the runner needs to reach ClickHouse. */
export interface ResolvedProfile {
  profileName: string
  targetName: string
  /** ClickHouse database models are built in (dbt-clickhouse `schema`, default 'default'). */
  schema: string
  /** The target's `threads`, default 1. */
  threads: number
  warehouse: WarehouseOptions
  /** Where it was read from, for messages. */
  file: string
}

export interface ProfileOptions {
  projectDir: string
  /** `--profiles-dir`: the folder holding profiles.yml. */
  profilesDir?: string | undefined
  /** From dbt_project.yml `profile`. */
  profileName: string
  /** `--target`. */
  target?: string | undefined
  /** Default `process.env`. */
  env?: NodeJS.ProcessEnv | undefined
}

/**
 * Reads profiles.yml as dbt-core with dbt-clickhouse does and resolves one target of
 * `profileName`: the file is looked up in dbt's order, the target's values are rendered with
 * Jinja (`env_var`, `| int`, `| as_number`, ...), and the target becomes warehouse options.
 * A target without `host` is the embedded engine. Throws ProfileError.
 *
 * @example
 * const profile = resolveProfile({ projectDir: 'models', profileName: project.profile })
 * const warehouse = await openWarehouse(profile.warehouse)
 */
export function resolveProfile(options: ProfileOptions): ResolvedProfile {
  const env = options.env ?? process.env
  const file = findProfilesFile(options, env)
  const profiles = readProfilesFile(file)
  const { profileName } = options
  const profile = Object.hasOwn(profiles, profileName) ? profiles[profileName] : undefined
  if (!isRecord(profile)) {
    const names = Object.keys(profiles).filter((name) => name !== 'config')
    throw new ProfileError(
      `${file}: no profile named '${profileName}' (the profile of dbt_project.yml); ` +
        `profiles in this file: ${names.length > 0 ? names.join(', ') : 'none'}`,
    )
  }
  const renderer = new Renderer(file, env)
  const chosen = chooseTarget(options, env, profile, renderer)
  const outputs = profile.outputs
  if (!isRecord(outputs) || Object.keys(outputs).length === 0) {
    throw new ProfileError(`${file}: profile '${profileName}' has no "outputs" (its targets)`)
  }
  const rawTarget = Object.hasOwn(outputs, chosen.name) ? outputs[chosen.name] : undefined
  if (!isRecord(rawTarget)) {
    throw new ProfileError(
      `${file}: profile '${profileName}' has no target '${chosen.name}' (${chosen.from}); ` +
        `its targets: ${Object.keys(outputs).join(', ')}`,
    )
  }
  // Only the chosen target is rendered, as dbt does: a server target's required env_var must
  // not stop a run on the embedded target.
  const keyPath = `${profileName}.outputs.${chosen.name}`
  const target = renderer.renderTree(rawTarget, keyPath) as Record<string, unknown>
  const fields = new TargetFields(target, `${file}: ${keyPath}`)
  const { schema, warehouse } = connectionOf(fields, options.projectDir, env)
  return {
    profileName,
    targetName: chosen.name,
    schema,
    threads: fields.integer('threads', { min: 1 }) ?? 1,
    warehouse,
    file,
  }
}

/** `--profiles-dir`, else DBT_PROFILES_DIR, else the project, else ~/.dbt, as dbt looks. */
function findProfilesFile(options: ProfileOptions, env: NodeJS.ProcessEnv): string {
  const explicit =
    options.profilesDir !== undefined
      ? { dir: options.profilesDir, from: '--profiles-dir' }
      : env.DBT_PROFILES_DIR
        ? { dir: env.DBT_PROFILES_DIR, from: 'DBT_PROFILES_DIR' }
        : undefined
  // A folder named on purpose is the only one dbt reads: no quiet fallback to another file.
  if (explicit) {
    const file = join(resolve(explicit.dir), 'profiles.yml')
    if (!existsSync(file)) {
      throw new ProfileError(`profiles.yml not found: looked for ${file} (from ${explicit.from})`)
    }
    return file
  }
  const candidates = [
    join(resolve(options.projectDir), 'profiles.yml'),
    join(homeDir(env), '.dbt', 'profiles.yml'),
  ]
  const found = candidates.find((candidate) => existsSync(candidate))
  if (!found) {
    throw new ProfileError(
      `profiles.yml not found: looked for ${candidates.join(' and ')}; ` +
        'pass --profiles-dir or set DBT_PROFILES_DIR',
    )
  }
  return found
}

/** The home folder as Python's `Path.home()` finds it, so tests can point it elsewhere. */
function homeDir(env: NodeJS.ProcessEnv): string {
  return (process.platform === 'win32' ? env.USERPROFILE : env.HOME) || homedir()
}

function readProfilesFile(file: string): Record<string, unknown> {
  let content: string
  try {
    content = readFileSync(file, 'utf8')
  } catch (error) {
    throw new ProfileError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code})`)
  }
  let parsed: unknown
  try {
    // YAML 1.1 as PyYAML reads it for dbt: `<<` merge keys work and `yes`/`no` are booleans.
    parsed = parseYaml(content, { version: '1.1' })
  } catch (error) {
    const problem = yamlProblem(error, file)
    if (problem) throw new ProfileError(problem)
    throw error
  }
  if (parsed == null) return {}
  if (!isRecord(parsed)) throw new ProfileError(`${file}: must be a mapping of profile names`)
  return parsed
}

/** `--target`, else DBT_TARGET (dbt's variable for it), else the profile's `target`, else 'default'. */
function chooseTarget(
  options: ProfileOptions,
  env: NodeJS.ProcessEnv,
  profile: Record<string, unknown>,
  renderer: Renderer,
): { name: string; from: string } {
  if (options.target !== undefined) return { name: options.target, from: 'from --target' }
  if (env.DBT_TARGET) return { name: env.DBT_TARGET, from: 'from DBT_TARGET' }
  if (profile.target === undefined || profile.target === null) {
    return { name: 'default', from: 'the profile sets no "target"' }
  }
  // dbt renders it too: `target: "{{ env_var('DBT_TARGET', 'dev') }}"` is common.
  const keyPath = `${options.profileName}.target`
  const rendered = renderer.renderTree(profile.target, keyPath)
  if (typeof rendered !== 'string' && typeof rendered !== 'number') {
    throw new ProfileError(`${renderer.file}: ${keyPath}: must be the name of a target`)
  }
  return { name: String(rendered), from: 'the profile\'s "target"' }
}
