import { buildWhatIfProfile } from '@weightplan/hardware';
import { PostgresStore } from '@weightplan/store/postgres';
import { startTestPostgres, type TestPostgres } from '@weightplan/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWeightplanServer, type WeightplanServer } from './create-server.js';

const machine = buildWhatIfProfile({ gpu: 'RTX 4090', ramBytes: 64 * 1024 ** 3 });
const started = await startTestPostgres();
if (!started.ok) console.warn(`shared-store server tests skipped: ${started.reason}`);

interface PlanJson {
  id: string;
  revision: number;
  notes: string;
  savedBy: string;
}
const json = async <T>(response: Response | Promise<Response>): Promise<T> => (await (await response).json()) as T;

const draft = {
  name: 'Team box',
  model: 'llama-3-8b',
  precision: 'Q4_K_M',
  hardware: { whatIf: { gpu: 'RTX 4090', ramGb: 64 } },
  scenario: { contextTokens: 8192 },
};

describe.skipIf(!started.ok)(`two replicas on one PostgreSQL database${started.ok ? '' : ` (skipped: ${started.reason})`}`, () => {
  let postgres: TestPostgres;
  const servers: WeightplanServer[] = [];
  const stores: PostgresStore[] = [];
  let a: string;
  let b: string;

  beforeAll(async () => {
    if (!started.ok) return;
    postgres = started.server;
    const url = await postgres.createDatabase();
    // Two replicas starting together: each runs the migrations under the advisory lock.
    stores.push(...(await Promise.all([PostgresStore.open(url), PostgresStore.open(url)])));
    for (const store of stores) {
      const server = createWeightplanServer(
        { port: 0, workers: 0, requestTimeoutMs: 60_000, rateLimitPerMinute: 10_000, writeRateLimitPerMinute: 10_000 },
        { detectHardware: async () => machine, log: () => undefined, store },
      );
      servers.push(server);
    }
    [a, b] = (await Promise.all(servers.map((s) => s.listen()))) as [string, string];
  }, 120_000);

  afterAll(async () => {
    for (const server of servers) await server.close();
    for (const store of stores) await store.close();
    postgres?.stop();
  });

  const post = (base: string, path: string, body: unknown, user = 'alice') =>
    fetch(`${base}/api/v1${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-weightplan-user': user },
      body: JSON.stringify(body),
    });

  it('lists on one replica the plan saved through the other, with who saved it', async () => {
    const saved = await json<PlanJson>(post(a, '/plans', draft));
    expect(saved).toMatchObject({ revision: 1, savedBy: 'alice' });
    const listed = await json<{ plans: PlanJson[] }>(fetch(`${b}/api/v1/plans`));
    expect(listed.plans.map((p) => p.id)).toContain(saved.id);
  });

  it('answers one of two concurrent saves of the same revision 200 and the other 409, through both replicas', async () => {
    const saved = await json<PlanJson>(post(a, '/plans', draft));
    const [first, second] = await Promise.all([
      post(a, '/plans', { ...draft, id: saved.id, notes: 'from a', revision: 1 }, 'alice'),
      post(b, '/plans', { ...draft, id: saved.id, notes: 'from b', revision: 1 }, 'bob'),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const loser = first.status === 409 ? first : second;
    expect((await json<{ message: string }>(loser)).message).toContain('not the revision 1 you read');
    const current = await json<PlanJson>(fetch(`${a}/api/v1/plans/${saved.id}`));
    expect(current.revision).toBe(2);
    expect(current.notes).toBe(first.status === 200 ? 'from a' : 'from b');
  });

  it('shares saved machines, fleets and imports between replicas', async () => {
    expect((await post(a, '/profiles', { name: 'Rack 1', hardware: { whatIf: { gpu: 'RTX 4090' } } })).status).toBe(200);
    const profiles = await json<{ profiles: { name: string; savedBy: string }[] }>(fetch(`${b}/api/v1/profiles`));
    expect(profiles.profiles.map((p) => [p.name, p.savedBy])).toEqual([['Rack 1', 'alice']]);
    expect(
      (await post(b, '/fleets/Lab/machines', { machine: { name: 'gpu-1', hardware: { whatIf: { gpu: 'RTX 4090' } } } }, 'bob')).status,
    ).toBe(200);
    const fleet = await json<unknown>(fetch(`${a}/api/v1/fleets/Lab`));
    expect(fleet).toMatchObject({ name: 'Lab', savedBy: 'bob', machines: [{ name: 'gpu-1' }] });
  });
});
