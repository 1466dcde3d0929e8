// Test support: writes a small dbt project to a temporary directory.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

export const DBT_PROJECT_YML = `name: fixture
version: "1.0"
config-version: 2
profile: fixture
models:
  fixture:
    staging:
      +materialized: view
    marts:
      +materialized: table
`

/** Writes `files` (path → content) under a fresh directory and returns it. */
export function writeProject(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'leadhouse-dbt-'))
  for (const [path, content] of Object.entries({ 'dbt_project.yml': DBT_PROJECT_YML, ...files })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), content)
  }
  return dir
}
