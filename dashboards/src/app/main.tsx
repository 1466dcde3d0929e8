/**
 * The dashboard's entry: mounts the app into `#app` of the page the collector serves for every
 * `/dashboard/*` path. Loaded as a file (`script-src 'self'`: the CSP allows no inline script).
 */
import { render } from 'preact'
import { App } from './app.js'
import './app.css'

const root = document.getElementById('app')
if (root) render(<App />, root)
