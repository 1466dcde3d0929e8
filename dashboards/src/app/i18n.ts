/**
 * The locale (English or German) and translation. The choice is remembered in localStorage and
 * mirrored in `<html lang>` (screen readers pick their voice from it); without a choice the
 * browser's language decides. Each page keeps its strings in its own `messages.ts`, shared ones
 * live in `app/messages.ts`.
 */
import { createStore, useStore } from './store.js'

export type Locale = 'en' | 'de'
export const LOCALES: readonly Locale[] = ['en', 'de']

/** A page's strings: the same keys in both languages (a unit test per page checks it). */
export type Messages<K extends string> = Record<Locale, Record<K, string>>

const STORAGE_KEY = 'leadhouse.locale'

function initialLocale(): Locale {
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY)
    if (stored === 'en' || stored === 'de') return stored
  } catch {
    // Storage blocked (privacy settings): fall back to the browser's language.
  }
  const language = globalThis.navigator?.language ?? 'en'
  return language.toLowerCase().startsWith('de') ? 'de' : 'en'
}

const localeStore = createStore<Locale>(initialLocale())
if (typeof document !== 'undefined') document.documentElement.lang = localeStore.get()

export function getLocale(): Locale {
  return localeStore.get()
}

/** Switches the language everywhere, remembers it, and updates `<html lang>`. */
export function setLocale(locale: Locale): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, locale)
  } catch {
    // Not remembered, still switched.
  }
  if (typeof document !== 'undefined') document.documentElement.lang = locale
  localeStore.set(locale)
}

export function useLocale(): Locale {
  return useStore(localeStore)
}

/** `{name}` placeholders replaced by `vars`; a missing variable stays visible as `{name}`. */
export function translate(template: string, vars?: Record<string, string | number>): string {
  if (!vars) return template
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in vars ? String(vars[name]) : whole,
  )
}

/** t('key', { n: 3 }) replaces {n}; plural forms as separate keys where needed. */
export function useT<K extends string>(
  messages: Messages<K>,
): (key: K, vars?: Record<string, string | number>) => string {
  const locale = useLocale()
  const table = messages[locale]
  return (key, vars) => translate(table[key], vars)
}
