import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'
import { BaseSequencer, type TestSpecification } from 'vitest/node'

// The files that take longest, longest first. A fresh clone has no timings cached, and vitest
// would then run project by project, largest file first: the longest files would start last and
// leave one worker idle at the end. Listed files start first; the rest follow in vitest's order.
const slowestFirst = [
  'collector/src/routes/erase-during-build.test.ts',
  'collector/src/routes/erase.test.ts',
  'models/test/lead-models.test.ts',
  'test/sdk-lead-forms.test.ts',
  'models/test/alerts.test.ts',
  'generate/src/generate.test.ts',
  'models/test/attribution.test.ts',
  'test/backup-restore.test.ts',
  'models/test/routing.test.ts',
  'test/one-data-directory.test.ts',
  'test/dashboard-every-page.test.ts',
]

class SlowestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files)
    const rank = (file: TestSpecification) => {
      const index = slowestFirst.findIndex((slow) => file.moduleId.endsWith(`/${slow}`))
      return index === -1 ? slowestFirst.length : index
    }
    // Array.prototype.sort is stable: unlisted files keep vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b))
  }
}

// One project per package plus the cross-package end-to-end tests. Each test file runs in
// its own forked process: the embedded ClickHouse binds one data directory per process.
export default defineConfig({
  test: {
    pool: 'forks',
    // vitest's default is one worker fewer than the cores: on CI's 2 cores that is one file at a
    // time. Most files wait on model builds, browsers and servers for much of their run, so two
    // at a time on 2 cores keeps both busy.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    sequence: { sequencer: SlowestFirstSequencer },
    projects: [
      {
        test: {
          name: 'sdk',
          include: ['sdk/src/**/*.test.ts'],
          environment: 'happy-dom',
          // A customer's site: the SDK sends nothing from localhost.
          environmentOptions: { happyDOM: { url: 'https://www.acme.test/' } },
        },
      },
      {
        // The dashboard's components, rendered by Preact into happy-dom.
        test: {
          name: 'dashboards',
          include: ['dashboards/src/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
          environmentOptions: { happyDOM: { url: 'http://127.0.0.1/dashboard' } },
        },
        oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
      },
      {
        test: {
          name: 'node',
          include: [
            'collector/src/**/*.test.ts',
            'warehouse/src/**/*.test.ts',
            'models/src/**/*.test.ts',
            'generate/src/**/*.test.ts',
            'bench/**/*.test.ts',
          ],
          testTimeout: 60_000,
        },
      },
      {
        // The models' end-to-end tests: the dbt project built on hand-made raw data.
        test: {
          name: 'models',
          include: ['models/test/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
})
