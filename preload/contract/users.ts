/**
 * The users (admin): list, create, temporary password, unlock after wrong passwords.
 */
import { z } from 'zod';
import { ADMIN, command, Empty, query } from './method.js';
import { Role } from './shapes.js';
import { lazy } from '../../common/lazy.js';

export const User = lazy(() =>
  z.object({
    id: z.number().int(),
    login: z.string(),
    name: z.string(),
    cashierId: z.string(),
    role: Role,
    mustChangePassword: z.boolean(),
    /** Locked after wrong passwords (users.list only): the admin may unlock it. */
    locked: z.boolean().optional(),
    /** Disabled by the admin (users.list only): cannot log in. */
    disabled: z.boolean().optional(),
  }),
);
export type User = z.infer<typeof User>;

export const Login = z.string().trim().min(1, 'Введите логин').max(64, 'Логин длиннее 64 символов');
export const Password = z.string().min(1, 'Введите пароль').max(64, 'Пароль длиннее 64 символов');

export const NewUser = lazy(() =>
  z.object({
    login: z
      .string()
      .trim()
      .min(1, 'Введите логин')
      .max(64)
      .regex(/^[\p{L}\p{N}._@-]+$/u, 'Логин: буквы, цифры и . _ @ -'),
    name: z.string().trim().min(1, 'Введите имя').max(100),
    cashierId: z.string().trim().max(64),
    role: Role,
    password: Password,
  }),
);

const Minutes = z.number().int('Минуты — целое число').min(0, 'Минуты — не меньше 0').max(1440, 'Не больше 1440 минут (сутки)');

/** Who may log in: the lock after wrong passwords, the admin's password length, idle logout (0: never). */
export const LoginSecurity = lazy(() =>
  z
    .object({
      loginLock: z
        .object({
          maxFailures: z.number().int('Число попыток — целое').min(1, 'Хотя бы 1 попытка').max(100, 'Не больше 100 попыток'),
          lockMinutes: Minutes,
        })
        .strict(),
      adminPasswordMinLength: z.number().int('Длина — целое число').min(6, 'Пароль администратора — не короче 6 символов').max(64, 'Не длиннее 64 символов'),
      idleLogoutMinutes: z.object({ cashier: Minutes, admin: Minutes }).strict(),
    })
    .strict(),
);
export type LoginSecurity = z.infer<typeof LoginSecurity>;

export const usersMethods = {
  'users.list': query(
    Empty,
    lazy(() => z.array(User)),
    { kind: 'user', roles: ADMIN, shift: 'any' },
  ),
  'users.create': command(
    lazy(() => NewUser.strict()),
    User,
    { kind: 'user', roles: ADMIN, shift: 'any' },
  ),
  'users.resetPassword': command(
    lazy(() => z.object({ login: Login, temporaryPassword: Password }).strict()),
    User,
    { kind: 'user', roles: ADMIN, shift: 'any' },
  ),
  /** Lifts the lock that wrong passwords put on an account (setting `loginLock`). */
  'users.unlock': command(
    lazy(() => z.object({ login: Login }).strict()),
    User,
    { kind: 'user', roles: ADMIN, shift: 'any' },
  ),
  /** Name, role, cashier id; the last active admin stays an admin. */
  'users.update': command(
    lazy(() =>
      z
        .object({
          login: Login,
          name: NewUser.shape.name.optional(),
          role: Role.optional(),
          cashierId: NewUser.shape.cashierId.optional(),
        })
        .strict(),
    ),
    User,
    { kind: 'user', roles: ADMIN, shift: 'any' },
  ),
  /** Disable (cannot log in; documents keep the name) or enable again; never oneself or the last active admin. */
  'users.setDisabled': command(
    lazy(() => z.object({ login: Login, disabled: z.boolean() }).strict()),
    User,
    { kind: 'user', roles: ADMIN, shift: 'any' },
  ),
  'users.security': query(Empty, LoginSecurity, { kind: 'user', roles: ADMIN, shift: 'any' }),
  'users.saveSecurity': command(
    lazy(() => LoginSecurity.partial().strict()),
    LoginSecurity,
    { kind: 'user', roles: ADMIN, shift: 'any' },
  ),
} as const;
