// Test support for other packages' tests: fixtures that stand in for licensed or large files,
// and the collector's parts for tests that put them together otherwise than a server does
// (two collectors on one warehouse, a spool whose warehouse is unreachable).

export { type Receiver, startReceiver, testAlert } from './alerts/testing.js'
export { writeCountryMmdb } from './lib/mmdb-fixture.js'
export { Spool } from './spool/spool.js'
export { refusedLineKeeper, warehouseInserter } from './storage/event-store.js'
export { composeTestApp, faultSwitch, SECRET_KEY, withFaults } from './test-app.js'
