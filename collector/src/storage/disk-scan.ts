// Test support: which files of a data directory hold given strings, looking into ClickHouse's
// compressed column files too (a value in an LZ4 block is not always stored as it is).
import { type Dirent, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { decompress as zstd } from 'fzstd'

/** Where each string was found: file paths (with `(decompressed)` when only there). */
export type Findings = Record<string, string[]>

/**
 * Reads every file under `dir` (symbolic links not followed: the engine's `data/` folder links to
 * `store/`) and looks for each of `needles`, in the raw bytes and, for a file made of ClickHouse
 * compressed blocks, in the decompressed bytes. Case-sensitive: the strings as stored.
 * Throws on a compressed block in a codec it cannot read, rather than missing what is in it.
 */
export function findInFiles(dir: string, needles: string[]): Findings {
  const found: Findings = {}
  const wanted = needles.map((needle) => [needle, Buffer.from(needle)] as const)
  const visit = (path: string) => {
    let entries: Dirent[]
    try {
      entries = readdirSync(path, { withFileTypes: true })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
      throw error
    }
    for (const entry of entries) {
      const child = join(path, entry.name)
      if (entry.isDirectory()) visit(child)
      else if (entry.isFile()) {
        let raw: Buffer
        try {
          raw = readFileSync(child)
        } catch (error) {
          // Deleted by the engine since the folder was listed: not on disk any more.
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue
          throw error
        }
        const plain = decompressedBlocks(raw, child)
        for (const [needle, bytes] of wanted) {
          const where = raw.includes(bytes)
            ? child
            : plain?.includes(bytes)
              ? `${child} (decompressed)`
              : undefined
          if (where) found[needle] = [...(found[needle] ?? []), where]
        }
      }
    }
  }
  visit(dir)
  return found
}

/** The methods of ClickHouse's compressed blocks this reads (the default, marks' and none). */
const NONE = 0x02
const LZ4 = 0x82
const ZSTD = 0x90
/** Checksum (16 bytes), then method (1), compressed size with this header (4), plain size (4). */
const HEADER = 16 + 9

/**
 * The concatenated contents of a file made entirely of ClickHouse compressed blocks (column
 * `.bin` files, compact parts' `data.bin`, compressed marks and primary index); undefined when the
 * file is not one. A block in another codec (Delta, DoubleDelta, Gorilla…: Leadhouse's tables use none) throws: the scan would otherwise miss its contents.
 */
export function decompressedBlocks(file: Buffer, name = 'file'): Buffer | undefined {
  const blocks: Buffer[] = []
  let offset = 0
  while (offset < file.length) {
    if (offset + HEADER > file.length) return undefined
    const method = file[offset + 16] as number
    const compressed = file.readUInt32LE(offset + 17)
    const size = file.readUInt32LE(offset + 21)
    if (compressed < 9 || offset + 16 + compressed > file.length) return undefined
    const payload = file.subarray(offset + HEADER, offset + 16 + compressed)
    if (method === NONE) {
      if (payload.length !== size) return undefined
      blocks.push(payload)
    } else if (method === LZ4) {
      const plain = lz4Block(payload, size)
      if (!plain) return undefined
      blocks.push(plain)
    } else if (method === ZSTD) {
      let plain: Uint8Array
      try {
        plain = zstd(payload)
      } catch {
        return undefined
      }
      if (plain.length !== size) return undefined
      blocks.push(Buffer.from(plain))
    } else if (offset === 0 && ![0x91, 0x93, 0x94, 0x95, 0x96, 0x97].includes(method)) {
      return undefined // not a compressed file: its first byte after 16 is something else
    } else {
      throw new Error(`${name}: a compressed block with method 0x${method.toString(16)}`)
    }
    offset += 16 + compressed
  }
  return Buffer.concat(blocks)
}

/** An LZ4 block of `size` bytes when decoded; undefined if it does not decode to exactly that. */
function lz4Block(source: Buffer, size: number): Buffer | undefined {
  const out = Buffer.alloc(size)
  let s = 0
  let d = 0
  const length = (initial: number): number | undefined => {
    let value = initial
    if (initial === 15) {
      let byte: number
      do {
        if (s >= source.length) return undefined
        byte = source[s++] as number
        value += byte
      } while (byte === 255)
    }
    return value
  }
  while (s < source.length) {
    const token = source[s++] as number
    const literals = length(token >> 4)
    if (literals === undefined || s + literals > source.length || d + literals > size)
      return undefined
    source.copy(out, d, s, s + literals)
    s += literals
    d += literals
    if (s >= source.length) break
    if (s + 2 > source.length) return undefined
    const back = (source[s] as number) | ((source[s + 1] as number) << 8)
    s += 2
    const matched = length(token & 15)
    if (matched === undefined || back === 0 || back > d) return undefined
    const end = d + matched + 4
    if (end > size) return undefined
    for (; d < end; d++) out[d] = out[d - back] as number
  }
  return d === size ? out : undefined
}
