/**
 * What the synthetic journeys are made of: the site's pages, where visits come from, campaigns,
 * devices, people and companies. Weights are relative shares; every string is ASCII without
 * quotes or backslashes unless it goes through JSON.stringify (names, traits).
 */

export const SITE_ID = 'acme'
export const SITE_ORIGIN = 'https://www.acme.test'
/** Where the collector's email-link routes live (opens and clicks are recorded there). */
export const LINK_ORIGIN = 'https://t.acme.test'

// ---------------------------------------------------------------------------------------------
// Pages

export const BLOG_POSTS = [
  'lead-scoring-basics',
  'mql-vs-sql',
  'bant-explained',
  'b2b-attribution-models',
  'tracking-without-cookies-gdpr',
  'utm-parameters-guide',
  'lead-nurturing-playbook',
  'sales-handover-checklist',
  'hubspot-lifecycle-stages',
  'clickhouse-for-marketing-data',
  'cost-per-lead-benchmarks',
  'score-decay-why-it-matters',
] as const
export const DOCS_PAGES = [
  'getting-started',
  'sdk',
  'identify',
  'crm-import',
  'scoring-rules',
  'dashboards',
  'self-hosting',
  'api',
] as const
/** Gated content: a form (and so an identification) stands before the download. */
export const RESOURCES = [
  { slug: 'lead-scoring-guide', file: '/files/lead-scoring-guide.pdf' },
  { slug: 'b2b-attribution-whitepaper', file: '/files/b2b-attribution-whitepaper.pdf' },
  { slug: 'gdpr-tracking-checklist', file: '/files/gdpr-tracking-checklist.pdf' },
  { slug: 'state-of-b2b-marketing-2026', file: '/files/state-of-b2b-marketing-2026.pdf' },
] as const

const TITLES: Record<string, string> = {
  '/': 'Acme: lead tracking and lead scoring for B2B',
  '/product': 'Product | Acme',
  '/product/scoring': 'Lead scoring | Acme',
  '/product/attribution': 'Attribution | Acme',
  '/pricing': 'Pricing | Acme',
  '/pricing/enterprise': 'Enterprise pricing | Acme',
  '/customers': 'Customers | Acme',
  '/integrations/hubspot': 'HubSpot integration | Acme',
  '/about': 'About us | Acme',
  '/careers': 'Careers | Acme',
  '/contact': 'Contact | Acme',
  '/webinar': 'Webinars | Acme',
  '/webinar/live': 'Live webinar | Acme',
  '/demo': 'Book a demo | Acme',
  '/signup': 'Start your free trial | Acme',
  '/thank-you': 'Thank you | Acme',
  '/lp/lead-scoring': 'Lead scoring that sales trusts | Acme',
  '/newsletter/unsubscribe': 'Unsubscribe | Acme',
}

const titles = new Map<string, string>()

/** The document title of a page, worked out once per page. */
export function pageTitle(path: string): string {
  let title = titles.get(path)
  if (title === undefined) {
    title = titleOf(path)
    titles.set(path, title)
  }
  return title
}

function titleOf(path: string): string {
  const known = TITLES[path]
  if (known) return known
  const slug = path.slice(path.lastIndexOf('/') + 1).replace(/-/g, ' ')
  const section = path.startsWith('/blog/')
    ? 'Blog'
    : path.startsWith('/docs/')
      ? 'Docs'
      : 'Resources'
  return `${slug.charAt(0).toUpperCase()}${slug.slice(1)} | ${section} | Acme`
}

export const isPricingPath = (path: string): boolean => path.startsWith('/pricing')

/** The next page a visitor opens, for each intent (low, medium, high). */
export const NEXT_PAGE_WEIGHTS: Record<Intent, readonly (readonly [string, number])[]> = {
  low: [
    ['/', 8],
    ['/product', 14],
    ['/pricing', 6],
    ['blog', 28],
    ['docs', 10],
    ['resource', 4],
    ['/webinar', 4],
    ['/customers', 4],
    ['/about', 5],
    ['/careers', 6],
    ['/contact', 2],
    ['/integrations/hubspot', 3],
  ],
  medium: [
    ['/', 6],
    ['/product', 16],
    ['/product/scoring', 6],
    ['/product/attribution', 4],
    ['/pricing', 12],
    ['blog', 18],
    ['docs', 10],
    ['resource', 7],
    ['/webinar', 6],
    ['/customers', 5],
    ['/about', 3],
    ['/careers', 2],
    ['/demo', 3],
    ['/integrations/hubspot', 3],
  ],
  high: [
    ['/', 4],
    ['/product', 14],
    ['/product/scoring', 8],
    ['/product/attribution', 6],
    ['/pricing', 20],
    ['/pricing/enterprise', 4],
    ['blog', 8],
    ['docs', 12],
    ['resource', 6],
    ['/webinar', 4],
    ['/customers', 7],
    ['/demo', 8],
    ['/signup', 3],
    ['/integrations/hubspot', 4],
    ['/contact', 2],
  ],
}

// ---------------------------------------------------------------------------------------------
// Visitors

export type Intent = 'low' | 'medium' | 'high'
export const INTENTS: readonly (readonly [Intent, number])[] = [
  ['low', 64],
  ['medium', 26],
  ['high', 10],
]
/** Chance that a visitor of each intent fills a form (and so becomes a lead). */
export const IDENTIFY_CHANCE: Record<Intent, number> = { low: 0.025, medium: 0.15, high: 0.45 }
/** Sessions per visitor: [fixed minimum, chance to come back once more, most]. */
export const SESSIONS: Record<Intent, readonly [number, number, number]> = {
  low: [1, 0.3, 4],
  medium: [2, 0.55, 8],
  high: [3, 0.7, 14],
}
/** Median days between two sessions of one browser. */
export const SESSION_GAP_DAYS: Record<Intent, number> = { low: 6, medium: 3.5, high: 2 }
/** Chance to open one more page, per intent. */
export const NEXT_PAGE_CHANCE: Record<Intent, number> = { low: 0.5, medium: 0.62, high: 0.7 }

export type ConversionKind = 'newsletter' | 'whitepaper' | 'webinar' | 'demo' | 'trial'
export const CONVERSIONS: Record<Intent, readonly (readonly [ConversionKind, number])[]> = {
  low: [
    ['newsletter', 45],
    ['whitepaper', 40],
    ['webinar', 15],
  ],
  medium: [
    ['newsletter', 20],
    ['whitepaper', 40],
    ['webinar', 25],
    ['demo', 8],
    ['trial', 7],
  ],
  high: [
    ['newsletter', 5],
    ['whitepaper', 25],
    ['webinar', 20],
    ['demo', 28],
    ['trial', 22],
  ],
}

export const WEBINARS = [
  { slug: 'lead-scoring-in-30-minutes', title: 'Lead scoring in 30 minutes', at: 0.22 },
  { slug: 'b2b-attribution-without-cookies', title: 'B2B attribution without cookies', at: 0.52 },
  { slug: 'from-mql-to-sql', title: 'From MQL to SQL: the hand-over', at: 0.83 },
] as const

export const OUTBOUND_LINKS = [
  'https://github.com/acme-test/leadhouse',
  'https://www.linkedin.com/company/acme-test',
  'https://status.acme.test/',
  'https://community.acme.test/',
] as const

// ---------------------------------------------------------------------------------------------
// Devices

export interface DeviceKind {
  browser: string
  versions: readonly string[]
  os: string
  device: 'desktop' | 'mobile' | 'tablet'
  screens: readonly string[]
}
export const DEVICES: readonly (readonly [DeviceKind, number])[] = [
  [
    {
      browser: 'Chrome',
      versions: ['128', '129', '130', '131'],
      os: 'Windows',
      device: 'desktop',
      screens: ['1920x1080', '1536x864', '2560x1440', '1366x768'],
    },
    30,
  ],
  [
    {
      browser: 'Edge',
      versions: ['129', '130', '131'],
      os: 'Windows',
      device: 'desktop',
      screens: ['1920x1080', '1536x864', '1280x720'],
    },
    14,
  ],
  [
    {
      browser: 'Chrome',
      versions: ['129', '130', '131'],
      os: 'Mac OS',
      device: 'desktop',
      screens: ['1512x982', '1728x1117', '1440x900', '2560x1440'],
    },
    12,
  ],
  [
    {
      browser: 'Safari',
      versions: ['17', '18'],
      os: 'Mac OS',
      device: 'desktop',
      screens: ['1512x982', '1440x900', '1728x1117'],
    },
    7,
  ],
  [
    {
      browser: 'Firefox',
      versions: ['130', '131', '132'],
      os: 'Windows',
      device: 'desktop',
      screens: ['1920x1080', '1536x864'],
    },
    5,
  ],
  [
    {
      browser: 'Firefox',
      versions: ['131', '132'],
      os: 'Linux',
      device: 'desktop',
      screens: ['1920x1080', '2560x1440'],
    },
    2,
  ],
  [
    {
      browser: 'Mobile Safari',
      versions: ['17', '18'],
      os: 'iOS',
      device: 'mobile',
      screens: ['390x844', '393x852', '430x932', '375x667'],
    },
    15,
  ],
  [
    {
      browser: 'Mobile Chrome',
      versions: ['129', '130', '131'],
      os: 'Android',
      device: 'mobile',
      screens: ['412x915', '360x800', '384x854'],
    },
    12,
  ],
  [
    {
      browser: 'Mobile Safari',
      versions: ['17', '18'],
      os: 'iOS',
      device: 'tablet',
      screens: ['820x1180', '1024x1366'],
    },
    3,
  ],
]

export interface BotKind {
  browser: string
  os: string
  device: string
}
export const BOTS: readonly (readonly [BotKind, number])[] = [
  [{ browser: '', os: '', device: '' }, 5], // Googlebot, bingbot: not a browser to ua-parser
  [{ browser: 'Chrome Headless', os: 'Linux', device: 'desktop' }, 3],
  [{ browser: '', os: 'Linux', device: '' }, 2], // AhrefsBot, SemrushBot
]

// ---------------------------------------------------------------------------------------------
// Countries

export interface Country {
  code: string
  languages: readonly string[]
  timezone: string
  currency: string
  legalForm: string
  region: 'dach' | 'europe' | 'world'
}
export const COUNTRIES: readonly (readonly [Country, number])[] = [
  [
    {
      code: 'DE',
      languages: ['de-DE', 'de-DE', 'de', 'en-US'],
      timezone: 'Europe/Berlin',
      currency: 'EUR',
      legalForm: 'GmbH',
      region: 'dach',
    },
    44,
  ],
  [
    {
      code: 'AT',
      languages: ['de-AT', 'de-DE'],
      timezone: 'Europe/Vienna',
      currency: 'EUR',
      legalForm: 'GmbH',
      region: 'dach',
    },
    8,
  ],
  [
    {
      code: 'CH',
      languages: ['de-CH', 'fr-CH', 'en-US'],
      timezone: 'Europe/Zurich',
      currency: 'CHF',
      legalForm: 'AG',
      region: 'dach',
    },
    7,
  ],
  [
    {
      code: 'NL',
      languages: ['nl-NL', 'en-US'],
      timezone: 'Europe/Amsterdam',
      currency: 'EUR',
      legalForm: 'B.V.',
      region: 'europe',
    },
    6,
  ],
  [
    {
      code: 'BE',
      languages: ['nl-BE', 'fr-BE'],
      timezone: 'Europe/Brussels',
      currency: 'EUR',
      legalForm: 'NV',
      region: 'europe',
    },
    2,
  ],
  [
    {
      code: 'FR',
      languages: ['fr-FR'],
      timezone: 'Europe/Paris',
      currency: 'EUR',
      legalForm: 'SAS',
      region: 'europe',
    },
    5,
  ],
  [
    {
      code: 'GB',
      languages: ['en-GB'],
      timezone: 'Europe/London',
      currency: 'GBP',
      legalForm: 'Ltd',
      region: 'europe',
    },
    6,
  ],
  [
    {
      code: 'DK',
      languages: ['da-DK', 'en-GB'],
      timezone: 'Europe/Copenhagen',
      currency: 'EUR',
      legalForm: 'ApS',
      region: 'europe',
    },
    2,
  ],
  [
    {
      code: 'SE',
      languages: ['sv-SE', 'en-GB'],
      timezone: 'Europe/Stockholm',
      currency: 'EUR',
      legalForm: 'AB',
      region: 'europe',
    },
    3,
  ],
  [
    {
      code: 'PL',
      languages: ['pl-PL', 'en-US'],
      timezone: 'Europe/Warsaw',
      currency: 'EUR',
      legalForm: 'Sp. z o.o.',
      region: 'world',
    },
    4,
  ],
  [
    {
      code: 'ES',
      languages: ['es-ES'],
      timezone: 'Europe/Madrid',
      currency: 'EUR',
      legalForm: 'S.L.',
      region: 'world',
    },
    3,
  ],
  [
    {
      code: 'IT',
      languages: ['it-IT'],
      timezone: 'Europe/Rome',
      currency: 'EUR',
      legalForm: 'S.r.l.',
      region: 'world',
    },
    3,
  ],
  [
    {
      code: 'US',
      languages: ['en-US'],
      timezone: 'America/New_York',
      currency: 'USD',
      legalForm: 'Inc.',
      region: 'world',
    },
    7,
  ],
]

// ---------------------------------------------------------------------------------------------
// People and companies

export const FIRST_NAMES = [
  'Anna',
  'Lena',
  'Lukas',
  'Jonas',
  'Mia',
  'Leon',
  'Felix',
  'Sophie',
  'Paul',
  'Emma',
  'Maximilian',
  'Laura',
  'Julia',
  'Tim',
  'Jan',
  'Sarah',
  'Katharina',
  'Thomas',
  'Stefan',
  'Andreas',
  'Sabine',
  'Claudia',
  'Michael',
  'Christian',
  'Markus',
  'Nina',
  'Eva',
  'Lars',
  'Pieter',
  'Sanne',
  'Camille',
  'Louis',
  'Oliver',
  'Charlotte',
  'Emil',
  'Freja',
  'Matteo',
  'Giulia',
  'Lucia',
  'Piotr',
  'Zofia',
  'Jörg',
  'Özlem',
  'Björn',
] as const
export const LAST_NAMES = [
  'Müller',
  'Schmidt',
  'Schneider',
  'Fischer',
  'Weber',
  'Meyer',
  'Wagner',
  'Becker',
  'Schulz',
  'Hoffmann',
  'Koch',
  'Richter',
  'Klein',
  'Wolf',
  'Schröder',
  'Neumann',
  'Schwarz',
  'Braun',
  'Zimmermann',
  'Hartmann',
  'Krüger',
  'Huber',
  'Gruber',
  'Steiner',
  'Keller',
  'Meier',
  'de Vries',
  'Jansen',
  'Bakker',
  'Dubois',
  'Martin',
  'Smith',
  'Jones',
  'Nielsen',
  'Andersson',
  'Rossi',
  'Bianchi',
  'García',
  'Kowalski',
  'Nowak',
  'Yılmaz',
  'Öztürk',
] as const

export interface Job {
  title: string
  seniority: string
}
export const JOBS: readonly (readonly [Job, number])[] = [
  [{ title: 'CEO', seniority: 'C-Level' }, 3],
  [{ title: 'Geschäftsführer', seniority: 'C-Level' }, 4],
  [{ title: 'Founder', seniority: 'C-Level' }, 2],
  [{ title: 'CMO', seniority: 'C-Level' }, 2],
  [{ title: 'CTO', seniority: 'C-Level' }, 2],
  [{ title: 'CFO', seniority: 'C-Level' }, 1],
  [{ title: 'VP Marketing', seniority: 'VP' }, 2],
  [{ title: 'VP Sales', seniority: 'VP' }, 2],
  [{ title: 'Head of Marketing', seniority: 'Head' }, 6],
  [{ title: 'Head of Sales', seniority: 'Head' }, 4],
  [{ title: 'Head of Growth', seniority: 'Head' }, 2],
  [{ title: 'Director Demand Generation', seniority: 'Director' }, 2],
  [{ title: 'Leiter Vertrieb', seniority: 'Head' }, 3],
  [{ title: 'IT-Leiter', seniority: 'Head' }, 2],
  [{ title: 'Marketing Manager', seniority: 'Manager' }, 10],
  [{ title: 'Online Marketing Manager', seniority: 'Manager' }, 6],
  [{ title: 'Sales Manager', seniority: 'Manager' }, 5],
  [{ title: 'Product Manager', seniority: 'Manager' }, 4],
  [{ title: 'Teamlead Marketing Operations', seniority: 'Manager' }, 3],
  [{ title: 'Referent Marketing', seniority: 'Manager' }, 3],
  [{ title: 'Marketing Specialist', seniority: 'Individual contributor' }, 5],
  [{ title: 'Data Analyst', seniority: 'Individual contributor' }, 4],
  [{ title: 'Software Engineer', seniority: 'Individual contributor' }, 5],
  [{ title: 'Content Marketing', seniority: 'Individual contributor' }, 3],
  [{ title: 'Werkstudent Marketing', seniority: 'Student' }, 3],
  [{ title: 'Praktikant Vertrieb', seniority: 'Student' }, 2],
  [{ title: 'Student', seniority: 'Student' }, 2],
  [{ title: 'Trainee Marketing', seniority: 'Student' }, 1],
]

export const INDUSTRIES: readonly (readonly [string, number])[] = [
  ['Software', 18],
  ['SaaS', 6],
  ['Information Technology', 10],
  ['Manufacturing', 12],
  ['Maschinenbau', 6],
  ['Financial Services', 8],
  ['Retail', 8],
  ['Healthcare', 7],
  ['Logistics', 6],
  ['Consulting', 8],
  ['Education', 4],
  ['Government', 3],
  ['Non-Profit', 3],
]
/** The second word of company names, by industry. */
export const COMPANY_CORES: Record<string, readonly string[]> = {
  Software: ['Software', 'Soft', 'Apps', 'Code'],
  SaaS: ['Cloud', 'Stack', 'Suite'],
  'Information Technology': ['IT', 'Systems', 'Data', 'Netz'],
  Manufacturing: ['Werke', 'Industries', 'Components', 'Metall'],
  Maschinenbau: ['Maschinenbau', 'Anlagenbau', 'Antriebe'],
  'Financial Services': ['Finanz', 'Capital', 'Invest', 'Versicherung'],
  Retail: ['Handel', 'Retail', 'Store'],
  Healthcare: ['Medical', 'Medizintechnik', 'Health', 'Pharma'],
  Logistics: ['Logistik', 'Freight', 'Spedition'],
  Consulting: ['Consulting', 'Partners', 'Beratung'],
  Education: ['Akademie', 'Learning', 'Schule'],
  Government: ['Stadtwerke', 'Verwaltung', 'Amt'],
  'Non-Profit': ['Stiftung', 'Foundation', 'Verein'],
}
export const COMPANY_PREFIXES = [
  'Nordwind',
  'Alpen',
  'Rhein',
  'Hanse',
  'Blau',
  'Kraft',
  'Stern',
  'Delta',
  'Vektor',
  'Lumen',
  'Eichen',
  'Falken',
  'Silber',
  'Berg',
  'Polaris',
  'Quanta',
  'Helix',
  'Nova',
  'Atlas',
  'Orbit',
  'Brücken',
  'Weser',
  'Elb',
  'Isar',
  'Main',
  'Linden',
  'Taunus',
  'Boreal',
  'Pixel',
  'Granit',
] as const
/** Employees: buckets of [min, max] with weights. */
export const COMPANY_SIZES: readonly (readonly [readonly [number, number], number])[] = [
  [[2, 9], 10],
  [[10, 49], 24],
  [[50, 249], 30],
  [[250, 999], 20],
  [[1000, 4999], 11],
  [[5000, 60000], 5],
]

/** Private addresses: the scoring's free_mail rule knows these domains. */
export const FREE_MAIL = [
  'gmail.com',
  'gmx.de',
  'web.de',
  'outlook.com',
  'yahoo.de',
  't-online.de',
  'icloud.com',
] as const
/** Unaffiliated addresses: freelancers, universities. */
export const GENERIC_MAIL = ['example.com', 'example.org', 'example.net'] as const
/** The scoring's competitor rule knows these domains. */
export const COMPETITOR_MAIL = ['competitor.example', 'rival.example'] as const

export const BUDGETS = [
  'approved for 2027',
  'EUR 20-50k per year',
  'budget allocated in Q1',
  'pending CFO approval',
] as const
export const AUTHORITIES = [
  'decision maker',
  'signs off with the CFO',
  'champion, reports to the CMO',
] as const
export const NEEDS = [
  'replace spreadsheets for lead scoring',
  'GDPR-compliant tracking without cookies',
  'attribution across channels for the board',
  'faster hand-over from marketing to sales',
] as const
export const TIMELINES = ['within 3 months', 'Q1 2027', 'next fiscal year', 'this quarter'] as const
export const REJECTION_REASONS = [
  'no budget this year',
  'not the decision maker',
  'company too small',
  'not reachable after three calls',
  'already using a competitor',
] as const
export const LOSS_REASONS = [
  'chose a competitor',
  'price',
  'project postponed',
  'no decision',
] as const
export const TRADE_FAIRS = ['DMEXCO', 'it-sa', 'OMR Festival', 'Hannover Messe'] as const

/** Sales reps, routed by region. */
export const OWNERS: Record<Country['region'], readonly string[]> = {
  dach: ['Anna Weber', 'Jonas Keller', 'Lea Hoffmann'],
  europe: ['Mira Novak', 'Tom Berger'],
  world: ['Sofia Rossi', 'Tom Berger'],
}

// ---------------------------------------------------------------------------------------------
// Where visits come from

export type Channel =
  | 'direct'
  | 'organic_search'
  | 'paid_search'
  | 'organic_social'
  | 'paid_social'
  | 'email'
  | 'referral'
  | 'display'
  | 'affiliate'
  | 'other'

/** The channel of a visitor's first session. */
export const ACQUISITION: readonly (readonly [Channel, number])[] = [
  ['direct', 20],
  ['organic_search', 30],
  ['paid_search', 14],
  ['organic_social', 8],
  ['paid_social', 8],
  ['email', 3],
  ['referral', 9],
  ['display', 4],
  ['affiliate', 4],
  // Tagged links no rule of the grouping knows: QR codes, a podcast, review-site ads.
  ['other', 2],
]
/** The channel of a later session. */
export const RETURNING: readonly (readonly [Channel, number])[] = [
  ['direct', 40],
  ['organic_search', 24],
  ['paid_search', 10],
  ['organic_social', 5],
  ['paid_social', 6],
  ['email', 2],
  ['referral', 6],
  ['display', 5],
  ['affiliate', 2],
  ['other', 1],
]

export const SEARCH_REFERRERS: readonly (readonly [string, number])[] = [
  ['https://www.google.de/', 50],
  ['https://www.google.com/', 18],
  ['https://www.google.at/', 4],
  ['https://www.google.ch/', 4],
  ['https://www.bing.com/', 8],
  ['https://duckduckgo.com/', 5],
  ['https://www.ecosia.org/', 4],
  ['https://chatgpt.com/', 4],
  ['https://www.perplexity.ai/', 2],
  ['https://www.qwant.com/', 1],
]
export const SOCIAL_REFERRERS: readonly (readonly [string, number])[] = [
  ['https://www.linkedin.com/', 38],
  ['https://lnkd.in/', 8],
  ['https://www.xing.com/', 12],
  ['https://www.facebook.com/', 8],
  ['https://l.facebook.com/', 4],
  ['https://t.co/', 6],
  ['https://www.reddit.com/', 6],
  ['https://news.ycombinator.com/', 4],
  ['https://www.youtube.com/', 6],
  ['https://bsky.app/', 3],
  ['https://mastodon.social/', 2],
]
export const REFERRAL_SITES: readonly (readonly [string, number])[] = [
  ['https://t3n.de/news/lead-scoring-tools-vergleich/', 14],
  ['https://www.capterra.com.de/software/lead-management/', 12],
  ['https://www.g2.com/categories/lead-scoring', 10],
  ['https://omr.com/de/reviews/category/lead-management', 10],
  ['https://github.com/acme-test/leadhouse', 12],
  ['https://stackoverflow.com/questions/tagged/clickhouse', 6],
  ['https://partner.example/blog/crm-tracking', 14],
  ['https://www.heise.de/ratgeber/tracking-dsgvo/', 8],
  ['https://medium.com/@growth-test/b2b-attribution', 6],
  ['https://agentur.example/cases/acme', 8],
]

export const LANDING_PAGES: Record<Channel, readonly (readonly [string, number])[]> = {
  direct: [
    ['/', 60],
    ['/pricing', 8],
    ['docs', 14],
    ['/product', 12],
    ['/careers', 6],
  ],
  organic_search: [
    ['blog', 52],
    ['/', 20],
    ['docs', 14],
    ['/product', 8],
    ['/pricing', 4],
    ['/careers', 2],
  ],
  paid_search: [
    ['/product', 28],
    ['/pricing', 24],
    ['/demo', 14],
    ['/lp/lead-scoring', 34],
  ],
  organic_social: [
    ['blog', 65],
    ['/webinar', 15],
    ['/', 12],
    ['/careers', 8],
  ],
  paid_social: [
    ['/lp/lead-scoring', 30],
    ['resource', 42],
    ['/webinar', 28],
  ],
  email: [
    ['blog', 50],
    ['/webinar', 25],
    ['resource', 15],
    ['/product', 10],
  ],
  referral: [
    ['/', 40],
    ['/product', 28],
    ['blog', 14],
    ['/integrations/hubspot', 12],
    ['docs', 6],
  ],
  display: [
    ['/product', 50],
    ['/lp/lead-scoring', 50],
  ],
  affiliate: [
    ['/pricing', 40],
    ['/product', 40],
    ['/', 20],
  ],
  other: [
    ['/lp/lead-scoring', 30],
    ['/product', 25],
    ['/pricing', 20],
    ['/demo', 10],
    ['/', 15],
  ],
}

/** A paid campaign: its UTM parameters, click id, what a click and an impression cost. */
export interface Campaign {
  channel: Channel
  source: string
  medium: string
  campaign: string
  /** The ad platform's click id, and how often the landing URL carries it. */
  clickId?: { type: 'gclid' | 'msclkid' | 'fbclid' | 'li_fat_id'; share: number }
  /** Share of landings with the click id only, no UTM parameters (auto-tagging). */
  autoTaggedOnly?: number
  terms?: readonly string[]
  /** The page the ad sits on, sent as the referrer (paid search and social have their own). */
  referrer?: string
  /** Cost per click in the ad account's currency, and clicks per impression. */
  cpc: readonly [number, number]
  ctr: readonly [number, number]
  /**
   * The ad account's currency, in which the platform reports spend (ISO 4217); EUR when unset.
   * A team advertising from several countries has an account billed in each one's currency.
   */
  currency?: string
  weight: number
  /** Part of the window the campaign runs in, as fractions. */
  active: readonly [number, number]
}

export const PAID_CAMPAIGNS: readonly Campaign[] = [
  {
    channel: 'paid_search',
    source: 'google',
    medium: 'cpc',
    campaign: 'brand_search_de',
    clickId: { type: 'gclid', share: 1 },
    autoTaggedOnly: 0.2,
    terms: ['acme', 'acme lead scoring', 'acme pricing'],
    cpc: [0.8, 1.8],
    ctr: [0.08, 0.16],
    weight: 3,
    active: [0, 1],
  },
  {
    channel: 'paid_search',
    source: 'google',
    medium: 'cpc',
    campaign: 'generic_lead_scoring',
    clickId: { type: 'gclid', share: 1 },
    autoTaggedOnly: 0.15,
    terms: ['lead scoring software', 'b2b lead management', 'lead tracking dsgvo', 'mql scoring'],
    cpc: [4, 9],
    ctr: [0.025, 0.05],
    weight: 5,
    active: [0, 1],
  },
  {
    channel: 'paid_search',
    source: 'google',
    medium: 'cpc',
    campaign: 'competitor_terms',
    clickId: { type: 'gclid', share: 1 },
    terms: ['hubspot alternative', 'matomo alternative b2b', 'salesforce pardot alternative'],
    cpc: [5, 12],
    ctr: [0.015, 0.04],
    weight: 2,
    active: [0.1, 1],
  },
  {
    channel: 'paid_search',
    source: 'bing',
    medium: 'cpc',
    campaign: 'generic_lead_scoring_bing',
    clickId: { type: 'msclkid', share: 1 },
    terms: ['lead scoring software', 'b2b lead management'],
    cpc: [2.5, 6],
    ctr: [0.02, 0.045],
    // Run from the US subsidiary's Microsoft Advertising account.
    currency: 'USD',
    weight: 1,
    active: [0, 1],
  },
  {
    channel: 'paid_social',
    source: 'linkedin',
    medium: 'paid_social',
    campaign: 'abm_dach',
    clickId: { type: 'li_fat_id', share: 0.5 },
    cpc: [7, 14],
    ctr: [0.004, 0.009],
    weight: 3,
    active: [0, 1],
  },
  {
    channel: 'paid_social',
    source: 'linkedin',
    medium: 'paid_social',
    campaign: 'webinar_promo',
    clickId: { type: 'li_fat_id', share: 0.5 },
    cpc: [6, 11],
    ctr: [0.005, 0.01],
    weight: 2,
    active: [0.3, 0.85],
  },
  {
    channel: 'paid_social',
    source: 'facebook',
    medium: 'paid_social',
    campaign: 'retargeting_whitepaper',
    clickId: { type: 'fbclid', share: 0.9 },
    cpc: [1, 3],
    ctr: [0.008, 0.015],
    // The UK agency's Meta ad account.
    currency: 'GBP',
    weight: 1.5,
    active: [0, 1],
  },
  {
    channel: 'paid_social',
    source: 'xing',
    medium: 'paid_social',
    campaign: 'xing_sponsored_dach',
    cpc: [3, 6],
    ctr: [0.003, 0.008],
    weight: 1,
    active: [0.2, 1],
  },
  {
    channel: 'display',
    source: 'gdn',
    medium: 'display',
    campaign: 'retargeting_display',
    cpc: [0.6, 1.6],
    ctr: [0.002, 0.005],
    weight: 2,
    active: [0, 1],
  },
  {
    channel: 'display',
    source: 'adform',
    medium: 'display',
    campaign: 'awareness_q3',
    cpc: [0.8, 2.2],
    ctr: [0.001, 0.003],
    weight: 1,
    active: [0, 0.5],
  },
  {
    channel: 'affiliate',
    source: 'saas-vergleich',
    medium: 'affiliate',
    campaign: 'partner_program',
    cpc: [6, 12],
    ctr: [0.01, 0.03],
    weight: 1,
    active: [0, 1],
  },
  {
    channel: 'affiliate',
    source: 'omr-reviews',
    medium: 'affiliate',
    campaign: 'partner_program',
    cpc: [5, 10],
    ctr: [0.01, 0.03],
    weight: 1,
    active: [0, 1],
  },
  {
    channel: 'email',
    source: 't3n_newsletter',
    medium: 'email',
    campaign: 'sponsored_newsletter',
    cpc: [3, 5],
    ctr: [0.01, 0.02],
    weight: 1,
    active: [0, 1],
  },
  // Channel `other` (GA4's "Unassigned" and "Paid Other"): a paid medium from a source that is
  // neither a search engine nor a social network, and mediums no rule of the grouping names.
  {
    channel: 'other',
    source: 'capterra',
    medium: 'cpc',
    campaign: 'capterra_ppc',
    referrer: 'https://www.capterra.com.de/software/lead-management/',
    cpc: [3, 7],
    ctr: [0.01, 0.03],
    // Capterra bills in US dollars.
    currency: 'USD',
    weight: 2,
    active: [0, 1],
  },
  {
    channel: 'other',
    source: 'trade_fair',
    medium: 'qr',
    campaign: 'booth_flyer',
    cpc: [1.5, 3],
    ctr: [0.01, 0.04],
    weight: 1.5,
    active: [0.15, 1],
  },
  {
    channel: 'other',
    source: 'omr_podcast',
    medium: 'podcast',
    campaign: 'podcast_sponsoring',
    cpc: [8, 15],
    ctr: [0.001, 0.004],
    weight: 1,
    active: [0.3, 0.7],
  },
]

/** Hour-of-day weights (UTC) of business traffic from Europe. */
export const HOUR_WEIGHTS = [
  1, 0.6, 0.5, 0.5, 0.8, 2, 4, 7, 9, 10, 10, 9, 8, 9, 9, 8, 7, 5, 4, 3.5, 3, 2.5, 2, 1.5,
] as const
/** Day-of-week weights, Sunday first. */
export const WEEKDAY_WEIGHTS = [0.35, 1, 1.05, 1, 0.95, 0.8, 0.3] as const
