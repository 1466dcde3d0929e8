import type { RunResult } from '@leadhouse/models'
import { describe, expect, it } from 'vitest'
import { createModelsScheduler } from './models-scheduler.js'

/** A build that finishes when told to, counting how many started. */
function controlledBuild(results: RunResult['results'] = []) {
  const pending: ((result: RunResult) => void)[] = []
  let started = 0
  const build = () =>
    new Promise<RunResult>((resolve) => {
      started += 1
      pending.push(resolve)
    })
  const finish = () =>
    pending.shift()?.({ results, seconds: started, success: results.length === 0 })
  return { build, finish, started: () => started }
}

describe('createModelsScheduler', () => {
  it('runs one build at a time; requests during a build share the next one', async () => {
    const control = controlledBuild()
    const scheduler = createModelsScheduler(control.build, () => {})
    const first = scheduler.run()
    const second = scheduler.run()
    const third = scheduler.run()
    expect(control.started()).toBe(1)
    expect(second).toBe(third)
    control.finish()
    expect((await first).seconds).toBe(1)
    await new Promise((resolve) => setImmediate(resolve))
    expect(control.started()).toBe(2)
    control.finish()
    expect((await second).seconds).toBe(2)
  })

  it('runs exclusive work between builds, never during one, and holds later builds back', async () => {
    const control = controlledBuild()
    const scheduler = createModelsScheduler(control.build, () => {})
    const order: string[] = []
    const first = scheduler.run().then(() => order.push('build 1'))
    const queued = scheduler.run().then(() => order.push('build 2'))
    let release = () => {}
    const work = scheduler.exclusive(async () => {
      order.push('exclusive started')
      expect(control.started()).toBe(1)
      await new Promise<void>((resolve) => {
        release = resolve
      })
      order.push('exclusive done')
      return 42
    })
    await new Promise((resolve) => setImmediate(resolve))
    expect(order).toEqual([])
    control.finish()
    await first
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(order).toEqual(['build 1', 'exclusive started'])
    const asked = scheduler.run().then(() => order.push('build 3'))
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(control.started()).toBe(1)
    release()
    expect(await work).toBe(42)
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(control.started()).toBe(2)
    control.finish()
    await Promise.all([queued, asked])
    expect(order.slice(0, 3)).toEqual(['build 1', 'exclusive started', 'exclusive done'])
    expect(order.slice(3).sort()).toEqual(['build 2', 'build 3'])
    // The build asked for during the exclusive work shared the one waiting for it.
    expect(control.started()).toBe(2)
  })

  it('builds on the schedule and waits for the build under way when stopped', async () => {
    const control = controlledBuild()
    const lines: string[] = []
    const scheduler = createModelsScheduler(control.build, (line) => lines.push(line))
    scheduler.start(20)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(control.started()).toBe(1)
    let stopped = false
    const stopping = scheduler.stop().then(() => {
      stopped = true
    })
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(stopped).toBe(false)
    expect(control.started()).toBe(1)
    control.finish()
    await stopping
    expect(lines).toEqual(['models built in 1s'])
  })

  it('logs what did not succeed or pass, by status; passing tests are fine', async () => {
    const node = (name: string, status: RunResult['results'][number]['status']) => ({
      uniqueId: `model.leadhouse.${name}`,
      name,
      resourceType: 'model' as const,
      materialized: 'table',
      status,
      seconds: 0,
      relationName: '',
      startedAt: '',
      completedAt: '',
      threadId: 'Thread-1',
    })
    const control = controlledBuild([
      node('leads', 'success'),
      node('unique_leads_email', 'pass'),
      node('lead_scores', 'error'),
      node('score_trajectory', 'skipped'),
      node('cohort_score_profile', 'skipped'),
      node('accepted_values_leads_stage', 'warn'),
    ])
    const lines: string[] = []
    const scheduler = createModelsScheduler(control.build, (line) => lines.push(line))
    scheduler.start(20)
    await new Promise((resolve) => setTimeout(resolve, 40))
    control.finish()
    await scheduler.stop()
    expect(lines).toEqual([
      'models built in 1s; error: lead_scores; skipped: score_trajectory, cohort_score_profile; warn: accepted_values_leads_stage',
    ])
  })

  it('starts no build once stopped, not even one requested during the last', async () => {
    const control = controlledBuild()
    const scheduler = createModelsScheduler(control.build, () => {})
    void scheduler.run()
    const queued = scheduler.run()
    const stopping = scheduler.stop()
    control.finish()
    await stopping
    await expect(queued).rejects.toThrow('model builds are stopped')
    await expect(scheduler.run()).rejects.toThrow('model builds are stopped')
    expect(control.started()).toBe(1)
  })
})

describe('createModelsScheduler with a probe of the raw tables', () => {
  /** A scheduler whose builds finish at once, its probe and clock set by the test. */
  function probed(refreshMs = 60 * 60_000) {
    let version = ''
    let clock = Date.parse('2026-12-07T10:00:00Z')
    let builds = 0
    let probes = 0
    const outcomes: string[] = []
    const scheduler = createModelsScheduler(
      async () => {
        builds += 1
        return { results: [], seconds: 0.5, success: true }
      },
      () => {},
      {
        probe: async () => {
          probes += 1
          return version
        },
        newestModelled: async () => clock - 5000,
        refreshMs,
        now: () => clock,
        onOutcome: (outcome) => outcomes.push(outcome),
      },
    )
    return {
      scheduler,
      outcomes,
      builds: () => builds,
      probes: () => probes,
      insert: (next: string) => {
        version = next
      },
      advance: (ms: number) => {
        clock += ms
      },
      at: (iso: string) => {
        clock = Date.parse(iso)
      },
    }
  }

  it('builds at the first tick, then only when the raw tables changed', async () => {
    const t = probed()
    expect(await t.scheduler.tick()).toBe('success')
    expect(await t.scheduler.tick()).toBe('skipped_unchanged')
    t.advance(60_000)
    expect(await t.scheduler.tick()).toBe('skipped_unchanged')
    t.insert('events:1:7')
    expect(await t.scheduler.tick()).toBe('success')
    expect(await t.scheduler.tick()).toBe('skipped_unchanged')
    expect(t.builds()).toBe(2)
    expect(t.outcomes).toEqual([
      'success',
      'skipped_unchanged',
      'skipped_unchanged',
      'success',
      'skipped_unchanged',
    ])
  })

  it('rebuilds with nothing new once the refresh is due, and on a new UTC day', async () => {
    const t = probed(15 * 60_000)
    t.at('2026-12-07T10:00:00Z')
    expect(await t.scheduler.tick()).toBe('success')
    t.advance(14 * 60_000)
    expect(await t.scheduler.tick()).toBe('skipped_unchanged')
    t.advance(60_000)
    expect(await t.scheduler.tick()).toBe('success')

    const daily = probed()
    daily.at('2026-12-07T23:59:00Z')
    expect(await daily.scheduler.tick()).toBe('success')
    daily.advance(30_000)
    expect(await daily.scheduler.tick()).toBe('skipped_unchanged')
    daily.advance(60_000)
    expect(await daily.scheduler.tick()).toBe('success')
  })

  it('counts a build asked for as what the marts hold: the next tick with nothing new skips', async () => {
    const t = probed()
    t.insert('events:1:3')
    await t.scheduler.run()
    expect(await t.scheduler.tick()).toBe('skipped_unchanged')
    expect(t.scheduler.status()).toMatchObject({
      lastBuild: { seconds: 0.5, success: true },
      modelled: { version: 'events:1:3' },
      newestModelledAt: Date.parse('2026-12-07T09:59:55Z'),
    })
  })

  /**
   * A scheduler whose builds finish when told to, with a probe the test sets: for what happens
   * to ticks that find a build under way.
   */
  function busy() {
    const control = controlledBuild()
    const outcomes: string[] = []
    let version = 'events:1:1'
    let probes = 0
    const scheduler = createModelsScheduler(control.build, () => {}, {
      probe: async () => {
        probes += 1
        return version
      },
      onOutcome: (outcome) => outcomes.push(outcome),
    })
    return {
      ...control,
      scheduler,
      outcomes,
      probes: () => probes,
      insert: (next: string) => {
        version = next
      },
    }
  }

  /** Lets the scheduler's promise chains (and a follow-up tick's probe) run to where they wait. */
  const settle = async () => {
    for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve))
  }

  it('defers a tick that finds a build under way, without asking the probe, and builds nothing after it when nothing is new', async () => {
    const t = busy()
    const building = t.scheduler.run()
    await settle()
    expect(t.probes()).toBe(1)
    expect(await t.scheduler.tick()).toBe('skipped_busy')
    expect(t.probes()).toBe(1)
    t.finish()
    await building
    await settle()
    // The deferred tick asked the probe once the build ended: what it came for was built.
    expect(t.probes()).toBe(2)
    expect(t.started()).toBe(1)
    expect(t.outcomes).toEqual(['skipped_busy', 'success', 'skipped_unchanged'])
  })

  it('builds once right after the build under way for any number of ticks deferred during it, when there is something new', async () => {
    const t = busy()
    const building = t.scheduler.run()
    await settle()
    // A row arriving just after the build started: it is not in that build.
    t.insert('events:1:2')
    expect(await t.scheduler.tick()).toBe('skipped_busy')
    expect(await t.scheduler.tick()).toBe('skipped_busy')
    expect(await t.scheduler.tick()).toBe('skipped_busy')
    expect(t.started()).toBe(1)
    t.finish()
    await building
    await settle()
    expect(t.started()).toBe(2)
    t.finish()
    await settle()
    expect(t.started()).toBe(2)
    expect(t.outcomes).toEqual([
      'skipped_busy',
      'skipped_busy',
      'skipped_busy',
      'success',
      'success',
    ])
    // The follow-up built from the version its tick probed: the next tick has nothing new.
    expect(t.scheduler.status().modelled?.version).toBe('events:1:2')
    expect(await t.scheduler.tick()).toBe('skipped_unchanged')
  })

  it('lets a build asked for during the build under way stand for the deferred ticks', async () => {
    const t = busy()
    void t.scheduler.run()
    await settle()
    t.insert('events:1:2')
    expect(await t.scheduler.tick()).toBe('skipped_busy')
    const asked = t.scheduler.run()
    t.finish()
    await settle()
    expect(t.started()).toBe(2)
    t.finish()
    await asked
    await settle()
    expect(t.started()).toBe(2)
    expect(t.probes()).toBe(2)
  })

  it('starts no deferred build once stopped, and waits for a deferred tick under way', async () => {
    const t = busy()
    void t.scheduler.run()
    await settle()
    t.insert('events:1:2')
    expect(await t.scheduler.tick()).toBe('skipped_busy')
    const stopping = t.scheduler.stop()
    t.finish()
    await stopping
    await settle()
    expect(t.started()).toBe(1)
    expect(t.probes()).toBe(1)

    // Stopped while the deferred tick asks the probe: that tick builds nothing, and stop() waits.
    let answer = (_version: string) => {}
    let probes = 0
    const control = controlledBuild()
    const scheduler = createModelsScheduler(control.build, () => {}, {
      probe: () => {
        probes += 1
        return probes === 1
          ? Promise.resolve('events:1:1')
          : new Promise<string>((resolve) => {
              answer = resolve
            })
      },
    })
    void scheduler.run()
    await settle()
    expect(await scheduler.tick()).toBe('skipped_busy')
    control.finish()
    await settle()
    expect(probes).toBe(2)
    let stopped = false
    const stoppingLater = scheduler.stop().then(() => {
      stopped = true
    })
    await settle()
    expect(stopped).toBe(false)
    answer('events:1:2')
    await stoppingLater
    expect(control.started()).toBe(1)
  })

  it('keeps rebuilding after a build that errored, and after a failed probe', async () => {
    let fail = true
    let version: string | undefined = 'events:1:1'
    const scheduler = createModelsScheduler(
      async () => {
        if (fail) throw new Error('warehouse gone')
        return { results: [], seconds: 1, success: true }
      },
      () => {},
      {
        probe: async () => {
          if (version === undefined) throw new Error('no answer')
          return version
        },
      },
    )
    expect(await scheduler.tick()).toBe('failure')
    expect(scheduler.status().lastBuild).toMatchObject({ success: false, error: 'warehouse gone' })
    expect(await scheduler.tick()).toBe('failure')
    fail = false
    version = undefined
    expect(await scheduler.tick()).toBe('success')
    // What that build saw is unknown: the next tick builds again.
    version = 'events:1:1'
    expect(await scheduler.tick()).toBe('success')
    expect(await scheduler.tick()).toBe('skipped_unchanged')
  })

  it('calls the marts stale when new rows wait longer than the threshold, never an empty install', async () => {
    const t = probed()
    expect(await t.scheduler.stale(600_000)).toBeUndefined()
    t.advance(3_600_000)
    expect(await t.scheduler.stale(600_000)).toBeUndefined()
    t.insert('events:1:1')
    expect(await t.scheduler.stale(600_000)).toBe(
      'the marts are stale: rows have arrived since the collector started, with no successful build since, 3600 s ago (stale after 600 s)',
    )
    expect(await t.scheduler.tick()).toBe('success')
    expect(await t.scheduler.stale(600_000)).toBeUndefined()
    t.insert('events:1:2')
    t.advance(600_000)
    expect(await t.scheduler.stale(600_000)).toBeUndefined()
    t.advance(1000)
    expect(await t.scheduler.stale(600_000)).toBe(
      'the marts are stale: rows have arrived since the last successful build started, 601 s ago (stale after 600 s)',
    )
    expect(await t.scheduler.stale(0)).toBeUndefined()
  })
})
