export { LeadDetailPage } from './lead-detail-page.js'
