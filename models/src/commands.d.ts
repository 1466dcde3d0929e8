import { type Warehouse } from '@leadhouse/warehouse';
import { type CompiledNode, type CompiledProject } from './compile.js';
import { type Project } from './project.js';
import { type RunOptions, type RunResult } from './run.js';
export declare const COMMANDS: readonly ["seed", "run", "test", "build", "compile", "ls", "docs"];
export type Command = (typeof COMMANDS)[number];
export interface InvokeOptions extends Pick<RunOptions, 'onNodeStart' | 'onNodeDone'> {
    command: Command;
    projectDir: string;
    profilesDir?: string | undefined;
    select?: string[] | undefined;
    exclude?: string[] | undefined;
    fullRefresh?: boolean | undefined;
    vars?: Record<string, unknown> | undefined;
    target?: string | undefined;
    threads?: number | undefined;
    /** An open warehouse to build in (its database is the target schema); else profiles.yml's. */
    warehouse?: Warehouse | undefined;
    env?: NodeJS.ProcessEnv | undefined;
    /** Write target/ (compiled SQL, manifest.json, run_results.json, catalog.json). Default true. */
    writeArtifacts?: boolean | undefined;
    /** Told what was found before anything runs. */
    onPlan?: (plan: Plan) => void;
}
export interface Plan {
    project: Project;
    compiled: CompiledProject;
    /** The nodes the command works on, in run order. */
    nodes: CompiledNode[];
    targetName: string;
    threads: number;
}
export interface InvokeResult {
    command: Command;
    success: boolean;
    plan: Plan;
    /** seed, run, test, build. */
    run?: RunResult;
    /** ls: the selected nodes' names as dbt prints them. */
    listed?: string[];
    /** Files written under target/. */
    artifacts: string[];
    /** Seconds spent loading, rendering and planning the project. */
    compileSeconds: number;
}
/** Runs one command. Compile problems throw a CompileError listing all of them. */
export declare function invoke(options: InvokeOptions): Promise<InvokeResult>;
