import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../config.js'

function dirWith(content: object): string {
  const dir = mkdtempSync(join(tmpdir(), 'leadhouse-config-'))
  writeFileSync(join(dir, 'leadhouse.config.json'), JSON.stringify(content))
  return dir
}

describe('the alerts section of the config file', () => {
  it('reads destinations per team, SMTP and the retry policy, with defaults', () => {
    const dir = dirWith({
      alerts: {
        destinations: {
          emea: {
            webhook: { url: 'https://crm.acme.test/hook', secret: 'x'.repeat(32) },
            slack: { url: 'https://hooks.slack.test/services/T/B/x' },
            email: { to: ['sales@acme.test'] },
          },
        },
        smtp: { url: 'smtps://mailer:pw@smtp.acme.test:465', from: 'lh@acme.test' },
        maxAttempts: 5,
        backoffBase: '500ms',
      },
    })
    const { alerts } = loadConfig({}, dir)
    expect(alerts).toMatchObject({
      maxAttempts: 5,
      backoffBaseMs: 500,
      backoffCapMs: 15 * 60_000,
      smtp: { url: 'smtps://mailer:pw@smtp.acme.test:465', from: 'lh@acme.test' },
    })
    expect(alerts.destinations.emea?.email?.to).toEqual(['sales@acme.test'])
    // The SMTP URL with its password may come from the environment instead.
    expect(
      loadConfig({ LEADHOUSE_SMTP_URL: 'smtp://other:pw@127.0.0.1:25' }, dir).alerts.smtp?.url,
    ).toBe('smtp://other:pw@127.0.0.1:25')
    expect(loadConfig({}, mkdtempSync(join(tmpdir(), 'lh-'))).alerts).toMatchObject({
      destinations: {},
      maxAttempts: 20,
    })
  })

  it('names the field of a bad value', () => {
    expect(() =>
      loadConfig(
        {},
        dirWith({
          alerts: { destinations: { emea: { webhook: { url: 'ftp://x', secret: 'short' } } } },
        }),
      ),
    ).toThrow(
      /alerts\.destinations\.emea\.webhook\.url: must be an http\(s\) URL.*secret: must be at least 32/,
    )
    expect(() => loadConfig({}, dirWith({ alerts: { backoffCap: 'soon' } }))).toThrow(
      /alerts\.backoffCap: must be a duration/,
    )
    expect(() => loadConfig({}, dirWith({ alerts: { pagerduty: {} } }))).toThrow(/alerts/)
  })
})
