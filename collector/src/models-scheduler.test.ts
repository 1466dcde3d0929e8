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
