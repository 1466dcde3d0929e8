export { CohortsPage } from './cohorts-page.js'
