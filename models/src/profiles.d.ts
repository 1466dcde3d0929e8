import type { WarehouseOptions } from '@leadhouse/warehouse';
/** The target of a dbt profile, turned into what the runner needs to reach ClickHouse. */
export interface ResolvedProfile {
    profileName: string;
    targetName: string;
    /** ClickHouse database models are built in (dbt-clickhouse `schema`, default 'default'). */
    schema: string;
    /** The target's `threads`, default 1. */
    threads: number;
    warehouse: WarehouseOptions;
    /** Where it was read from, for messages. */
    file: string;
}
export interface ProfileOptions {
    projectDir: string;
    /** `--profiles-dir`: the folder holding profiles.yml. */
    profilesDir?: string | undefined;
    /** From dbt_project.yml `profile`. */
    profileName: string;
    /** `--target`. */
    target?: string | undefined;
    /** Default `process.env`. */
    env?: NodeJS.ProcessEnv | undefined;
}
/** profiles.yml is missing or wrong; the message names the file, and the key or line. */
export declare class ProfileError extends Error {
    name: string;
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
export declare function resolveProfile(options: ProfileOptions): ResolvedProfile;
