import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { postgresUrl } from '../../server/test/helpers.js';
import { utf8 } from '../../server/test/fixtures.js';
import { commandFixture, gongfu, run, waitForOutput } from './cli.js';

// what `gongfu demo` loads (cli.test.ts runs the command itself)
const fx = commandFixture('gongfu-cli-users-', { demo: true });

/** Runs SQL as someone with direct database access (the CLI must not be running). */
async function rawSql(statement: string) {
  if (postgresUrl) {
    const c = new pg.Client({ connectionString: fx.url });
    await c.connect();
    await c.query(statement);
    await c.end();
  } else {
    const db = new PGlite(fx.env.GONGFU_DATA);
    await db.exec(statement);
    await db.close();
  }
}

describe('gongfu user, token and audit commands', () => {
  let serverPassword = '';

  it('prints a one-time admin password on the first start only', async () => {
    const port = String(20000 + Math.floor(Math.random() * 20000));
    const first = gongfu(['serve', '--port', port, '--host', '127.0.0.1'], fx.env);
    const out = await waitForOutput(first, /running: http/);
    const match = out.match(/one-time password: (\S+)/);
    expect(match).not.toBeNull();
    serverPassword = match![1];
    expect(serverPassword).toHaveLength(16);
    const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: serverPassword }),
    });
    expect((await login.json()).mustChangePassword).toBe(true);
    const stopped = new Promise((r) => first.on('exit', r));
    first.kill('SIGTERM');
    await stopped;
    const second = gongfu(['serve', '--port', port, '--host', '127.0.0.1'], fx.env);
    const again = await waitForOutput(second, /running: http/);
    expect(again).not.toMatch(/one-time password/);
    const stopped2 = new Promise((r) => second.on('exit', r));
    second.kill('SIGTERM');
    await stopped2;
  });

  it('adds users, resets passwords, disables them', async () => {
    const add = await run(['user', 'add', 'hs01', '--name', '华舍统计员', '--region', '330603003000', '--role', 'town_officer'], fx.env);
    expect(add.code).toBe(0);
    expect(add.stdout).toMatch(/one-time password: \S{16}/);
    const dup = await run(['user', 'add', 'hs01', '--role', 'town_officer'], fx.env);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain('USERNAME_TAKEN');
    const passwd = await run(['user', 'passwd', 'hs01'], fx.env);
    expect(passwd.stdout).toMatch(/one-time password: \S{16}/);
    expect((await run(['user', 'disable', 'hs01'], fx.env)).stdout).toContain('disabled');
    expect((await run(['user', 'disable', 'hs01', '--enable'], fx.env)).stdout).toContain('enabled');
  });

  it('authenticates the CLI against a server with an API token, within the token owner’s scope', async () => {
    const oneTime = (await run(['user', 'passwd', 'hs01'], fx.env)).stdout.match(/one-time password: (\S+)/)![1];
    const firstToken = (await run(['user', 'token', 'hs01', '--name', 'nightly import'], fx.env)).stdout
      .split('\n')
      .find((l) => l.startsWith('gf_'))!;
    expect(firstToken).toBeTruthy();
    const port = String(20000 + Math.floor(Math.random() * 20000));
    const server = gongfu(['serve', '--port', port, '--host', '127.0.0.1'], fx.env);
    await waitForOutput(server, /running: http/);
    try {
      // hs01 must change the one-time password first: tokens act for the account and obey that rule
      const own = path.join(fx.tmp, 'own.csv');
      fs.writeFileSync(
        own,
        utf8([
          ['地区代码', '指标代码', '期间', '值'],
          ['330603003000', 'INCOME_PC', '2011', '37000'],
        ]),
      );
      const before = { ...fx.env, GONGFU_SERVER: `http://127.0.0.1:${port}`, GONGFU_TOKEN: firstToken };
      const blocked = await run(['import', own, '--dry-run'], before);
      expect(blocked.stderr).toContain('PASSWORD_CHANGE_REQUIRED');
      const session = await changePasswordViaApi(port, 'hs01', oneTime);
      // the password change revoked the token made before it
      expect((await run(['import', own, '--dry-run'], before)).stderr).toContain('TOKEN_INVALID');
      const created = await fetch(`http://127.0.0.1:${port}/api/v1/auth/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...session },
        body: JSON.stringify({ name: 'nightly import' }),
      });
      const remote = { ...before, GONGFU_TOKEN: ((await created.json()) as { token: string }).token };
      const ok = await run(['import', own], remote);
      expect(ok.code).toBe(0);
      expect(ok.stdout).toMatch(/new 1/);
      const other = path.join(fx.tmp, 'other.csv');
      fs.writeFileSync(
        other,
        utf8([
          ['地区代码', '指标代码', '期间', '值'],
          ['330603002000', 'INCOME_PC', '2011', '37000'],
        ]),
      );
      const refused = await run(['import', other], remote);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/row 2 col A\s+OUT_OF_SCOPE/);
      const out = path.join(fx.tmp, 'mine.csv');
      expect((await run(['export', '--out', out], remote)).code).toBe(0);
      const csv = fs.readFileSync(out, 'utf8');
      expect(csv).toContain('330603003000');
      expect(csv).not.toContain('330603002000');
      const bad = await run(['import', own, '--dry-run'], { ...remote, GONGFU_TOKEN: 'gf_nope_nope' });
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('TOKEN_INVALID');
    } finally {
      const stopped = new Promise((r) => server.on('exit', r));
      server.kill('SIGTERM');
      await stopped;
    }
  });

  it('verifies the audit chain and exits non-zero once a row was edited', async () => {
    const ok = await run(['audit', 'verify'], fx.env);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/audit log intact: \d+ entries/);
    await rawSql(`alter table audit_log disable trigger audit_log_no_update;
      update audit_log set actor = 'user:someone-else' where seq = 2;
      alter table audit_log enable trigger audit_log_no_update;`);
    const bad = await run(['audit', 'verify'], fx.env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/#2 edited/);
  });

  it('signs checkpoints with a key of its own, and verify catches a truncated log the chain calls intact', async () => {
    const key = path.join(fx.tmp, 'keys', 'audit.key');
    const env = { ...fx.env, GONGFU_AUDIT_KEY: key, GONGFU_AUDIT_CHECKPOINTS: `file:${path.join(fx.tmp, 'checkpoints.jsonl')}` };
    const keygen = await run(['audit', 'keygen', key], env);
    expect(keygen.code, keygen.stderr).toBe(0);
    expect(fs.statSync(key).mode & 0o777).toBe(0o600);
    const written = await run(['audit', 'checkpoint'], env);
    expect(written.code, written.stderr).toBe(0);
    expect(written.stdout).toMatch(/checkpoint written: entry \d+/);
    await rawSql(`alter table audit_log disable trigger user; delete from audit_log; alter table audit_log enable trigger user;`);
    expect((await run(['audit', 'verify'], fx.env)).code).toBe(0); // without the checkpoint, an empty log looks intact
    const caught = await run(['audit', 'verify'], env);
    expect(caught.code).toBe(1);
    expect(caught.stderr).toMatch(/truncated/);
  });
});

/** Changes a one-time password through the API; returns the session's headers (it stays valid). */
async function changePasswordViaApi(port: string, username: string, oneTime: string) {
  const base = `http://127.0.0.1:${port}/api/v1`;
  const login = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: oneTime }),
  });
  const cookie = String(login.headers.get('set-cookie')).split(';')[0];
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const changed = await fetch(`${base}/auth/password`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ current: oneTime, next: 'Huashe-Stats-2026' }),
  });
  expect(changed.status).toBe(200);
  return { cookie, 'x-csrf-token': csrfToken };
}
