import { createHash } from 'node:crypto'
import { readFileSync, rmSync } from 'node:fs'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import commonjs from '@rollup/plugin-commonjs'
import { nodeResolve } from '@rollup/plugin-node-resolve'
import terser from '@rollup/plugin-terser'
import typescript from '@rollup/plugin-typescript'

/**
 * The dashboard's own files: collects the stylesheets the modules import into one `app.css`
 * (in the order rollup reads them, hashed by content), writes `index.html` naming the hashed script and
 * stylesheet (the collector serves it for every `/dashboard/*` path), and writes `.gz`/`.br`
 * beside the script and stylesheet, which the collector serves as they are.
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
      this.emitFile({ type: 'asset', fileName: 'index.html', source: html })
      for (const [fileName, source] of [
        [entry.fileName, entry.code],
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
    },
  }
}

export default {
  input: 'src/app/main.tsx',
  output: {
    dir: 'dist',
    format: 'es',
    entryFileNames: 'assets/app-[hash:10].js',
    // One file: the app is small enough that splitting would cost more round trips than bytes.
    inlineDynamicImports: true,
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
