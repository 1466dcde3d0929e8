import { beforeAll, describe, expect, it } from 'vitest'
import { readIdentity, visible } from './forms.js'

// happy-dom lays nothing out: every field but a hidden input is given a box here, as a browser
// would. What CSS hides (display, visibility, opacity, size, position) is tested in Chromium
// (test/sdk-in-browser.test.ts).
beforeAll(() => {
  Element.prototype.getBoundingClientRect = function (this: Element) {
    return this.matches('[type=hidden]') ? new DOMRect() : new DOMRect(10, 10, 200, 30)
  }
})

function form(html: string): HTMLFormElement {
  const element = document.createElement('form')
  element.innerHTML = html
  document.body.replaceChildren(element)
  return element
}

describe('readIdentity', () => {
  it.each([
    ['type=email', '<input type="email" value="a@b.io">'],
    ['name=e-mail', '<input name="e-mail" value="a@b.io">'],
    ['id=EMAIL', '<input id="EMAIL" value="a@b.io">'],
    ['name=mail', '<input name="mail" value="a@b.io">'],
    ['autocomplete=email', '<input name="x" autocomplete="email" value="a@b.io">'],
  ])('finds the email by %s', (_, html) => {
    expect(readIdentity(form(html))[0]).toBe('a@b.io')
  })

  it('ignores an email field whose value is not an address', () => {
    expect(readIdentity(form('<input type="email" value="not an address">'))[0]).toBeUndefined()
  })

  it('keeps company, job title and name beside the email, by position', () => {
    const [email, traits] = readIdentity(
      form(`<input type="email" value=" ada@example.com ">
        <input name="firstname" value="Ada"><input name="company_name" value="Engines Ltd">
        <input autocomplete="organization-title" name="role" value="CMO">`),
    )
    expect(email).toBe('ada@example.com')
    expect(traits).toEqual(['Engines Ltd', 'CMO', 'Ada'])
  })

  it('never reads password, hidden, file or payment-card fields, nor ignored ones', () => {
    const [, traits] = readIdentity(
      form(`<input type="password" name="name" value="secret-password">
        <input type="hidden" name="company" value="hidden-value">
        <input name="cc-name" autocomplete="cc-name" value="Card Holder">
        <input name="card_number" value="4111111111111111">
        <input name="company" data-lh-ignore value="ignored">
        <fieldset data-lh-ignore><input name="job_title" value="ignored too"></fieldset>`),
    )
    expect(traits).toEqual([])
  })

  it('counts and reads only fields a person can reach: not aria-hidden, not out of the tab order', () => {
    const root = form(`<div aria-hidden="true"><input type="email" value="trap@example.com"></div>
        <input name="company" tabindex="-1" value="trap company">
        <input type="email" value="person@example.com"><input name="phone" value="">
        <input type="checkbox"><input type="hidden" name="token" value="x">`)
    expect(readIdentity(root)).toEqual(['person@example.com', []])
    const fields = [...root.querySelectorAll<HTMLInputElement>('input')]
    expect(fields.filter(visible).map((field) => field.name || field.type)).toEqual([
      'email',
      'phone',
      'checkbox',
    ])
  })
})
