/** The users (admin). */
import type { usersMethods } from '../../../preload/contract/index.js';
import { createUser, listUsers, loginSecurity, resetPassword, saveLoginSecurity, setUserDisabled, unlockUser, updateUser } from '../../services/users.js';
import type { Handlers } from './handler.js';

export const usersHandlers: Handlers<keyof typeof usersMethods> = {
  'users.list': (_, ctx) => listUsers(ctx),
  'users.create': (input, ctx) => createUser(ctx, input),
  'users.resetPassword': ({ login: name, temporaryPassword }, ctx) => resetPassword(ctx, name, temporaryPassword),
  'users.unlock': ({ login: name }, ctx) => unlockUser(ctx, name),
  'users.update': ({ login: name, ...change }, ctx) => updateUser(ctx, name, change),
  'users.setDisabled': ({ login: name, disabled }, ctx) => setUserDisabled(ctx, name, disabled),
  'users.security': (_, ctx) => loginSecurity(ctx),
  'users.saveSecurity': (patch, ctx) => saveLoginSecurity(ctx, patch),
};
