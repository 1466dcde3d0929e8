import { brotliCompressSync, constants } from 'node:zlib'
import { gzipAsync } from '@gfx/zopfli'
import typescript from '@rollup/plugin-typescript'
import UglifyJS from 'uglify-js'

/**
 * Minifies the chunk with UglifyJS. Measured on lh.js (gzip bytes as served, zopfli), it gives
 * the smallest file of terser (at best: passes, unsafe options, toplevel, property mangling),
 * swc, Closure Compiler (advanced renames nothing more once the wire, option and API names are
 * kept) and esbuild; chains (Closure then UglifyJS) and UglifyJS's unsafe options gain too little
 * for a Java or native compiler. The figures: docs/performance.md. It turns `const` into `let`
 * or `var` itself where that is safe (one keyword gzips better than two). Not `toplevel`: that
 * unwraps the IIFE into a block, whose function declarations become globals of the page.
 */
const uglify = {
  name: 'uglify',
  renderChunk(code) {
    // 6 passes and hoisted `var`s (one declaration a function): the smallest gzip on lh.js
    // (figures in docs/performance.md; the other compress options gain nothing).
    const result = UglifyJS.minify(code, {
      compress: { passes: 6, hoist_funs: true, hoist_vars: true },
    })
    if (result.error) throw result.error
    return { code: result.code, map: null }
  },
  // Rollup ends the file with a newline, which costs lh.js bytes of gzip.
  generateBundle(_, bundle) {
    for (const file of Object.values(bundle))
      if (file.type === 'chunk') file.code = file.code.trimEnd()
  },
}

/**
 * Writes `lh.js.gz` and `lh.js.br` beside lh.js: the collector serves these bytes as they are,
 * by the browser's Accept-Encoding, and the size test measures what it serves. Zopfli (its
 * WebAssembly build) writes ordinary gzip, smaller than zlib's level 9 for lh.js; more than 100
 * iterations gain next to nothing (docs/performance.md).
 */
const precompress = {
  name: 'precompress',
  async generateBundle(_, bundle) {
    for (const file of Object.values(bundle)) {
      if (file.type !== 'chunk') continue
      const code = Buffer.from(file.code)
      const gzip = await gzipAsync(code, { numiterations: 100 })
      const brotli = brotliCompressSync(code, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_SIZE_HINT]: code.byteLength,
        },
      })
      this.emitFile({ type: 'asset', fileName: `${file.fileName}.gz`, source: gzip })
      this.emitFile({ type: 'asset', fileName: `${file.fileName}.br`, source: brotli })
    }
  },
}

const typescriptOptions = {
  tsconfig: './tsconfig.json',
  include: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts'],
}

export default [
  // dist/lh.js: the IIFE the collector serves for the script tag; every byte ships to every visitor.
  {
    input: 'src/index.ts',
    output: { file: 'dist/lh.js', format: 'iife', strict: false },
    plugins: [
      typescript({
        ...typescriptOptions,
        compilerOptions: {
          composite: false,
          emitDeclarationOnly: false,
          noEmit: false,
          outDir: 'dist',
          declaration: false,
        },
      }),
      uglify,
      precompress,
    ],
  },
  // dist/lh-forms.js: the opt-in second script (frames, formless lead forms, form.submit(),
  // closed shadow roots), served beside lh.js; only the sites that embed it pay for it.
  {
    input: 'src/lh-forms.ts',
    output: { file: 'dist/lh-forms.js', format: 'iife', strict: false },
    // What it imports from lh.js's modules runs nothing at load (storage's localStorage probe).
    treeshake: { moduleSideEffects: false },
    plugins: [
      typescript({
        ...typescriptOptions,
        compilerOptions: {
          composite: false,
          emitDeclarationOnly: false,
          noEmit: false,
          outDir: 'dist',
          declaration: false,
        },
      }),
      uglify,
      precompress,
    ],
  },
  // dist/index.mjs with types: for bundlers, which minify it themselves.
  {
    input: 'src/esm.ts',
    output: { file: 'dist/index.mjs', format: 'es' },
    plugins: [
      typescript({
        ...typescriptOptions,
        compilerOptions: {
          composite: false,
          emitDeclarationOnly: false,
          noEmit: false,
          outDir: 'dist',
          declaration: true,
          declarationDir: 'dist/types',
        },
      }),
    ],
  },
]
