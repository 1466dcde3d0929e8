import { defineConfig } from 'vitest/config'

// One project per package plus the cross-package end-to-end tests. Each test file runs in
// its own forked process: the embedded ClickHouse binds one data directory per process.
export default defineConfig({
  test: {
    pool: 'forks',
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
