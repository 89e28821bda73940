export { ReportsPage } from './ReportsPage';
export { reportMessages } from './messages';
