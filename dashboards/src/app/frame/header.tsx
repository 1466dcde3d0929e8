import type { JSX } from 'preact'
import { LOCALES, type Locale, setLocale, useLocale, useT } from '../i18n.js'
import { useMe } from '../me.js'
import { sharedMessages } from '../messages.js'
import { Link } from '../router.js'
import { routes } from '../routes.js'

/**
 * The header: the pages the role may use (the current one marked with aria-current by `Link`), the language
 * switch and log-out. Log-out is the collector's own form (`POST /logout`, same-origin check):
 * no script is needed for it.
 */
export function Header(): JSX.Element {
  const t = useT(sharedMessages)
  const locale = useLocale()
  const role = useMe()?.role
  const listed = routes.filter((route) => !route.roles || (role && route.roles.includes(role)))
  return (
    <header class="app-header">
      <a class="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <span class="brand">{t('appName')}</span>
      <nav aria-label={t('mainNavigation')}>
        <ul class="nav-list">
          {listed.map((route) => (
            <li key={route.path}>
              <Link path={route.path} class="nav-link">
                {t(route.title)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div class="header-tools">
        <fieldset class="language-switch">
          <legend class="visually-hidden">{t('language')}</legend>
          {LOCALES.map((option: Locale) => (
            <button
              key={option}
              type="button"
              lang={option}
              aria-pressed={option === locale}
              title={t(`language.${option}`)}
              onClick={() => setLocale(option)}
            >
              {option.toUpperCase()}
            </button>
          ))}
        </fieldset>
        <form method="post" action="/logout" class="logout">
          <button type="submit">{t('logOut')}</button>
        </form>
      </div>
    </header>
  )
}
