export { AlertsPage } from './alerts-page.js'
