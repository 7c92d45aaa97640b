// The named accounts: what a person finds after an upgrade from one key, where each key is kept,
// TELNYX_API_KEY as an account of its own, and what removing or switching leaves behind.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import {
  ACCOUNTS_STATE,
  ACTIVE_ACCOUNT_STATE,
  AccountStore,
  LEGACY_SECRET,
  normaliseBaseUrl,
  secretNameOf,
  type SecretStore,
  type UserState,
} from '../../src/accounts/store';

class Secrets implements SecretStore {
  readonly entries = new Map<string, string>();
  async get(key: string): Promise<string | undefined> {
    return this.entries.get(key);
  }
  async store(key: string, value: string): Promise<void> {
    this.entries.set(key, value);
  }
  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }
}

class State implements UserState {
  readonly values = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, JSON.parse(JSON.stringify(value)));
  }
}

function store(options: { secrets?: Secrets; state?: State; env?: NodeJS.ProcessEnv } = {}) {
  const secrets = options.secrets ?? new Secrets();
  const state = options.state ?? new State();
  let next = 0;
  const accounts = new AccountStore(secrets, state, options.env ?? {}, () => `id${++next}`);
  return { accounts, secrets, state };
}

describe('accounts', () => {
  it('the key of version 0.1 becomes the account "Default" on first start, in place, once', async () => {
    const { accounts, secrets, state } = store();
    await secrets.store(LEGACY_SECRET, 'KEYOLD');
    assert.equal(await accounts.migrate(), true);
    assert.deepEqual(
      accounts.list().map((a) => a.name),
      ['Default'],
    );
    assert.equal(accounts.active()?.name, 'Default');
    assert.equal(await accounts.keyOf(accounts.active()!.id), 'KEYOLD');
    assert.equal(secrets.entries.get(LEGACY_SECRET), 'KEYOLD', 'the key stays where 0.1 finds it');
    assert.equal(await accounts.migrate(), false, 'a second start migrates nothing');
    // Names live in user-level state, keys never do.
    assert.ok(!JSON.stringify([...state.values]).includes('KEYOLD'));
  });

  it('a first start without a key has no account, and a removed Default is not brought back', async () => {
    const { accounts, secrets } = store();
    assert.equal(await accounts.migrate(), false);
    assert.equal(accounts.active(), undefined);
    await secrets.store(LEGACY_SECRET, 'KEYOLD');
    assert.equal(await accounts.migrate(), false, 'migration ran once already');
    assert.deepEqual(accounts.list(), []);
  });

  it('each added account has its own secret entry and is used at once; names are unique', async () => {
    const { accounts, secrets, state } = store();
    await accounts.migrate();
    const test = await accounts.add({ name: 'Test', key: ' KEYTEST ' });
    const prod = await accounts.add({ name: 'Production', key: 'KEYPROD', baseUrl: 'https://api.example.test/v2/' });
    assert.equal(accounts.active()?.id, prod.id);
    assert.equal(await accounts.keyOf(test.id), 'KEYTEST');
    assert.equal(await accounts.keyOf(prod.id), 'KEYPROD');
    assert.equal(new Set([secretNameOf(test.id), secretNameOf(prod.id)]).size, 2);
    assert.equal(secrets.entries.size, 2);
    assert.equal(accounts.get(prod.id)?.baseUrl, 'https://api.example.test/v2');
    assert.equal(accounts.checkName(' production '), 'taken');
    assert.equal(accounts.checkName('telnyx_api_key'), 'reserved');
    assert.equal(accounts.checkName('  '), 'empty');
    await assert.rejects(accounts.add({ name: 'Test', key: 'KEYX' }));
    assert.ok(!JSON.stringify(state.get(ACCOUNTS_STATE)).includes('KEY'), 'no key in the account list');
  });

  it("an account's own address follows the setting's rule: https, or http on loopback only", async () => {
    assert.throws(() => normaliseBaseUrl('http://api.example.test/v2'), /https/);
    assert.equal(normaliseBaseUrl('http://127.0.0.1:4010/v2'), 'http://127.0.0.1:4010/v2');
    assert.equal(normaliseBaseUrl('  '), undefined);
    const { accounts } = store();
    await assert.rejects(accounts.add({ name: 'Leaky', key: 'KEYX', baseUrl: 'http://evil.example/v2' }));
    assert.deepEqual(accounts.list(), [], 'nothing is added with a refused address');
  });

  it('TELNYX_API_KEY is an account of its own, used when nothing is stored, never removable', async () => {
    const { accounts } = store({ env: { TELNYX_API_KEY: 'KEYENV' } });
    await accounts.migrate();
    assert.equal(accounts.active()?.source, 'env');
    assert.equal(await accounts.keyOf('env'), 'KEYENV');
    const stored = await accounts.add({ name: 'Mine', key: 'KEYMINE' });
    assert.deepEqual(
      accounts.list().map((a) => a.name),
      ['Mine', 'TELNYX_API_KEY'],
    );
    assert.equal(accounts.active()?.id, stored.id);
    await accounts.setActive('env');
    assert.equal(accounts.active()?.source, 'env');
    await assert.rejects(accounts.remove('env'));
  });

  it('Set API Key with only TELNYX_API_KEY in use stores "Default" in 0.1\'s entry, which then comes first', async () => {
    const { accounts, secrets } = store({ env: { TELNYX_API_KEY: 'KEYENV' } });
    await accounts.migrate();
    const saved = await accounts.storeKeyOfActive('KEYSTORED');
    assert.equal(saved.name, 'Default');
    assert.equal(secrets.entries.get(LEGACY_SECRET), 'KEYSTORED');
    assert.equal(accounts.active()?.name, 'Default');
    // A second Set API Key replaces the key of the account in use, not adds one.
    await accounts.storeKeyOfActive('KEYNEWER');
    assert.equal(accounts.list().filter((a) => a.source === 'secret').length, 1);
    assert.equal(await accounts.keyOf(saved.id), 'KEYNEWER');
  });

  it('removing an account deletes its secret and moves to the next one; a stale choice falls back', async () => {
    const { accounts, secrets, state } = store();
    await accounts.migrate();
    const a = await accounts.add({ name: 'A', key: 'KEYA' });
    const b = await accounts.add({ name: 'B', key: 'KEYB' });
    assert.equal(accounts.active()?.id, b.id);
    await accounts.remove(b.id);
    assert.equal(secrets.entries.has(secretNameOf(b.id)), false);
    assert.equal(await accounts.keyOf(b.id), undefined);
    assert.equal(accounts.active()?.id, a.id);
    await state.update(ACTIVE_ACCOUNT_STATE, 'gone');
    assert.equal(accounts.active()?.id, a.id, 'an unknown choice falls back to the first account');
  });

  it('tells listeners of every change it makes', async () => {
    const { accounts } = store();
    let changes = 0;
    accounts.onDidChange(() => changes++);
    await accounts.migrate();
    const a = await accounts.add({ name: 'A', key: 'KEYA' });
    await accounts.add({ name: 'B', key: 'KEYB' });
    await accounts.setActive(a.id);
    await accounts.remove(a.id);
    assert.equal(changes, 5);
  });

  it('ignores malformed account lists from state instead of failing', async () => {
    const { accounts, state } = store();
    await state.update(ACCOUNTS_STATE, [
      null,
      { id: 'x' },
      { id: 'env', name: 'Fake env' },
      { id: 'ok', name: 'Fine' },
      { id: 'ok', name: 'Twice' },
    ]);
    assert.deepEqual(
      accounts.list().map((a) => a.name),
      ['Fine'],
    );
  });
});
