import { createHash } from 'node:crypto'
import { readFileSync, rmSync } from 'node:fs'
import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import commonjs from '@rollup/plugin-commonjs'
import { nodeResolve } from '@rollup/plugin-node-resolve'
import terser from '@rollup/plugin-terser'
import typescript from '@rollup/plugin-typescript'

/**
 * The dashboard's own files: collects the stylesheets the modules import into one `app.css`
 * (in the order rollup reads them, hashed by content), writes `index.html` naming the hashed
 * entry, the chunks the first page needs (modulepreload) and the stylesheet (the collector serves
 * it for every `/dashboard/*` path), writes `.gz`/`.br` beside every script and the stylesheet,
 * which the collector serves as they are, and `chunks.json`: what each chunk holds.
 */
function dashboardFiles() {
  const styles = new Map()
  return {
    name: 'dashboard-files',
    // Hashed names differ per build: the last build's files would otherwise pile up.
    buildStart() {
      rmSync(new URL('./dist/', import.meta.url), { recursive: true, force: true })
    },
    transform(code, id) {
      if (!id.endsWith('.css')) return null
      styles.set(id, code)
      return { code: 'export {}', map: { mappings: '' } }
    },
    generateBundle(_, bundle) {
      const entry = Object.values(bundle).find((file) => file.type === 'chunk' && file.isEntry)
      if (!entry) throw new Error('dashboard build: no entry chunk')
      // In the order rollup read them: app.css first (main imports it), then the pages'.
      const css = [...styles.values()].join('\n')
      const cssName = `assets/app-${createHash('sha256').update(css).digest('hex').slice(0, 10)}.css`
      this.emitFile({ type: 'asset', fileName: cssName, source: css })
      const html = readFileSync(new URL('./src/app/index.html', import.meta.url), 'utf8')
        .replace('%APP_JS%', entry.fileName.replace(/^assets\//, ''))
        .replace('%APP_CSS%', cssName.replace(/^assets\//, ''))
        .replace('%PRELOADS%', preloadLinks(bundle, entry))
      this.emitFile({ type: 'asset', fileName: 'index.html', source: html })
      const chunks = Object.values(bundle).filter((file) => file.type === 'chunk')
      for (const [fileName, source] of [
        ...chunks.map((chunk) => [chunk.fileName, chunk.code]),
        [cssName, css],
      ]) {
        const data = Buffer.from(source)
        this.emitFile({
          type: 'asset',
          fileName: `${fileName}.gz`,
          source: gzipSync(data, { level: 9 }),
        })
        this.emitFile({
          type: 'asset',
          fileName: `${fileName}.br`,
          source: brotliCompressSync(data, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
              [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
              [constants.BROTLI_PARAM_SIZE_HINT]: data.byteLength,
            },
          }),
        })
      }
      // What each chunk is made of, for the bench and docs/performance.md (not served).
      const parts = chunks.map((chunk) => ({
        file: chunk.fileName,
        name: chunk.name,
        isEntry: chunk.isEntry,
        imports: chunk.imports,
        dynamicImports: chunk.dynamicImports,
        modules: Object.entries(chunk.modules).map(([id, module]) => ({
          id: relative(root, id),
          bytes: module.renderedLength,
        })),
      }))
      this.emitFile({
        type: 'asset',
        fileName: 'chunks.json',
        source: `${JSON.stringify({ entry: entry.fileName, first: firstLoad(bundle, entry), chunks: parts }, null, 1)}\n`,
      })
    },
  }
}

/** The page the app opens on without a path: its chunk is preloaded with the entry's imports. */
const FIRST_PAGE = 'src/pages/overview/index.ts'

/**
 * The chunks the first page needs besides the entry: the entry's static imports, the Overview's
 * chunk and its static imports (the browser would otherwise find them one round trip at a time).
 */
function firstLoad(bundle, entry) {
  const chunks = Object.values(bundle).filter((file) => file.type === 'chunk')
  const first = chunks.find((chunk) => chunk.facadeModuleId?.endsWith(FIRST_PAGE))
  const names = new Set()
  const add = (fileName) => {
    // The entry is the script tag itself.
    if (names.has(fileName) || fileName === entry.fileName) return
    names.add(fileName)
    for (const imported of bundle[fileName]?.imports ?? []) add(imported)
  }
  for (const imported of entry.imports) add(imported)
  if (first) add(first.fileName)
  return [...names]
}

/** `<link rel=modulepreload>` for `firstLoad`'s chunks (a file, so the CSP allows it). */
function preloadLinks(bundle, entry) {
  return firstLoad(bundle, entry)
    .map((fileName) => `<link rel="modulepreload" href="/dashboard/${fileName}" />`)
    .join('\n    ')
}

const root = fileURLToPath(new URL('./', import.meta.url))

/** Plot with its d3 modules and helpers in one chunk, preact in another: shared by the pages. */
function vendorChunk(id) {
  if (!id.includes('node_modules')) return undefined
  if (/[\\/]node_modules[\\/](preact)[\\/]/.test(id)) return 'preact'
  return 'plot'
}

export default {
  input: 'src/app/main.tsx',
  output: {
    dir: 'dist',
    format: 'es',
    entryFileNames: 'assets/app-[hash:10].js',
    // Each page a chunk (routes.ts imports them with import()); the entry is the shell.
    chunkFileNames: 'assets/[name]-[hash:10].js',
    manualChunks: vendorChunk,
  },
  plugins: [
    nodeResolve({ browser: true }),
    // interval-tree-1d (Plot's dodge transform) is CommonJS.
    commonjs(),
    typescript({
      tsconfig: './tsconfig.json',
      include: ['src/**/*.ts', 'src/**/*.tsx'],
      exclude: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'src/app/testing/**', 'src/index.ts'],
      compilerOptions: {
        composite: false,
        emitDeclarationOnly: false,
        noEmit: false,
        declaration: false,
        outDir: 'dist',
      },
    }),
    dashboardFiles(),
    terser({ ecma: 2020, module: true, compress: { passes: 2 } }),
  ],
}
