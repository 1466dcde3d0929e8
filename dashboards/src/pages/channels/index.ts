export { ChannelsPage } from './channels-page.js'
