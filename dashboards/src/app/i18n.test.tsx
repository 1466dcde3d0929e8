import { afterEach, describe, expect, it } from 'vitest'
import { getLocale, setLocale, translate, useT } from './i18n.js'
import { sharedMessages } from './messages.js'
import { messageProblems } from './testing/messages.js'
import { renderInto } from './testing/render.js'

describe('i18n', () => {
  afterEach(() => setLocale('en'))

  it('has every shared key in both languages, none empty, with the same placeholders', () => {
    expect(messageProblems(sharedMessages)).toEqual([])
  })

  it('reports a key missing in one language and differing placeholders', () => {
    const broken = {
      en: { a: 'A {n}', b: 'B' },
      de: { a: 'A {m}' },
    } as unknown as Parameters<typeof messageProblems>[0]
    expect(messageProblems(broken)).toEqual([
      'a: placeholders differ between en and de',
      'b: missing in de',
    ])
  })

  it('replaces placeholders and leaves unknown ones visible', () => {
    expect(translate('{n} of {total}', { n: 3 })).toBe('3 of {total}')
  })

  it('remembers the language and sets <html lang>', () => {
    setLocale('de')
    expect(getLocale()).toBe('de')
    expect(localStorage.getItem('leadhouse.locale')).toBe('de')
    expect(document.documentElement.lang).toBe('de')
  })

  it('re-renders components in the new language', async () => {
    function Title() {
      const t = useT(sharedMessages)
      return <p>{t('nav.overview')}</p>
    }
    const container = await renderInto(<Title />)
    expect(container.textContent).toBe('Overview')
    const { act } = await import('preact/test-utils')
    await act(() => setLocale('de'))
    expect(container.textContent).toBe('Übersicht')
  })
})
