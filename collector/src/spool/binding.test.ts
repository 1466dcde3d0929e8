import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  adoptLegacySpool,
  bindSpool,
  LEGACY_SPOOL_DIR,
  SPOOL_MARKER,
  SpoolBindingError,
} from './binding.js'
import { newWriterId, segmentName } from './segments.js'

const A = { id: '11111111-1111-4111-8111-111111111111', description: 'embedded ClickHouse in /a' }
const B = { id: '22222222-2222-4222-8222-222222222222', description: 'embedded ClickHouse in /b' }

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'lh-binding-'))
}

function writeSegment(dir: string, sequence = 1): string {
  mkdirSync(dir, { recursive: true })
  const name = segmentName(sequence, newWriterId())
  writeFileSync(join(dir, name), 'events\t{}\n')
  return name
}

describe('bindSpool', () => {
  it('marks a new spool as its warehouse’s, and opens it again for that warehouse', async () => {
    const dir = join(scratch(), 'spool')
    const lines: string[] = []
    await bindSpool(dir, A, (line) => lines.push(line))
    expect(JSON.parse(readFileSync(join(dir, SPOOL_MARKER), 'utf8'))).toEqual({
      warehouseId: A.id,
      warehouse: A.description,
    })
    await bindSpool(dir, A, (line) => lines.push(line))
    expect(lines).toEqual([])
  })

  it('refuses a spool with another warehouse’s unsent events, naming both and what to do', async () => {
    const dir = scratch()
    await bindSpool(dir, A, () => {})
    writeSegment(dir)
    const refusal = bindSpool(dir, B, () => {})
    await expect(refusal).rejects.toThrow(SpoolBindingError)
    await expect(refusal).rejects.toThrow(
      `the spool ${dir} holds 1 segment(s) of unsent events for warehouse ${A.id} (${A.description}), not for this one, ${B.id} (${B.description}): start the collector on that warehouse to deliver them`,
    )
    // Nothing changed: the spool still names its warehouse.
    expect(JSON.parse(readFileSync(join(dir, SPOOL_MARKER), 'utf8')).warehouseId).toBe(A.id)
  })

  it('refuses another warehouse’s empty spool too, saying how to take it over', async () => {
    const dir = scratch()
    await bindSpool(dir, A, () => {})
    await expect(bindSpool(dir, B, () => {})).rejects.toThrow(
      `it holds no unsent events; delete ${join(dir, SPOOL_MARKER)} to use it for this warehouse`,
    )
  })

  it('marks a spool written before markers, keeping its segments, and says so', async () => {
    const dir = scratch()
    const name = writeSegment(dir)
    const lines: string[] = []
    await bindSpool(dir, A, (line) => lines.push(line))
    expect(readdirSync(dir).sort()).toEqual([name, SPOOL_MARKER].sort())
    expect(lines).toEqual([
      `spool: ${dir} holds 1 segment(s) written before spools named their warehouse; they go to this one, ${A.description}`,
    ])
  })

  it('refuses a marker it cannot read', async () => {
    const dir = scratch()
    writeFileSync(join(dir, SPOOL_MARKER), '{"nothing":')
    await expect(bindSpool(dir, A, () => {})).rejects.toThrow(
      `${join(dir, SPOOL_MARKER)} does not name a warehouse`,
    )
  })
})

describe('adoptLegacySpool', () => {
  it('moves unsent events of the old default spool when the data directory is the old default', async () => {
    const cwd = scratch()
    const legacy = join(cwd, LEGACY_SPOOL_DIR)
    const names = [writeSegment(legacy, 1), writeSegment(legacy, 2)]
    const dataDir = join(cwd, '.leadhouse/data')
    const dir = join(dataDir, 'leadhouse/spool')
    const lines: string[] = []
    await adoptLegacySpool({ dir, dataDir, owner: A, log: (line) => lines.push(line), cwd })
    expect(readdirSync(dir).sort()).toEqual(names.sort())
    expect(existsSync(legacy)).toBe(false)
    expect(lines).toEqual([
      `spool: moved 2 segment(s) of unsent events from .leadhouse/spool, the spool's old default place, to ${dir}`,
    ])
  })

  it('leaves them and warns when they may be another data directory’s', async () => {
    const cwd = scratch()
    const legacy = join(cwd, LEGACY_SPOOL_DIR)
    const name = writeSegment(legacy)
    const dataDir = join(cwd, 'elsewhere')
    const dir = join(dataDir, 'leadhouse/spool')
    const lines: string[] = []
    await adoptLegacySpool({ dir, dataDir, owner: A, log: (line) => lines.push(line), cwd })
    expect(readdirSync(legacy)).toEqual([name])
    expect(existsSync(dir)).toBe(false)
    expect(lines).toEqual([
      `warning: .leadhouse/spool (the spool's old default place) holds 1 segment(s) of unsent events that this collector does not read. To deliver them, start once with LEADHOUSE_SPOOL_DIR=${legacy} on the warehouse they were sent to (stopped with SIGTERM, it drains the spool); to discard them, delete .leadhouse/spool`,
    ])
  })

  it('leaves an old spool marked for another warehouse, even beside the old default data directory', async () => {
    const cwd = scratch()
    const legacy = join(cwd, LEGACY_SPOOL_DIR)
    writeSegment(legacy)
    await bindSpool(legacy, B, () => {})
    const dataDir = join(cwd, '.leadhouse/data')
    const lines: string[] = []
    await adoptLegacySpool({
      dir: join(dataDir, 'leadhouse/spool'),
      dataDir,
      owner: A,
      log: (line) => lines.push(line),
      cwd,
    })
    expect(readdirSync(legacy)).toHaveLength(2)
    expect(lines[0]).toContain(`they are for warehouse ${B.id} (${B.description})`)
  })

  it('does nothing without an old spool', async () => {
    const cwd = scratch()
    const lines: string[] = []
    const dataDir = join(cwd, '.leadhouse/data')
    await adoptLegacySpool({
      dir: join(dataDir, 'leadhouse/spool'),
      dataDir,
      owner: A,
      log: (line) => lines.push(line),
      cwd,
    })
    expect(lines).toEqual([])
    // Nor is one made.
    expect(existsSync(join(cwd, LEGACY_SPOOL_DIR))).toBe(false)
  })
})
