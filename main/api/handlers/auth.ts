/** Log in and out, one's own password. */
import type { authMethods } from '../../../preload/contract/index.js';
import { changePassword, login, loginChoices, logout } from '../../services/auth.js';
import type { Handlers } from './handler.js';

export const authHandlers: Handlers<keyof typeof authMethods> = {
  'auth.users': (_, ctx) => loginChoices(ctx),
  'auth.login': ({ login: name, password }, ctx) => login(ctx, name, password),
  'auth.logout': (_, ctx) => logout(ctx),
  'auth.changePassword': ({ oldPassword, newPassword }, ctx) => changePassword(ctx, oldPassword, newPassword),
};
