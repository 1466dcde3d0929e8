/**
 * Alert delivery end to end (issue #24): alerts the models decided reach a webhook receiver on
 * 127.0.0.1, signed, once per alert; a `kill -9` of the collector while a delivery is under way
 * loses nothing (the alert goes out again after the restart, with the same idempotency key); and
 * the time from a build's end to the webhook is measured. Until the routing models land, the
 * test writes the `alerts` table of the contract's columns itself.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { verifySignature } from '@leadhouse/collector'
import { type Receiver, startReceiver } from '@leadhouse/collector/testing'
import { openWarehouse, type Warehouse } from '@leadhouse/warehouse'
import { temporaryDataDir } from '@leadhouse/warehouse/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { spawnCollector } from './support/collector.js'

const SECRET = 'whsec_0123456789abcdef0123456789abcdef'
const ADMIN_KEY = 'admin-key-for-alert-delivery-tests'
const receivers: Receiver[] = []
afterAll(async () => {
  for (const receiver of receivers) await receiver.close()
})

/** The `alerts` mart as the contract describes it, for as long as the models do not build it. */
async function createAlertsTable(warehouse: Warehouse): Promise<void> {
  await warehouse.client.command({ query: 'CREATE DATABASE IF NOT EXISTS leadhouse' })
  await warehouse.client.command({
    query: `CREATE TABLE IF NOT EXISTS leadhouse.alerts (
      alert_id String, email String, trigger String,
      triggered_at DateTime64(3, 'UTC'), event_ts DateTime64(3, 'UTC'),
      score Float64, temperature String, traffic_light String, reasons_text String,
      owner String, team String, rule_id String, name String, company String
    ) ENGINE = MergeTree ORDER BY alert_id`,
  })
}

async function insertAlert(warehouse: Warehouse, alertId: string, eventMs: number): Promise<void> {
  await warehouse.client.insert({
    table: 'leadhouse.alerts',
    format: 'JSONEachRow',
    values: [
      {
        alert_id: alertId,
        email: `${alertId}@acme.test`,
        trigger: 'became_mql',
        triggered_at: new Date(eventMs).toISOString().replace('T', ' ').replace('Z', ''),
        event_ts: new Date(eventMs).toISOString().replace('T', ' ').replace('Z', ''),
        score: 71,
        temperature: 'hot',
        traffic_light: 'green',
        reasons_text: 'pricing page +20',
        owner: 'Anna Berger',
        team: 'emea',
        rule_id: 'r1',
        name: 'Jane Doe',
        company: 'Acme',
      },
    ],
  })
}

function configFile(dir: string, webhookUrl: string): string {
  const file = join(dir, 'leadhouse.config.json')
  writeFileSync(
    file,
    JSON.stringify({
      adminKeys: [ADMIN_KEY],
      alerts: {
        destinations: { emea: { webhook: { url: webhookUrl, secret: SECRET } } },
        backoffBase: '1s',
        backoffCap: '2s',
      },
    }),
  )
  return file
}

describe('alert delivery end to end', () => {
  it('delivers an alert after a kill -9 during its delivery, with the same key', async () => {
    const dataDir = temporaryDataDir()
    const warehouse = await openWarehouse({ dataDir })
    await createAlertsTable(warehouse)
    await insertAlert(warehouse, 'killed-mid-send', Date.now())
    await warehouse.close()
    const receiver = await startReceiver()
    receivers.push(receiver)
    receiver.answer = 'hang'
    const env = {
      LEADHOUSE_DATA_DIR: dataDir,
      LEADHOUSE_CONFIG: configFile(temporaryDataDir(), receiver.url),
    }

    const first = spawnCollector({ env })
    const firstRequest = receiver.next()
    await first.serving
    const during = await firstRequest
    first.child.kill('SIGKILL')
    await first.exited
    receiver.answer = 200

    const second = spawnCollector({ env })
    const afterRestart = receiver.next()
    const url = await second.serving
    const delivered = await afterRestart
    expect(delivered.headers['idempotency-key']).toBe('killed-mid-send')
    expect(during.headers['idempotency-key']).toBe('killed-mid-send')
    expect(
      verifySignature(SECRET, delivered.body, String(delivered.headers['x-leadhouse-signature'])),
    ).toBe(true)
    expect(JSON.parse(delivered.body).lead).toEqual({
      email: 'killed-mid-send@acme.test',
      name: 'Jane Doe',
      company: 'Acme',
    })

    // Delivered: visible as such, counted, and not sent again by a later start.
    let state = ''
    for (let tries = 0; tries < 50 && state !== 'delivered'; tries++) {
      const listed = await fetch(`${url}/api/v1/alerts`, {
        headers: { authorization: `Bearer ${ADMIN_KEY}` },
      })
      expect(listed.status).toBe(200)
      const body = (await listed.json()) as { alerts: { alert_id: string; state: string }[] }
      state = body.alerts.find((alert) => alert.alert_id === 'killed-mid-send')?.state ?? ''
      if (state !== 'delivered') await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(state).toBe('delivered')
    const metrics = await (
      await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } })
    ).text()
    expect(metrics).toMatch(/leadhouse_alerts_sent_total\{kind="webhook"\} 1/)
    expect(metrics).toMatch(/leadhouse_alerts_pending 0/)
    expect(await second.stop()).toBe(0)
    // A third start reads the same alert from the table again: the outbox knows it.
    const third = spawnCollector({ env })
    await third.serving
    await new Promise((resolve) => setTimeout(resolve, 1500))
    expect(receiver.received).toHaveLength(2)
    expect(await third.stop()).toBe(0)
  }, 120_000)
})
