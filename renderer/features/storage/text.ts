/** The «Хранилища» screen's words. */
import type { StorageConnection } from '../../../preload/contract/index.js';

export const sto = {
  menu: 'Хранилища',
  title: 'Хранилища: флешка, FTP, Яндекс Диск',
  priceList: 'Прайс-лист…',
  secretsOs: 'Пароли хранилищ зашифрованы средствами операционной системы.',
  secretsFile:
    'Пароли хранилищ хранятся в файле secrets.json в папке данных кассы, доступном только этому пользователю компьютера (права 0600), без шифрования: шифрование системы здесь недоступно.',
  listTitle: 'Хранилища',
  none: 'Хранилищ пока нет.',
  where: (c: StorageConnection) =>
    c.kind === 'folder'
      ? `Папка ${c.path}`
      : c.kind === 'ftp'
        ? `${c.secure === 'none' ? 'FTP' : 'FTPS'} ${c.host}:${c.port}${c.root ? `, папка ${c.root}` : ''}`
        : `WebDAV ${c.url}${c.root ? `, папка ${c.root}` : ''}`,
  edit: 'Изменить',
  remove: 'Удалить',
  add: 'Добавить хранилище',
  addTitle: 'Новое хранилище',
  editTitle: (name: string) => `Хранилище «${name}»`,
  name: 'Название',
  kind: 'Вид',
  kinds: { folder: 'Папка (флешка, сетевая папка)', ftp: 'FTP / FTPS', webdav: 'WebDAV', yandex: 'Яндекс Диск' },
  path: 'Папка',
  pathHint: 'Полный путь: E:\\kassa или /media/kassir/FLASH/kassa',
  host: 'Сервер',
  port: 'Порт',
  secure: 'Защита',
  secures: { none: 'Нет (FTP)', explicit: 'FTPS (AUTH TLS, порт 21)', implicit: 'FTPS неявный (порт 990)' },
  url: 'Адрес WebDAV',
  urlHint: 'Например, https://webdav.example.by/kassa',
  yandexHint: 'Адрес https://webdav.yandex.ru. Пароль — пароль приложения из настроек Яндекс ID (не пароль от почты).',
  user: 'Пользователь',
  password: 'Пароль',
  passwordKept: 'Пароль сохранён; оставьте поле пустым, чтобы не менять его',
  root: 'Папка на сервере',
  rootHint: 'Пусто — корневая папка',
  test: 'Проверить подключение',
  testing: 'Проверяется…',
  save: 'Сохранить',
  saved: (name: string) => `Хранилище «${name}» сохранено`,
  removed: (name: string) => `Хранилище «${name}» удалено`,
};
