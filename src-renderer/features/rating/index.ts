export { RatingPanel } from './RatingPanel';
export { RatingTodos } from './RatingTodos';
export { ratingMessages } from './messages';
