// A small B2B product site that embeds the SDK, so a fresh install has traffic to look at.

interface DemoPage {
  title: string
  heading: string
  text: string
  /** HTML after the text: trusted, written here. */
  extra?: string
}

// A white-paper download form, as B2B sites have them: the SDK identifies the visitor from it.
const WHITEPAPER_FORM = `<form method="post" action="/demo/thanks">
      <p><label>Work email <input type="email" name="email" required /></label></p>
      <p><label>Name <input name="name" /></label></p>
      <p><label>Company <input name="company" /></label></p>
      <p><label>Job title <input name="job_title" /></label></p>
      <p><button type="submit">Download the white paper</button></p>
    </form>`

const PAGES: Record<string, DemoPage> = {
  home: {
    title: 'Northwind Cloud · Analytics for B2B teams',
    heading: 'Know which accounts are ready to buy',
    text: 'Northwind Cloud is a demo product site. Every page you open here is recorded by the Leadhouse script tag in its head.',
  },
  features: {
    title: 'Features · Northwind Cloud',
    heading: 'Features',
    text: 'Dashboards, alerts and exports for revenue teams.',
  },
  pricing: {
    title: 'Pricing · Northwind Cloud',
    heading: 'Pricing',
    text: 'Starter, Team and Enterprise plans. A visit here is a strong buying signal.',
  },
  whitepaper: {
    title: 'White paper · Northwind Cloud',
    heading: 'White paper: lead scoring in practice',
    text: 'Download the guide to learn how marketing and sales agree on scoring rules.',
    extra: WHITEPAPER_FORM,
  },
  thanks: {
    title: 'Thank you · Northwind Cloud',
    heading: 'Thank you',
    text: 'The white paper is on its way. The Leadhouse dashboard now knows you as a lead.',
  },
}

/** The demo page named `name`, or undefined when there is none. */
export function demoPage(name: string, siteId: string): string | undefined {
  const page = PAGES[name]
  if (!page) return undefined
  const nav = Object.keys(PAGES)
    .filter((key) => key !== 'thanks')
    .map((key) => `<a href="/demo${key === 'home' ? '' : `/${key}`}">${key}</a>`)
    .join(' · ')
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${page.title}</title>
    <script defer src="/lh.js" data-site="${siteId}" data-local></script>
    <style>body{font:16px/1.5 system-ui,sans-serif;max-width:720px;margin:40px auto;padding:0 16px;color:#1d2330}nav{margin-bottom:32px}</style>
  </head>
  <body>
    <nav>${nav} · <a href="/dashboard">Leadhouse dashboard</a></nav>
    <h1>${page.heading}</h1>
    <p>${page.text}</p>
    ${page.extra ?? ''}
  </body>
</html>`
}
