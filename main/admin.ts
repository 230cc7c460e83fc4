/**
 * kassa-admin: the admin's command line for headless work (Task Scheduler, cron, remote support),
 * over the same services the screens use. `npm run admin -- <command> [options]` (entry:
 * admin-entry.ts), or the installed app's `admin` sub-command (main/index.ts, the kassa-admin launchers).
 * Exit codes: 0 done, 1 refused or failed (the message says why), 2 wrong command line,
 * 3 the till is running and the command needs it stopped.
 */
import { createReadStream, existsSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from './db/database.js';
import { KassaError } from './domain/errors.js';
import { createRestartableCore } from './host/restartable-core.js';
import { runningTill } from './host/running-lock.js';
import { DB_FILE, type Core } from './core.js';
import { unpackArchive } from './services/maintenance/archive.js';
import { exportTo, recordMaintenance } from './services/maintenance/export.js';
import { cleanup, cleanupPreview, importDatabase } from './services/maintenance/index.js';
import { TRANSFER_WORD } from './services/maintenance/import.js';
import { listUsers, resetPassword, setUserDisabled, unlockUser } from './services/users.js';
import { openTarget } from './storage/index.js';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { choicesReport, currentShiftReport, PERIOD_REPORTS, periodReport, REPORT_USAGE, reportQuery, ReportUsage } from './admin-report.js';
import type { ReportInput } from './services/reports/index.js';

const USAGE = `kassa-admin — обслуживание кассы из командной строки.

Запуск: npm run admin -- <команда> [параметры]
  export --to ПАПКА [--keep N]          архив базы в папку (касса может работать)
  verify АРХИВ                          проверить архив: суммы, целостность, версия схемы
  import АРХИВ [--transfer]             заменить базу архивом (касса должна быть остановлена;
                                        --transfer: архив другой кассы, перенос на этот ПК)
  cleanup --to ГГГГ-ММ-ДД [--yes]       удалить закрытые смены по дату включительно
                                        (без --yes только показать, что будет удалено)
  users list | disable ЛОГИН | enable ЛОГИН | unlock ЛОГИН | reset ЛОГИН ВРЕМЕННЫЙ_ПАРОЛЬ
${REPORT_USAGE}
Общие параметры:
  --data-dir DIR   папка данных кассы (по умолчанию KASSA_DATA_DIR; у установленной кассы — её папка)
  --json           ответ в JSON (одна строка)
  --help           эта справка
Коды выхода: 0 — выполнено, 1 — отказ или ошибка, 2 — неверная команда, 3 — касса запущена.`;

class Usage extends Error {}
class TillRunning extends Error {}

type Out = Record<string, unknown>;

/** Where the CLI runs: its arguments, and the data folder when no --data-dir names one. */
export type AdminRun = {
  readonly argv: readonly string[];
  readonly defaultDataDir: string;
  /** Where the answer goes; default the process's stdout and stderr (a test reads it in process). */
  readonly write?: { readonly out: (text: string) => void; readonly err: (text: string) => void };
};

const PROCESS_WRITE = { out: (t: string) => void process.stdout.write(t), err: (t: string) => void process.stderr.write(t) };

function args(run: AdminRun) {
  try {
    return parseArgs({
      args: [...run.argv],
      allowPositionals: true,
      options: {
        help: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        'data-dir': { type: 'string', default: run.defaultDataDir },
        to: { type: 'string' },
        from: { type: 'string' },
        cashier: { type: 'string' },
        section: { type: 'string' },
        category: { type: 'string' },
        form: { type: 'string' },
        keep: { type: 'string' },
        transfer: { type: 'boolean', default: false },
        yes: { type: 'boolean', default: false },
      },
      strict: true,
    });
  } catch (err) {
    throw new Usage((err as Error).message);
  }
}

/** A core for the commands that change the database: only with the till stopped. */
function openCore(dataDir: string): Core {
  const running = runningTill(dataDir);
  if (running) throw new TillRunning(`Касса запущена (процесс ${running.pid}): остановите её и повторите команду`);
  if (!existsSync(join(dataDir, DB_FILE))) throw new KassaError('NOT_FOUND', `В папке ${dataDir} нет базы кассы`);
  return createRestartableCore({ dataDir, log: () => {}, devices: false });
}

const progress = (json: boolean) => (step: string, done: number, total: number) => {
  if (json || !process.stderr.isTTY) return;
  process.stderr.write(`\r${step}: ${total > 0 ? Math.round((done / total) * 100) + ' %' : `${Math.round(done / 1024)} КБ`}   `);
};

/** The till's database on the CLI's own connection (WAL: the till sells on meanwhile); never a new empty file. */
function tillDatabase(dataDir: string) {
  const file = join(dataDir, DB_FILE);
  if (!existsSync(file)) throw new KassaError('NOT_FOUND', `В папке ${dataDir} нет базы кассы`);
  return openDatabase(file);
}

async function run(runAs: AdminRun): Promise<Out> {
  const { values, positionals } = args(runAs);
  if (values.help || positionals.length === 0) return { help: USAGE };
  const dataDir = resolve(values['data-dir']);
  const [command, ...rest] = positionals;
  switch (command) {
    case 'export': {
      if (!values.to) throw new Usage('Укажите папку: export --to ПАПКА');
      const keep = values.keep === undefined ? undefined : Number(values.keep);
      if (keep !== undefined && !(Number.isInteger(keep) && keep >= 1)) throw new Usage('--keep — целое число от 1');
      // Works while the till runs: its own connection; WAL lets the till write meanwhile.
      const db = tillDatabase(dataDir);
      try {
        const r = await exportTo(db, openTarget({ kind: 'folder', path: resolve(values.to) }, null), {
          at: new Date(),
          keepLast: keep,
          onProgress: progress(values.json),
        });
        // As the till records its own exports (no user: the command line).
        recordMaintenance({ db, clock: () => new Date(), session: { userId: null } }, 'export', {
          path: r.path,
          where: r.where,
          bytes: r.bytes,
          documents: r.manifest.documents,
          by: 'cli',
        });
        return {
          ok: true,
          message: `Архив записан: ${join(resolve(values.to), r.path)}`,
          path: join(resolve(values.to), r.path),
          bytes: r.bytes,
          documents: r.manifest.documents,
        };
      } finally {
        db.close();
      }
    }
    case 'verify': {
      const file = rest[0];
      if (!file) throw new Usage('Укажите архив: verify АРХИВ');
      if (!existsSync(file)) throw new KassaError('NOT_FOUND', `Нет файла ${file}`);
      const scratch = join(dirname(resolve(file)), `.verify-${process.pid}.sqlite`);
      try {
        const manifest = await unpackArchive(createReadStream(file), scratch, progress(values.json));
        return { ok: true, message: `Архив в порядке: схема ${manifest.schemaVersion}, смен ${manifest.shifts.count}, документов ${manifest.documents}`, manifest };
      } finally {
        rmSync(scratch, { force: true });
      }
    }
    case 'import': {
      const file = rest[0];
      if (!file) throw new Usage('Укажите архив: import АРХИВ');
      const core = openCore(dataDir);
      try {
        const access = { connection: { kind: 'folder' as const, path: dirname(resolve(file)) }, password: null, where: dirname(resolve(file)) };
        const r = await importDatabase(core.ctx, access, basename(file), { by: 'cli', ...(values.transfer && { confirmTransfer: TRANSFER_WORD }) });
        return { ok: true, message: `База заменена архивом: документов ${r.documents}. Копия прежней базы: ${r.safetyCopy}`, ...r };
      } finally {
        core.close();
      }
    }
    case 'cleanup': {
      if (!values.to || !/^\d{4}-\d{2}-\d{2}$/.test(values.to)) throw new Usage('Укажите дату: cleanup --to ГГГГ-ММ-ДД');
      const core = openCore(dataDir);
      try {
        const preview = await cleanupPreview(core.ctx, values.to);
        if (!values.yes || preview.shifts === 0) {
          const what =
            preview.shifts === 0
              ? 'Удалять нечего'
              : `Будет удалено смен: ${preview.shifts} (№ ${preview.firstShift}–${preview.lastShift}), документов: ${preview.documents}. Повторите с --yes`;
          return { ok: true, message: `${what}${preview.kept ? `. Остаются: ${preview.kept}` : ''}`, preview };
        }
        const r = await cleanup(core.ctx, values.to, preview.shifts, 'cli');
        return { ok: true, message: `Удалено смен: ${r.shifts}, документов: ${r.documents}`, ...r };
      } finally {
        core.close();
      }
    }
    case 'users': {
      const [action, login, password] = rest;
      const core = openCore(dataDir);
      try {
        const ctx = core.ctx;
        switch (action) {
          case 'list':
            return {
              ok: true,
              message: listUsers(ctx)
                .map((u) => `${u.login}\t${u.name}\t${u.role}${u.disabled ? '\tотключён' : ''}${u.locked ? '\tзаблокирован' : ''}`)
                .join('\n'),
              users: listUsers(ctx),
            };
          case 'disable':
          case 'enable':
            if (!login) throw new Usage(`users ${action} ЛОГИН`);
            setUserDisabled(ctx, login, action === 'disable');
            return { ok: true, message: action === 'disable' ? `Пользователь ${login} отключён` : `Пользователь ${login} включён` };
          case 'unlock':
            if (!login) throw new Usage('users unlock ЛОГИН');
            unlockUser(ctx, login);
            return { ok: true, message: `Пользователь ${login} разблокирован` };
          case 'reset':
            if (!login || !password) throw new Usage('users reset ЛОГИН ВРЕМЕННЫЙ_ПАРОЛЬ');
            resetPassword(ctx, login, password);
            return { ok: true, message: `Временный пароль задан: ${login} сменит его при входе` };
          default:
            throw new Usage('users list | disable | enable | unlock | reset');
        }
      } finally {
        core.close();
      }
    }
    case 'report': {
      const which = rest[0];
      const period = PERIOD_REPORTS.find((r) => r === which);
      if (!period && which !== 'current' && which !== 'choices') throw new Usage(`Какой отчёт: ${[...PERIOD_REPORTS, 'current', 'choices'].join(', ')}`);
      let query: ReportInput | null = null;
      try {
        if (period) query = reportQuery(values);
      } catch (err) {
        if (err instanceof ReportUsage) throw new Usage(err.message);
        throw err;
      }
      // Works while the till runs, as export does: a read on the CLI's own connection.
      const db = tillDatabase(dataDir);
      try {
        if (period && query) return periodReport(db, period, query);
        return which === 'current' ? currentShiftReport(db) : choicesReport(db);
      } finally {
        db.close();
      }
    }
    default:
      throw new Usage(`Неизвестная команда: ${command}`);
  }
}

/** Runs one command; resolves with the exit code once its answer is written. The caller ends the process with it (Node, or the Electron app). */
export async function runAdmin(runAs: AdminRun): Promise<number> {
  const json = runAs.argv.includes('--json');
  const write = runAs.write ?? PROCESS_WRITE;
  const reply = (code: number, out: Out): number => {
    if (json) write.out(`${JSON.stringify(out)}\n`);
    else if (out.help) write.out(`${out.help as string}\n`);
    else (code === 0 ? write.out : write.err)(`${String(out.message)}\n`);
    return code;
  };
  try {
    return reply(0, await run(runAs));
  } catch (err) {
    if (process.stderr.isTTY && !json && !runAs.write) process.stderr.write('\n');
    if (err instanceof Usage) return reply(2, { ok: false, code: 'USAGE', message: `${err.message} (справка: --help)` });
    if (err instanceof TillRunning) return reply(3, { ok: false, code: 'TILL_RUNNING', message: err.message });
    if (err instanceof KassaError) return reply(1, { ok: false, code: err.code, message: err.message });
    return reply(1, { ok: false, code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) });
  }
}
