// Test support for other packages' tests: fixtures that stand in for licensed or large files.
export { writeCountryMmdb } from './lib/mmdb-fixture.js'
