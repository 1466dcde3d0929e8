/**
 * The manual's links resolve: every relative link in the README, in docs/ and in the packages'
 * READMEs names a file that exists, and every anchor names a heading of its file, as GitHub
 * renders them. Moving a section or a file breaks a link silently otherwise.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = join(import.meta.dirname, '..')

/** The Markdown files a reader follows links between. */
function manualFiles(): string[] {
  const docs = readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => join(ROOT, 'docs', name))
  const packages = readdirSync(ROOT, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => join(ROOT, entry.name, 'README.md'))
    .filter((path) => existsSync(path))
  return [join(ROOT, 'README.md'), ...docs, ...packages]
}

/** The text outside fenced code blocks, where `# ...` is a shell comment and `](` is code. */
function proseLines(markdown: string): string[] {
  const lines: string[] = []
  let fenced = false
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced
    else if (!fenced) lines.push(line)
  }
  return lines
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function slug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-')
}

/** Every anchor a file's headings make, numbered as GitHub numbers repeated ones. */
function anchorsOf(path: string): Set<string> {
  const anchors = new Set<string>()
  const seen = new Map<string, number>()
  for (const line of proseLines(readFileSync(path, 'utf8'))) {
    const heading = /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line)
    if (!heading?.[1]) continue
    const base = slug(heading[1])
    const count = seen.get(base) ?? 0
    seen.set(base, count + 1)
    anchors.add(count === 0 ? base : `${base}-${count}`)
  }
  return anchors
}

/** Relative link targets of a file, inline code left out. */
function linksOf(path: string): string[] {
  const targets: string[] = []
  for (const line of proseLines(readFileSync(path, 'utf8'))) {
    const prose = line.replace(/`[^`]*`/g, '')
    for (const match of prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      const target = match[1] as string
      if (!/^[a-z][a-z0-9+.-]*:/i.test(target)) targets.push(target)
    }
  }
  return targets
}

describe('the manual', () => {
  it('has a README of at most 200 lines, the front door to docs/', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
    expect(readme.trimEnd().split('\n').length).toBeLessThanOrEqual(200)
    for (const doc of ['sdk', 'http-api', 'configuration', 'models', 'operations', 'performance']) {
      expect(readme).toContain(`](docs/${doc}.md)`)
    }
    expect(readme).toContain('](docs/architecture.md)')
  })

  it('makes GitHub anchors of headings', () => {
    expect(slug('Keys, roles and login')).toBe('keys-roles-and-login')
    expect(slug('From `POST /e` to a mart')).toBe('from-post-e-to-a-mart')
    expect(slug('Identification: what counts, and what does not')).toBe(
      'identification-what-counts-and-what-does-not',
    )
  })

  it('links only to files and headings that exist', () => {
    const broken: string[] = []
    for (const file of manualFiles()) {
      for (const target of linksOf(file)) {
        const [pathPart = '', anchor] = target.split('#', 2)
        const resolved = pathPart === '' ? file : resolve(dirname(file), decodeURI(pathPart))
        const where = `${relative(ROOT, file)} → ${target}`
        if (!existsSync(resolved)) {
          broken.push(`${where}: no such file`)
          continue
        }
        if (anchor === undefined || anchor === '') continue
        if (statSync(resolved).isDirectory() || !resolved.endsWith('.md')) {
          broken.push(`${where}: an anchor into something not Markdown`)
        } else if (!anchorsOf(resolved).has(anchor)) {
          broken.push(`${where}: no such heading`)
        }
      }
    }
    expect(broken).toEqual([])
  })
})
