/**
 * Where the till keeps its СКО binding: installation id, till id, access and refresh tokens.
 * In the till's database (table sko_session, migration 002), so a restart — or a kill between a
 * token rotation and the next request — resumes with the latest pair it saw.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database.js';

export type SessionState = 'none' | 'valid' | 'replaced' | 'invalid';

export type StoredSession = {
  readonly installationId: string;
  readonly tillId: string | null;
  readonly accessToken: string | null;
  /** Wall-clock ms when the access token runs out, counted on this machine. */
  readonly accessExpiresAt: number | null;
  readonly refreshToken: string | null;
  readonly state: SessionState;
};

export type SessionStore = {
  load(): StoredSession;
  save(session: StoredSession): void;
};

type Row = {
  installation_id: string;
  endpoint: string;
  till_id: string | null;
  access_token: string | null;
  access_expires_at: number | null;
  refresh_token: string | null;
  state: SessionState;
};

const EMPTY = (installationId: string): StoredSession => ({
  installationId,
  tillId: null,
  accessToken: null,
  accessExpiresAt: null,
  refreshToken: null,
  state: 'none',
});

/**
 * The binding of this till to one СКО `endpoint` (a URL, or `embedded` for the training
 * emulator). Pointing the till at another СКО starts a new binding; the installation id stays.
 */
export function sqliteSessionStore(db: Db, endpoint: string): SessionStore {
  const read = () => db.one<Row>('SELECT * FROM sko_session WHERE id = 1');
  const write = db.prepare(
    `INSERT INTO sko_session (id, installation_id, endpoint, till_id, access_token, access_expires_at, refresh_token, state, updated_at)
     VALUES (1, @installationId, @endpoint, @tillId, @accessToken, @accessExpiresAt, @refreshToken, @state, @updatedAt)
     ON CONFLICT (id) DO UPDATE SET installation_id = excluded.installation_id, endpoint = excluded.endpoint, till_id = excluded.till_id,
       access_token = excluded.access_token, access_expires_at = excluded.access_expires_at, refresh_token = excluded.refresh_token,
       state = excluded.state, updated_at = excluded.updated_at`,
  );
  const save = (s: StoredSession) => write.run({ ...s, endpoint, updatedAt: new Date().toISOString() });
  return {
    load() {
      const row = read();
      if (!row) {
        const fresh = EMPTY(randomUUID());
        save(fresh);
        return fresh;
      }
      if (row.endpoint !== endpoint) return EMPTY(row.installation_id);
      return {
        installationId: row.installation_id,
        tillId: row.till_id,
        accessToken: row.access_token,
        accessExpiresAt: row.access_expires_at,
        refreshToken: row.refresh_token,
        state: row.state,
      };
    },
    save,
  };
}

export function memorySessionStore(installationId: string = randomUUID()): SessionStore & { current(): StoredSession } {
  let session = EMPTY(installationId);
  return {
    load: () => session,
    save: (s) => {
      session = s;
    },
    current: () => session,
  };
}
