/**
 * For the pages' tests: what is wrong with a message catalogue, as a list of sentences (empty
 * when all is well): `expect(messageProblems(messages)).toEqual([])`.
 */
import { LOCALES, type Messages } from '../i18n.js'

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

export function messageProblems<K extends string>(messages: Messages<K>): string[] {
  const problems: string[] = []
  const keys = new Set<string>()
  for (const locale of LOCALES) for (const key of Object.keys(messages[locale])) keys.add(key)
  for (const key of keys) {
    const texts = LOCALES.map((locale) => (messages[locale] as Record<string, string>)[key])
    for (const [index, text] of texts.entries()) {
      if (text === undefined) problems.push(`${key}: missing in ${LOCALES[index]}`)
      else if (text.trim() === '') problems.push(`${key}: empty in ${LOCALES[index]}`)
    }
    const [first, ...others] = texts
    if (first === undefined) continue
    for (const [index, other] of others.entries())
      if (other !== undefined && placeholders(other).join() !== placeholders(first).join())
        problems.push(`${key}: placeholders differ between ${LOCALES[0]} and ${LOCALES[index + 1]}`)
  }
  return problems
}
