export { PracticePage } from './PracticePage';
export { PracticeBanner } from './PracticeBanner';
export { ItemGateNotice } from './ItemGateNotice';
export { usePractice } from './store';
export { trainingMessages } from './messages';
