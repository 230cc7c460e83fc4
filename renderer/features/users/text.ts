/** Words of the login security card (users.security). */
export const securityText = {
  title: 'Безопасность входа',
  lead: 'Сколько неверных паролей подряд блокирует вход, надолго ли, длина пароля администратора и выход по бездействию.',
  maxFailures: 'Неверных паролей до блокировки',
  lockMinutes: 'Блокировка, минут',
  lockMinutesHint: '0 — пока администратор не разблокирует',
  adminPasswordMinLength: 'Пароль администратора, не короче (символов)',
  adminPasswordHint: 'PIN кассира — всегда 4 цифры',
  idleCashier: 'Выход кассира по бездействию, минут',
  idleAdmin: 'Выход администратора по бездействию, минут',
  idleHint: '0 — не выходить',
  save: 'Сохранить',
  saved: 'Настройки входа сохранены',
  notSaved: 'Не сохранено: исправьте поля, отмеченные красным',
  notNumber: 'Введите целое число',
} as const;
