/** Settings read from the script tag (`data-*` attributes). */
export interface Config {
  site: string
  /** Collector origin; events go to `${api}/e`. */
  api: string
}

/** Reads the config from `<script src=".../lh.js" data-site="KEY" data-api="...">`. */
export function configFromScript(script: HTMLScriptElement | null): Config | undefined {
  const site = script?.dataset.site
  if (!script || !site) return undefined
  const api = script.dataset.api || new URL(script.src, location.href).origin
  return { site, api: api.replace(/\/+$/, '') }
}
