/**
 * The country database the server opens at start: read from its file, and read again when the
 * file is replaced. Its lookups are `lib/country.ts`'s.
 */
import { unwatchFile, watchFile } from 'node:fs'
import maxmind, { type CountryResponse, type Reader } from 'maxmind'
import { type CountryLookup, countryOf } from './lib/country.js'

export interface CountryDatabase {
  lookup: CountryLookup
  /** Stops watching the file. */
  close(): void
}

/**
 * Opens a MaxMind DB file with countries: GeoLite2/GeoIP2 Country or City, DB-IP's IP to
 * Country Lite, or any database that stores `country.iso_code`. Throws with the path and the
 * reason when the file is missing or not such a database.
 *
 * The file is watched: when `geoipupdate` (or a cron job) replaces it, the new one is used
 * without a restart; a replacement that cannot be read is reported with `log` and the database
 * in use stays. (maxmind's own watcher would crash the process on such a file.)
 */
export async function openCountryDatabase(
  path: string,
  { log = console.log, pollMs = 60_000 }: { log?: (line: string) => void; pollMs?: number } = {},
): Promise<CountryDatabase> {
  let reader = await readDatabase(path)
  const reload = () => {
    readDatabase(path).then(
      (fresh) => {
        reader = fresh
        log(`country database reloaded: ${path}`)
      },
      (error: Error) => log(`${error.message}; still using the previous one`),
    )
  }
  // Polling, not inotify: the file is usually replaced by a rename, which inotify watches lose.
  watchFile(path, { persistent: false, interval: pollMs }, (current, previous) => {
    if (current.mtimeMs !== previous.mtimeMs && current.size > 0) reload()
  })
  return {
    lookup: (address) => countryOf(reader, address),
    close: () => unwatchFile(path),
  }
}

async function readDatabase(path: string): Promise<Reader<CountryResponse>> {
  try {
    return await maxmind.open<CountryResponse>(path)
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message
    throw new Error(`${path}: cannot be opened as a MaxMind DB country database (${reason})`)
  }
}
