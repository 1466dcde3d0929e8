export { LeadsPage } from './leads-page.js'
