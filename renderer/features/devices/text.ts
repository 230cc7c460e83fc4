/** The words of the devices screens, the weight indicator and the customer window. Russian only. */
import type { DeviceStatus, ScaleProfile, WeightReading } from '../../../preload/contract/index.js';

export const dev = {
  menuDevices: 'Оборудование',
  menuDiagnostics: 'Диагностика',
  title: 'Оборудование',
  diagnosticsTitle: 'Диагностика оборудования',
  save: 'Сохранить',
  saved: 'Настройки сохранены, устройство перезапущено',
  port: 'Порт',
  portHint: 'Выберите из списка или введите путь: COM3, /dev/ttyUSB0, /dev/serial/by-id/…',
  portsNone: 'Система не нашла последовательных портов — введите путь вручную',
  baudRate: 'Скорость, бод',
  profile: 'Модель / протокол',
  scale: 'Весы',
  scanner: 'Сканер штрихкодов (COM-порт)',
  display: 'Дисплей покупателя',
  printer: 'Чековый принтер',
  pollMs: 'Опрос, мс',
  timeoutMs: 'Ожидание ответа, мс',
  password: 'Пароль весов (Штрих)',
  suffix: 'Окончание кода',
  encoding: 'Кодировка',
  codeTable: 'Байты выбора кодовой таблицы (hex)',
  codeTableHint: 'Например 1B 74 11; пусто — не посылать',
  columns: 'Символов в строке',
  customerWindow: 'Показывать чек во втором окне (второй монитор)',
  openCustomerWindow: 'Открыть окно покупателя',
  readWeight: 'Прочитать вес',
  testDisplay: 'Проверить дисплей',
  testPrint: 'Пробная печать',
  openDrawer: 'Открыть денежный ящик',
  drawerOpened: 'Ящик открыт',
  drawerForbidden: 'Открыть ящик нельзя',
  drawerChecking: 'Проверяем, можно ли открыть ящик…',
  printed: 'Пробный чек напечатан',
  notPrinted: 'Пробный чек не напечатан',
  displayShown: (upper: string, lower: string) => `На дисплее: «${upper}» / «${lower}»`,
  scaleProfiles: {
    none: 'Нет весов',
    simulated: 'Учебные весы (только учебный режим)',
    'massa-k': 'Масса-К (Протокол 100)',
    cas: 'CAS (по запросу)',
    'cas-stream': 'CAS (непрерывная передача)',
    'shtrih-pos2': 'Штрих-М (POS2)',
    'mt-sics': 'Mettler Toledo (MT-SICS)',
  } satisfies Record<ScaleProfile, string>,
  scannerProfiles: { none: 'Нет (сканер-клавиатура)', serial: 'Сканер на COM-порту' },
  suffixes: { 'cr-lf': 'CR / LF (обычно)', none: 'Без окончания (по паузе)' },
  displayProfiles: { none: 'Нет дисплея', cd5220: 'CD5220 (большинство VFD)', epson: 'Epson (ESC/POS дисплей)' },
  encodings: { cp866: 'CP866', win1251: 'Windows-1251' },
  devices: { scale: 'Весы', scanner: 'Сканер', display: 'Дисплей покупателя', printer: 'Чековый принтер' } satisfies Record<DeviceStatus['device'], string>,
  states: { off: 'Не подключено', connecting: 'Подключение…', ok: 'Работает', error: 'Неисправность' } satisfies Record<DeviceStatus['state'], string>,
  device: 'Устройство',
  state: 'Состояние',
  details: 'Подробности',
  since: 'Время изменения',
  /** No serial scanner set: the keyboard-wedge scanner types into the till, nothing to connect. */
  wedgeScanner: 'Сканер-клавиатура: работает без подключения',
  wedgeScannerPort: 'USB (клавиатура)',
  refresh: 'Обновить',
  // The weight indicator on the sale screen.
  weight: 'Весы',
  weightStable: 'Вес устойчивый',
  weightNone: '—',
  trainingScale: 'Учебные весы',
  putOn: (weight: string) => `Положить ${weight}`,
  takeOff: 'Снять товар',
  // The customer window.
  customerGreeting: 'Добро пожаловать!',
  customerTotal: 'Итого',
  customerChange: 'Сдача',
  customerThanks: 'Спасибо за покупку!',
};

/** 1234 g → "1.234 кг"; negative keeps its sign. */
export function formatKg(grams: number): string {
  const sign = grams < 0 ? '-' : '';
  const abs = Math.abs(grams);
  return `${sign}${Math.trunc(abs / 1000)}.${String(abs % 1000).padStart(3, '0')} кг`;
}

export function weightText(r: WeightReading | null): string {
  return r?.grams === null || r?.grams === undefined ? dev.weightNone : formatKg(r.grams);
}
