import terser from '@rollup/plugin-terser'
import typescript from '@rollup/plugin-typescript'

// dist/lh.js: the IIFE that the collector serves for the script tag.
export default {
  input: 'src/index.ts',
  output: { file: 'dist/lh.js', format: 'iife', strict: true },
  plugins: [
    typescript({
      tsconfig: './tsconfig.json',
      include: ['src/**/*.ts'],
      exclude: ['src/**/*.test.ts'],
      compilerOptions: {
        composite: false,
        emitDeclarationOnly: false,
        noEmit: false,
        outDir: 'dist',
        declaration: false,
      },
    }),
    terser({
      ecma: 2020,
      compress: { passes: 3, unsafe_arrows: true },
      mangle: { properties: false },
      format: { comments: false },
    }),
  ],
}
