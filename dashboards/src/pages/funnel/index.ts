export { FunnelPage } from './funnel-page.js'
