export { QueuePage } from './queue-page.js'
