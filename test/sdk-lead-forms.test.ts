/**
 * Identification from lead forms as real sites build them, in Chromium (as a visitor's browser:
 * no automation flag, a desktop user agent): same-origin frames, nested shadow roots, embeds
 * rendered late, formless flows, `form.submit()`, submissions the page rejects, honeypot traps,
 * passwords and cards. Each case asserts the events that leave the browser for the collector:
 * one identify per submission that went through, with the address a person finally submitted.
 */
import { createServer, type Server } from 'node:http'
import type { WireEvent } from '@leadhouse/sdk/wire'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { eventually, launchChromium, watchedVisitor } from './support/browser.js'
import { startTestCollector, type TestCollector } from './support/collector.js'
import { listenOnLoopback } from './support/servers.js'

type Identify = WireEvent & { t: 'identify'; e: string; tr?: unknown }

let collector: TestCollector
let site: Server
let siteUrl: string
let browser: Browser
const pages = new Map<string, string>()
/** What the fixture site received from its own pages: `METHOD path body`, in order. */
const received: string[] = []

beforeAll(async () => {
  collector = await startTestCollector({ env: { LEADHOUSE_SITES: 'demo' } })
  site = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0] as string
    let body = ''
    request.on('data', (chunk) => {
      body += chunk
    })
    request.on('end', () => {
      if (request.method === 'POST') received.push(`POST ${path} ${body}`)
      if (path.startsWith('/api/')) {
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')
        return
      }
      const page = pages.get(path)
      response.writeHead(page ? 200 : 404, { 'content-type': 'text/html' })
      response.end(page ?? 'not found')
    })
  })
  siteUrl = `http://127.0.0.1:${await listenOnLoopback(site)}`
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await new Promise((resolve) => site?.close(resolve))
  await collector?.close()
})

beforeEach(() => {
  pages.clear()
  received.length = 0
})

const serve = (path: string, body: string) => pages.set(path, body)

/**
 * A page of the site with lh.js; `head` false leaves the script out (a framed page of the same
 * site); `tail` goes after lh.js's tag.
 */
function html(body: string, head: string | false = '', tail = ''): string {
  const script =
    head === false
      ? ''
      : `<script defer src="${collector.url}/lh.js" data-site="demo" data-local></script>`
  return `<!doctype html><html><head><title>Fixture</title>${head || ''}${script}${tail}</head><body>${body}</body></html>`
}
/** The opt-in second script's tag: frames, formless flows, `form.submit()`, pushState, closed shadow roots. */
const formsTag = () => `<script defer src="${collector.url}/lh-forms.js"></script>`
/** A page with lh.js, then lh-forms.js (`first`: lh-forms.js before lh.js). */
const withForms = (body: string, first?: 'forms first') =>
  first ? html(body, formsTag()) : html(body, '', formsTag())
/** A framed page: no script of its own (the top page's watches it). */
const framed = (body: string) => html(body, false)

/** A visitor's browser context and everything it sends to the collector. */
const visitor = () => watchedVisitor(browser, collector.url)

/** The identify events sent, each once: a retry resends an event with its id. */
const identified = (sent: WireEvent[]) =>
  sent.filter(
    (e, index): e is Identify =>
      e.t === 'identify' && sent.findIndex((other) => other.i === e.i) === index,
  )

/** Waits for the first page view, so the script is running. */
const started = (sent: WireEvent[]) =>
  eventually(async () => (sent.some((e) => e.t === 'pageview') ? true : undefined))

/**
 * Waits out the 3 seconds a held submission waits for a request or navigation, and a little
 * more, then returns the identify events sent.
 */
async function settled(sent: WireEvent[]): Promise<Identify[]> {
  await new Promise((resolve) => setTimeout(resolve, 4000))
  return identified(sent)
}

/** Everything the script stored on the device: localStorage, sessionStorage and cookies. */
const storedOnDevice = (page: Page) =>
  page.evaluate(() => JSON.stringify([{ ...localStorage }, { ...sessionStorage }, document.cookie]))

describe('identification from lead forms in Chromium', () => {
  it('reads only the visible fields: honeypot traps of every kind are never read nor sent', async () => {
    const trap = (style: string, name: string, n: number) =>
      `<input type="email" name="${name}" value="trap${n}@spam.example" ${style}>`
    serve(
      '/contact',
      html(`<form method="post" action="/thanks">
        ${trap('style="display:none"', 'email', 1)}
        ${trap('style="visibility:hidden"', 'e-mail', 2)}
        ${trap('style="position:absolute;left:-9999px"', 'mail', 3)}
        ${trap('style="position:absolute;top:-9999px"', 'email_address', 4)}
        ${trap('style="width:0;height:0;padding:0;border:0"', 'your-email', 5)}
        ${trap('aria-hidden="true"', 'email2', 6)}
        ${trap('tabindex="-1"', 'email3', 7)}
        ${trap('style="opacity:0"', 'email4', 8)}
        <div hidden>${trap('', 'email5', 9)}</div>
        <div style="opacity:0">${trap('', 'email6', 10)}</div>
        <div aria-hidden="true">${trap('', 'email7', 11)}</div>
        <input name="company" value="Trap Company Ltd" style="display:none">
        <input name="first_name" value="Trap Name" tabindex="-1">
        <input type="email" name="email" id="email">
        <input name="company" id="company">
        <button id="send">Send</button>
      </form>`),
    )
    serve('/thanks', html('<p>Thanks</p>'))
    const { context, page, sent, toCollector } = await visitor()
    await page.goto(`${siteUrl}/contact`)
    await started(sent)
    await page.fill('#email', 'person@example.com')
    await page.fill('#company', 'Real Company')
    await Promise.all([page.waitForURL('**/thanks'), page.click('#send')])
    await started(sent)
    const identifies = await settled(sent)
    expect(identifies.map((e) => [e.e, e.tr])).toEqual([['person@example.com', ['Real Company']]])
    const everything = toCollector.join('\n')
    expect(everything).toContain('person@example.com')
    expect(everything).not.toMatch(/trap|spam\.example/i)
    expect(await storedOnDevice(page)).not.toMatch(/trap|spam\.example/i)
    await context.close()
  })

  it('never sends nor stores a password or card value, whatever the fields are named', async () => {
    serve(
      '/signup',
      html(`<form method="post" action="/welcome">
        <input type="email" name="email" id="email">
        <input name="first_name" id="name">
        <input type="password" name="company" id="p1">
        <input name="email_confirm" autocomplete="new-password" id="p2">
        <input name="name" autocomplete="current-password" id="p3">
        <input name="company_name" autocomplete="cc-number" id="c1">
        <input name="job_title" autocomplete="cc-csc" id="c2">
        <input name="organization" autocomplete="cc-exp" id="c3">
        <input name="contact_email" autocomplete="cc-name" id="c4">
        <button id="send">Sign up</button>
      </form>`),
    )
    serve('/welcome', html('<p>Welcome</p>'))
    const { context, page, sent, toCollector: requests } = await visitor()
    await page.goto(`${siteUrl}/signup`)
    await started(sent)
    const secrets = {
      '#p1': 'Secret-Password-One',
      '#p2': 'secret-new-password@example.com',
      '#p3': 'Secret-Current-Password',
      '#c1': '4111111111111111',
      '#c2': '737',
      '#c3': '12/29',
      '#c4': 'cardholder@example.com',
    }
    await page.fill('#email', 'ada@example.com')
    await page.fill('#name', 'Ada')
    for (const [field, value] of Object.entries(secrets)) await page.fill(field, value)
    // The collector cannot be reached: what the script keeps for later stays on the device.
    await context.route(`${collector.url}/e`, (route) => route.abort())
    await Promise.all([page.waitForURL('**/welcome'), page.click('#send')])
    const device = await eventually(async () => {
      // Asked while the page navigates, the answer may be lost: asked again.
      const all = await storedOnDevice(page).catch(() => '')
      return all.includes('ada@example.com') ? all : undefined
    })
    const identifies = await settled(sent)
    expect(identifies.map((e) => [e.e, e.tr])).toEqual([['ada@example.com', [null, null, 'Ada']]])
    const toCollector = requests.join('\n')
    expect(toCollector).toContain('ada@example.com')
    const stored = await storedOnDevice(page)
    for (const value of Object.values(secrets)) {
      // The value as a value: a short one (the CVC 737) can sit inside a random event id or a
      // timestamp, which are no leak; a leaked value stands between quotes, `=` or `&`.
      const leaked = new RegExp(
        `(?<![0-9A-Za-z])${value.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(?![0-9A-Za-z])`,
      )
      expect(toCollector).not.toMatch(leaked)
      expect(device).not.toMatch(leaked)
      expect(stored).not.toMatch(leaked)
    }
    await context.close()
  })

  it('identifies once, with the corrected address, when the page rejected the first submission', async () => {
    serve(
      '/demo',
      html(`<form id="form" novalidate>
        <input type="email" name="email" id="email"><input name="phone" id="phone">
        <input name="company" id="company"><p id="error"></p><button id="send">Book a demo</button>
      </form>
      <script>
        document.getElementById('form').addEventListener('submit', async (event) => {
          event.preventDefault()
          const form = event.target
          if (!/^\\+?[0-9 ]{6,}$/.test(form.phone.value)) {
            document.getElementById('error').textContent = 'Please check the phone number'
            return
          }
          await fetch('/api/demo', { method: 'POST', body: new FormData(form) })
          form.replaceWith('Thanks, we will call you')
        })
      </script>`),
    )
    const { context, page, sent } = await visitor()
    await page.goto(`${siteUrl}/demo`)
    await started(sent)
    await page.fill('#email', 'ada@exmaple.com')
    await page.fill('#phone', 'call me')
    await page.fill('#company', 'Engines')
    await page.click('#send')
    await page.waitForSelector('#error:has-text("phone")')
    // The visitor corrects the typo and the phone number, then submits again at once.
    await page.fill('#email', 'ada@example.com')
    await page.fill('#phone', '+49 30 1234567')
    await page.click('#send')
    await page.waitForSelector('text=Thanks')
    expect(received.filter((r) => r.startsWith('POST /api/demo'))).toHaveLength(1)
    const identifies = await settled(sent)
    expect(identifies.map((e) => [e.e, e.tr])).toEqual([['ada@example.com', ['Engines']]])
    await context.close()
  })

  it('sends nothing for a submission the page rejected and the visitor gave up on', async () => {
    serve(
      '/rejected',
      html(`<form id="form"><input type="email" name="email" id="email">
        <input name="first_name" id="name"><button id="send">Send</button></form>
      <script>
        document.getElementById('form').addEventListener('submit', (event) => event.preventDefault())
      </script>`),
    )
    const { context, page, sent } = await visitor()
    await page.goto(`${siteUrl}/rejected`)
    await started(sent)
    await page.fill('#email', 'typo@exmaple.com')
    await page.fill('#name', 'Ada')
    await page.click('#send')
    expect(await settled(sent)).toEqual([])
    await context.close()
  })

  it("identifies a single-page app's form that moves on to the next route without a request (lh-forms.js)", async () => {
    serve(
      '/trial',
      withForms(`<form id="form"><input type="email" name="email" id="email">
        <input name="company" id="company"><button id="send">Start the trial</button></form>
      <script>
        // The app keeps the answers and sends them with the last step, on another route.
        document.getElementById('form').addEventListener('submit', (event) => {
          event.preventDefault()
          history.pushState({}, '', '/trial/step-2')
        })
      </script>`),
    )
    const { context, page, sent } = await visitor()
    await page.goto(`${siteUrl}/trial`)
    await started(sent)
    await page.fill('#email', 'trial@example.com')
    await page.fill('#company', 'Trial Ltd')
    await page.click('#send')
    const identifies = await settled(sent)
    expect(identifies.map((e) => [e.e, e.tr])).toEqual([['trial@example.com', ['Trial Ltd']]])
    expect(received).toEqual([])
    await context.close()
  })

  it('identifies the last of two quick submissions of one form that navigates, once', async () => {
    serve(
      '/quick',
      html(`<form id="form" method="post" action="/thanks" novalidate>
        <input type="email" name="email" id="email"><input name="first_name" id="name">
        <button id="send">Send</button></form>
      <script>
        // The first submission is rejected by the page; the second goes through (navigates).
        let tries = 0
        document.getElementById('form').addEventListener('submit', (event) => {
          if (tries++ === 0) event.preventDefault()
        })
      </script>`),
    )
    serve('/thanks', html('<p>Thanks</p>'))
    const { context, page, sent } = await visitor()
    await page.goto(`${siteUrl}/quick`)
    await started(sent)
    await page.fill('#email', 'first@example.com')
    await page.fill('#name', 'Ada')
    await page.click('#send')
    await page.fill('#email', 'second@example.com')
    await Promise.all([page.waitForURL('**/thanks'), page.click('#send')])
    const identifies = await settled(sent)
    expect(identifies.map((e) => e.e)).toEqual(['second@example.com'])
    expect(received.filter((r) => r.startsWith('POST /thanks'))).toHaveLength(1)
    await context.close()
  })

  it('identifies from form.submit() (an Enter-key handler), and the page submits once (lh-forms.js)', async () => {
    serve(
      '/legacy',
      withForms(`<form id="form" method="post" action="/thanks">
        <input type="email" name="email" id="email"><input name="company" id="company">
        <input type="hidden" name="submit" value="shadows form.submit">
      </form>
      <script>
        // The field named "submit" hides the method: legacy scripts call the prototype's.
        document.getElementById('company').addEventListener('keydown', (event) => {
          if (event.key === 'Enter') HTMLFormElement.prototype.submit.call(document.getElementById('form'))
        })
      </script>`),
    )
    serve('/thanks', html('<p>Thanks</p>'))
    const { context, page, sent } = await visitor()
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    await page.goto(`${siteUrl}/legacy`)
    await started(sent)
    await page.fill('#email', 'legacy@example.com')
    await page.fill('#company', 'Old Systems')
    await Promise.all([page.waitForURL('**/thanks'), page.press('#company', 'Enter')])
    const identifies = await settled(sent)
    expect(identifies.map((e) => [e.e, e.tr, e.p])).toEqual([
      ['legacy@example.com', ['Old Systems'], '/legacy'],
    ])
    expect(received.filter((r) => r.startsWith('POST /thanks'))).toHaveLength(1)
    expect(errors).toEqual([])
    await context.close()
  })

  it('identifies from requestSubmit() once, as a submit event', async () => {
    serve(
      '/request',
      html(`<form id="form" method="post" action="/thanks">
        <input type="email" name="email" id="email"><input name="first_name" id="name">
      </form><span role="button" id="go" onclick="document.getElementById('form').requestSubmit()">Go</span>`),
    )
    serve('/thanks', html('<p>Thanks</p>'))
    const { context, page, sent } = await visitor()
    await page.goto(`${siteUrl}/request`)
    await started(sent)
    await page.fill('#email', 'request@example.com')
    await page.fill('#name', 'Grace')
    await Promise.all([page.waitForURL('**/thanks'), page.click('#go')])
    const identifies = await settled(sent)
    expect(identifies.map((e) => [e.e, e.tr])).toEqual([
      ['request@example.com', [null, null, 'Grace']],
    ])
    expect(received.filter((r) => r.startsWith('POST /thanks'))).toHaveLength(1)
    await context.close()
  })

  it('identifies from forms in same-origin frames, present at load or added later (lh-forms.js)', async () => {
    // A form builder's embed sends its form itself: with fetch, or XMLHttpRequest (jQuery's way).
    const embed = (send: string) =>
      framed(`<form id="form"><input type="email" name="email" id="email">
        <input name="company" id="company"><button id="send">Send</button></form>
        <script>
          document.getElementById('form').addEventListener('submit', (event) => {
            event.preventDefault()
            const body = new FormData(event.target)
            ${send}
          })
        </script>`)
    serve('/embed/early', embed(`fetch('/api/early', { method: 'POST', body })`))
    serve(
      '/embed/late',
      embed(
        `const request = new XMLHttpRequest(); request.open('POST', '/api/late'); request.send(body)`,
      ),
    )
    serve(
      '/embed/plain',
      framed(`<form method="post" action="/embed/thanks">
      <input type="email" name="email" id="email"><button id="send">Send</button></form>`),
    )
    // A legacy embed submits with form.submit(): the frame's own HTMLFormElement is hooked too.
    serve(
      '/embed/legacy',
      framed(`<form id="form" method="post" action="/embed/thanks">
      <input type="email" name="email" id="email"><input name="company" id="company"></form>
      <a href="#" id="send" onclick="document.getElementById('form').submit(); return false">Send</a>`),
    )
    serve('/embed/thanks', framed('<p>Thanks</p>'))
    serve(
      '/framed',
      withForms(
        `<iframe id="early" src="/embed/early"></iframe><iframe id="plain" src="/embed/plain"></iframe>
        <iframe id="legacy" src="/embed/legacy"></iframe>
        <button id="more" onclick="const f = document.createElement('iframe'); f.id = 'late'; f.src = '/embed/late'; document.body.append(f)">more</button>`,
        // Either order works: lh-forms.js queues its start for lh.js.
        'forms first',
      ),
    )
    const { context, page, sent } = await visitor()
    await page.goto(`${siteUrl}/framed`)
    await started(sent)
    const early = page.frameLocator('#early')
    await early.locator('#email').fill('early@example.com')
    await early.locator('#company').fill('Early Ltd')
    await early.locator('#send').click()
    await page.click('#more')
    const late = page.frameLocator('#late')
    await late.locator('#email').fill('late@example.com')
    await late.locator('#company').fill('Late Ltd')
    await late.locator('#send').click()
    // A framed form that navigates its frame: a newsletter box, submitted.
    const plain = page.frameLocator('#plain')
    await plain.locator('#email').fill('framed@example.com')
    await plain.locator('#send').click()
    await plain.locator('text=Thanks').waitFor()
    const legacy = page.frameLocator('#legacy')
    await legacy.locator('#email').fill('legacy@example.com')
    await legacy.locator('#company').fill('Legacy Ltd')
    await legacy.locator('#send').click()
    await legacy.locator('text=Thanks').waitFor()
    const identifies = await settled(sent)
    expect(identifies.map((e) => [e.e, e.tr])).toEqual([
      ['early@example.com', ['Early Ltd']],
      ['late@example.com', ['Late Ltd']],
      ['framed@example.com', []],
      ['legacy@example.com', ['Legacy Ltd']],
    ])
    expect(received.map((r) => r.split(' ')[1])).toEqual([
      '/api/early',
      '/api/late',
      '/embed/thanks',
      '/embed/thanks',
    ])
    await context.close()
  })

  it('identifies from forms in nested open shadow roots and from embeds rendered late (lh-forms.js)', async () => {
    serve(
      '/components',
      withForms(`<lead-card id="card"></lead-card><div id="slot"></div>
        <script>
          customElements.define('lead-form', class extends HTMLElement {
            connectedCallback() {
              const root = this.attachShadow({ mode: 'open' })
              root.innerHTML = '<form><input type="email" name="email"><input name="full_name"><button>Send</button></form>'
              root.querySelector('form').addEventListener('submit', (event) => {
                event.preventDefault()
                fetch('/api/' + this.id, { method: 'POST', body: new FormData(event.target) })
              })
            }
          })
          customElements.define('lead-card', class extends HTMLElement {
            connectedCallback() {
              this.attachShadow({ mode: 'open' }).innerHTML = '<section><lead-form id="nested"></lead-form></section>'
            }
          })
          // An embed script that renders its form a while after the page loaded.
          setTimeout(() => { document.getElementById('slot').innerHTML = '<lead-form id="late"></lead-form>' }, 1500)
        </script>`),
    )
    const { context, page, sent } = await visitor()
    await page.goto(`${siteUrl}/components`)
    await started(sent)
    await page.locator('#card input[type=email]').fill('nested@example.com')
    await page.locator('#card input[name=full_name]').fill('Nested Person')
    await page.locator('#card button').click()
    await page.locator('#late input[type=email]').fill('late@example.com')
    await page.locator('#late input[name=full_name]').fill('Late Person')
    await page.locator('#late button').click()
    const identifies = await settled(sent)
    expect(identifies.map((e) => [e.e, e.tr])).toEqual([
      ['nested@example.com', [null, null, 'Nested Person']],
      ['late@example.com', [null, null, 'Late Person']],
    ])
    await context.close()
  })

  it('identifies from forms in open shadow roots, nested ones and embeds rendered late, with lh.js alone', async () => {
    serve(
      '/components-core',
      html(`<lead-form id="open"></lead-form><lead-card id="card"></lead-card><div id="slot"></div>
        <script>
          customElements.define('lead-form', class extends HTMLElement {
            connectedCallback() {
              const root = this.attachShadow({ mode: 'open' })
              root.innerHTML = '<form><input type="email" name="email"><input name="full_name"><button>Send</button></form>'
              root.querySelector('form').addEventListener('submit', (event) => {
                event.preventDefault()
                fetch('/api/' + this.id, { method: 'POST', body: new FormData(event.target) })
              })
            }
          })
          customElements.define('lead-card', class extends HTMLElement {
            connectedCallback() {
              this.attachShadow({ mode: 'open' }).innerHTML = '<section><lead-form id="nested"></lead-form></section>'
            }
          })
          // An embed script that renders its form a while after the page loaded.
          setTimeout(() => { document.getElementById('slot').innerHTML = '<lead-form id="late"></lead-form>' }, 1500)
        </script>`),
    )
    const { context, page, sent } = await visitor()
    await page.goto(`${siteUrl}/components-core`)
    await started(sent)
    await page.locator('#open input[type=email]').fill('open@example.com')
    await page.locator('#open input[name=full_name]').fill('Open Person')
    await page.locator('#open button').click()
    await page.locator('#card input[type=email]').fill('nested@example.com')
    await page.locator('#card input[name=full_name]').fill('Nested Person')
    await page.locator('#card button').click()
    await page.locator('#late input[type=email]').fill('late@example.com')
    await page.locator('#late input[name=full_name]').fill('Late Person')
    // Enter in a field submits the form too (through its button's click).
    await page.locator('#late input[name=full_name]').press('Enter')
    const identifies = await settled(sent)
    expect(identifies.map((e) => [e.e, e.tr])).toEqual([
      ['open@example.com', [null, null, 'Open Person']],
      ['nested@example.com', [null, null, 'Nested Person']],
      ['late@example.com', [null, null, 'Late Person']],
    ])
    expect(received.map((r) => r.split(' ')[1])).toEqual(['/api/open', '/api/nested', '/api/late'])
    await context.close()
  })

  it('identifies a formless lead flow once, but not a lone newsletter box (lh-forms.js)', async () => {
    serve(
      '/formless',
      withForms(`<div class="lead"><label>Work email <input id="email" type="email"></label>
        <label>Name <input id="name" name="name"></label><label>Company <input id="company" name="company"></label>
        <div class="actions"><div role="button" id="send"><span>Get the guide</span></div></div></div>
        <footer><div class="newsletter"><input id="news" type="email" placeholder="Email"><button id="join">Join</button></div></footer>
        <script>
          document.getElementById('send').addEventListener('click', async () => {
            const value = (id) => document.getElementById(id).value
            await fetch('/api/lead', { method: 'POST', body: JSON.stringify({ email: value('email'), name: value('name') }) })
            history.pushState({}, '', '/formless/thanks')
          })
          document.getElementById('join').addEventListener('click', () =>
            fetch('/api/newsletter', { method: 'POST', body: document.getElementById('news').value }))
        </script>`),
    )
    const { context, page, sent } = await visitor()
    await page.goto(`${siteUrl}/formless`)
    await started(sent)
    await page.fill('#news', 'newsletter@example.com')
    await page.click('#join')
    await page.fill('#email', 'formless@example.com')
    await page.fill('#name', 'Ada Lovelace')
    await page.fill('#company', 'Engines')
    await page.click('#send span')
    await eventually(async () => (sent.some((e) => e.p === '/formless/thanks') ? true : undefined))
    const identifies = await settled(sent)
    expect(identifies.map((e) => [e.e, e.tr, e.p])).toEqual([
      ['formless@example.com', ['Engines', null, 'Ada Lovelace'], '/formless'],
    ])
    expect(received.map((r) => r.split(' ')[1])).toEqual(['/api/newsletter', '/api/lead'])
    await context.close()
  })

  it('sends nothing when a formless container is left without a request (lh-forms.js)', async () => {
    serve(
      '/dialog',
      withForms(`<div class="dialog"><input id="email" type="email"><input id="name" name="name">
        <button id="cancel" onclick="this.parentElement.remove()">Cancel</button></div>`),
    )
    const { context, page, sent } = await visitor()
    await page.goto(`${siteUrl}/dialog`)
    await started(sent)
    await page.fill('#email', 'undecided@example.com')
    await page.fill('#name', 'Ada')
    await page.click('#cancel')
    expect(await settled(sent)).toEqual([])
    await context.close()
  })

  it("with lh.js alone: the page's own form identifies; frames, formless flows and a single-page step do not", async () => {
    serve(
      '/embed/core',
      framed(`<form id="form"><input type="email" name="email" id="email"><button id="go">Send</button></form>
      <script>
        document.getElementById('form').addEventListener('submit', (event) => {
          event.preventDefault()
          fetch('/api/framed', { method: 'POST', body: document.getElementById('email').value })
        })
      </script>`),
    )
    serve(
      '/core',
      html(`<iframe id="frame" src="/embed/core"></iframe>
        <div class="lead"><input id="lead" type="email"><input id="name" name="name"><button id="send">Send</button></div>
        <form id="spa"><input type="email" id="spa-email"><button id="next">Next</button></form>
        <form id="page"><input type="email" id="page-email"><button id="submit">Submit</button></form>
        <script>
          document.getElementById('send').addEventListener('click', () =>
            fetch('/api/lead', { method: 'POST', body: document.getElementById('lead').value }))
          document.getElementById('spa').addEventListener('submit', (event) => {
            event.preventDefault()
            history.pushState({}, '', '/core/step-2')
          })
          document.getElementById('page').addEventListener('submit', (event) => {
            event.preventDefault()
            fetch('/api/page', { method: 'POST', body: document.getElementById('page-email').value })
          })
        </script>`),
    )
    const { context, page, sent } = await visitor()
    await page.goto(`${siteUrl}/core`)
    await started(sent)
    const frame = page.frameLocator('#frame')
    await frame.locator('#email').fill('framed@example.com')
    await frame.locator('#go').click()
    await page.fill('#lead', 'formless@example.com')
    await page.fill('#name', 'Ada')
    await page.click('#send')
    await page.fill('#spa-email', 'spa@example.com')
    await page.click('#next')
    await eventually(async () => (received.length === 2 ? true : undefined))
    await settled(sent)
    await page.fill('#page-email', 'page@example.com')
    await page.click('#submit')
    const identifies = await settled(sent)
    expect(identifies.map((e) => e.e)).toEqual(['page@example.com'])
    expect(received.map((r) => r.split(' ')[1])).toEqual(['/api/framed', '/api/lead', '/api/page'])
    await context.close()
  })

  it('lh-forms.js does nothing beside lh.js with data-forms="false"', async () => {
    serve(
      '/off',
      `<!doctype html><html><head><title>Fixture</title>
        <script defer src="${collector.url}/lh.js" data-site="demo" data-local data-forms="false"></script>
        ${formsTag()}</head><body>
        <div class="lead"><input id="lead" type="email"><input id="name" name="name"><button id="send">Send</button></div>
        <script>
          document.getElementById('send').addEventListener('click', () =>
            fetch('/api/lead', { method: 'POST', body: document.getElementById('lead').value }))
        </script></body></html>`,
    )
    const { context, page, sent } = await visitor()
    await page.goto(`${siteUrl}/off`)
    await started(sent)
    await page.fill('#lead', 'formless@example.com')
    await page.fill('#name', 'Ada')
    await page.click('#send')
    await eventually(async () => (received.length === 1 ? true : undefined))
    expect(await settled(sent)).toEqual([])
    await context.close()
  })
})
