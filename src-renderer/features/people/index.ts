export { SignInPage } from './SignInPage';
export { SessionBar } from './SessionBar';
export { UsersPage } from './UsersPage';
export { peopleMessages } from './messages';
