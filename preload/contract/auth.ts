/**
 * Who is at the keyboard: the login screen, log out, one's own password.
 */
import { z } from 'zod';
import { BOTH, command, Empty, query } from './method.js';
import { Role } from './shapes.js';
import { Login, Password, User } from './users.js';
import { lazy } from '../../common/lazy.js';

export const authMethods = {
  'auth.users': query(
    Empty,
    lazy(() => z.array(z.object({ login: z.string(), name: z.string(), role: Role }))),
    { kind: 'public' },
  ),
  'auth.login': command(
    lazy(() => z.object({ login: Login, password: Password }).strict()),
    User,
    { kind: 'public' },
  ),
  'auth.logout': command(Empty, z.null(), { kind: 'user', roles: BOTH, shift: 'any', duringPasswordChange: true }),
  'auth.changePassword': command(
    lazy(() => z.object({ oldPassword: Password, newPassword: Password }).strict()),
    User,
    {
      kind: 'user',
      roles: BOTH,
      shift: 'any',
      duringPasswordChange: true,
    },
  ),
} as const;
