/**
 * Writes small MaxMind DB files for tests (the format: https://maxmind.github.io/MaxMind-DB/).
 * Real country databases are licensed and large; the reader under test is the real one.
 * IPv6 tree with IPv4 networks at ::a.b.c.d, 24-bit records.
 */
import { isIPv4 } from 'node:net'

type Value = string | number | bigint | Value[] | { [key: string]: Value }

interface TrieNode {
  children: [Child, Child]
}
type Child = TrieNode | { data: Value } | undefined

/** `{ '203.0.113.0/24': { country: { iso_code: 'DE' } }, '2001:db8::/32': … }` as an .mmdb file. */
export function writeCountryMmdb(networks: Record<string, Value>): Buffer {
  const root: TrieNode = { children: [undefined, undefined] }
  for (const [cidr, data] of Object.entries(networks)) {
    const [address = '', prefixText = ''] = cidr.split('/')
    const bits = addressBits(address)
    const prefix = Number(prefixText) + (isIPv4(address) ? 96 : 0)
    let node = root
    for (let depth = 0; depth < prefix - 1; depth++) {
      const bit = bits[depth] as 0 | 1
      let next = node.children[bit]
      if (!next || !('children' in next)) {
        next = { children: [undefined, undefined] }
        node.children[bit] = next
      }
      node = next
    }
    node.children[bits[prefix - 1] as 0 | 1] = { data }
  }

  const nodes: TrieNode[] = []
  const number = new Map<TrieNode, number>()
  const visit = (node: TrieNode) => {
    number.set(node, nodes.push(node) - 1)
    for (const child of node.children) if (child && 'children' in child) visit(child)
  }
  visit(root)

  const dataChunks: Buffer[] = []
  let dataLength = 0
  const dataOffsets = new Map<Value, number>()
  const record = (child: Child): number => {
    if (!child) return nodes.length
    if ('children' in child) return number.get(child) as number
    let offset = dataOffsets.get(child.data)
    if (offset === undefined) {
      offset = dataLength
      const encoded = encode(child.data)
      dataChunks.push(encoded)
      dataLength += encoded.length
      dataOffsets.set(child.data, offset)
    }
    return nodes.length + 16 + offset
  }
  const tree = Buffer.alloc(nodes.length * 6)
  nodes.forEach((node, index) => {
    tree.writeUIntBE(record(node.children[0]), index * 6, 3)
    tree.writeUIntBE(record(node.children[1]), index * 6 + 3, 3)
  })

  const metadata = encode({
    node_count: nodes.length,
    record_size: 24,
    ip_version: 6,
    database_type: 'Leadhouse-Test-Country',
    languages: ['en'],
    binary_format_major_version: 2,
    binary_format_minor_version: 0,
    build_epoch: BigInt(Math.floor(Date.now() / 1000)),
    description: { en: 'Leadhouse test fixture' },
  })
  return Buffer.concat([
    tree,
    Buffer.alloc(16),
    ...dataChunks,
    Buffer.from('abcdef4d61784d696e642e636f6d', 'hex'),
    metadata,
  ])
}

/** The 128 bits of an address, IPv4 as ::a.b.c.d. */
function addressBits(address: string): number[] {
  const bytes = Buffer.alloc(16)
  if (isIPv4(address)) {
    for (const [index, part] of address.split('.').entries())
      bytes.writeUInt8(Number(part), 12 + index)
  } else {
    const [head = '', tail = ''] = address.split('::')
    const headGroups = head.split(':').filter(Boolean)
    const tailGroups = tail.split(':').filter(Boolean)
    const groups = [
      ...headGroups,
      ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'),
      ...tailGroups,
    ]
    for (const [index, group] of groups.entries())
      bytes.writeUInt16BE(Number.parseInt(group, 16), index * 2)
  }
  return [...bytes].flatMap((byte) => [7, 6, 5, 4, 3, 2, 1, 0].map((shift) => (byte >> shift) & 1))
}

/** One value in the data section's encoding: a control byte (type, size), then the payload. */
function encode(value: Value): Buffer {
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8')
    return Buffer.concat([control(2, bytes.length), bytes])
  }
  if (typeof value === 'number' || typeof value === 'bigint') {
    const type = typeof value === 'bigint' ? 9 : value > 0xffff ? 6 : 5
    let hex = value.toString(16)
    if (value === 0 || value === 0n) hex = ''
    if (hex.length % 2) hex = `0${hex}`
    const bytes = Buffer.from(hex, 'hex')
    return Buffer.concat([control(type, bytes.length), bytes])
  }
  if (Array.isArray(value)) return Buffer.concat([control(11, value.length), ...value.map(encode)])
  const entries = Object.entries(value)
  return Buffer.concat([
    control(7, entries.length),
    ...entries.flatMap(([key, item]) => [encode(key), encode(item)]),
  ])
}

function control(type: number, size: number): Buffer {
  if (size >= 29 + 256) throw new Error('the fixture writer handles values under 285 bytes')
  const first = (type <= 7 ? type << 5 : 0) | Math.min(size, 29)
  return Buffer.from([first, ...(type > 7 ? [type - 7] : []), ...(size >= 29 ? [size - 29] : [])])
}
