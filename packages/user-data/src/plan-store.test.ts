import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildWhatIfProfile } from '@weightplan/hardware';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  getPlan,
  listPlans,
  MAX_SAVED_PLANS,
  type Plan,
  type PlanDraft,
  PlanStoreFullError,
  parsePlanDocument,
  removePlan,
  savePlan,
  storePlan,
} from './plan-store.js';
import { listProfiles, MAX_SAVED_PROFILES, pageProfiles, removeProfile, saveProfile } from './profile-store.js';

/** A fresh folder under the system's temporary one, removed when the test that asked for it finishes. */
function testDirectory(prefix: string): string {
  const directory = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(directory, { recursive: true, force: true }));
  return directory;
}

const draft: PlanDraft = {
  name: 'Team chat box: Qwen3 32B',
  model: 'Qwen/Qwen3-32B',
  precision: 'Q5_K_M',
  hardware: { whatIf: { gpu: 'RTX 3090', ramGb: 64 } },
  scenario: { contextTokens: 16_384, concurrency: 2, kvCacheType: 'q8_0' },
};

describe('saved plans', () => {
  it('saves under a readable id, lists newest first, replaces by id keeping the creation time, and removes', () => {
    const directory = testDirectory('wp-plans-');
    const first = savePlan(draft, directory, new Date('2026-11-20T10:00:00Z'));
    expect(first.id).toMatch(/^team-chat-box-qwen3-32b-[0-9a-f]{8}$/);
    const second = savePlan({ ...draft, name: 'Cheaper option' }, directory, new Date('2026-11-21T10:00:00Z'));
    expect(listPlans(directory).plans.map((p) => p.name)).toEqual(['Cheaper option', 'Team chat box: Qwen3 32B']);

    const edited = savePlan({ ...draft, id: first.id, notes: 'ask for budget' }, directory, new Date('2026-11-22T10:00:00Z'));
    expect(edited.createdAt).toBe('2026-11-20T10:00:00.000Z');
    expect(getPlan(first.id, directory)).toEqual(edited);
    expect(listPlans(directory).plans[0]?.id).toBe(first.id);

    expect(removePlan(second.id, directory)).toBe(true);
    expect(removePlan(second.id, directory)).toBe(false);
    // Atomic writes leave no temporary files behind.
    expect(readdirSync(directory)).toEqual([`${first.id}.weightplan.json`]);
  });

  it('reopens exactly what was saved: the file is the plan', () => {
    const directory = testDirectory('wp-plans-');
    const plan = savePlan(draft, directory);
    const text = readFileSync(join(directory, `${plan.id}.weightplan.json`), 'utf8');
    expect(parsePlanDocument(text)).toEqual(plan);
    expect(parsePlanDocument(text, { fresh: true }).id).not.toBe(plan.id);
  });

  it('lists a damaged plan file as damaged and leaves it alone', () => {
    const directory = testDirectory('wp-plans-');
    savePlan(draft, directory);
    writeFileSync(join(directory, 'broken.weightplan.json'), '{"schemaVersion": 1, "name": 3}');
    const listing = listPlans(directory);
    expect(listing.plans).toHaveLength(1);
    expect(listing.damaged).toEqual([{ file: 'broken.weightplan.json', reason: expect.stringMatching(/will not overwrite/) }]);
    expect(readFileSync(join(directory, 'broken.weightplan.json'), 'utf8')).toBe('{"schemaVersion": 1, "name": 3}');
  });

  it('rejects documents that are not plans, naming the field', () => {
    expect(() => parsePlanDocument('not json')).toThrow(/is not JSON/);
    expect(() => parsePlanDocument(JSON.stringify({ schemaVersion: 2 }))).toThrow(/schemaVersion/);
    const plan = savePlan(draft, testDirectory('wp-plans-'));
    expect(() => parsePlanDocument(JSON.stringify({ ...plan, scenario: { contextTokens: -1 } }))).toThrow(/scenario\.contextTokens/);
    expect(() => getPlan('../../etc/passwd', testDirectory('wp-plans-'))).toThrow(/lower-case letters/);
  });
});

describe('saved machines', () => {
  it('keeps one profile per name, sorted, and removes by name in any case', () => {
    const file = join(testDirectory('wp-profiles-'), 'profiles.json');
    saveProfile({ name: 'Basement server', hardware: { whatIf: { gpu: '4x RTX 3090', ramGb: 256 } } }, file);
    saveProfile({ name: 'Laptop', hardware: { whatIf: { gpu: 'Apple M3 Max (40-core GPU)', ramGb: 64 } } }, file);
    saveProfile({ name: 'basement server', hardware: { whatIf: { gpu: '2x RTX 3090', ramGb: 128 } } }, file);
    expect(listProfiles(file).map((p) => p.name)).toEqual(['basement server', 'Laptop']);
    expect(removeProfile('LAPTOP', file)).toBe(true);
    expect(listProfiles(file)).toHaveLength(1);
  });
});

describe('unbounded storage: plan lists come in pages', () => {
  function store(count: number): { directory: string; saved: Plan[] } {
    const directory = testDirectory('wp-plans-pages-');
    const base = savePlan(draft, directory, new Date('2026-01-01T00:00:00Z'));
    const saved = [base];
    // Written directly (not through savePlan) to keep the test fast; every file is a valid plan.
    for (let i = 1; i < count; i++) {
      const plan = { ...base, id: `plan-${String(i).padStart(5, '0')}`, updatedAt: new Date(Date.UTC(2026, 0, 1, 0, i % 7)).toISOString() };
      writeFileSync(join(directory, `${plan.id}.weightplan.json`), JSON.stringify(plan));
      saved.push(plan);
    }
    return { directory, saved };
  }

  it('gives 50 plans by default, a total and a cursor, and walks every plan exactly once, newest first', () => {
    const { directory, saved } = store(230);
    const first = listPlans(directory);
    expect(first.plans).toHaveLength(50);
    expect(first.total).toBe(230);
    expect(first.nextCursor).toEqual(expect.any(String));
    const seen = [...first.plans];
    let cursor = first.nextCursor;
    while (cursor) {
      const page = listPlans(directory, { limit: 200, cursor });
      expect(page.damaged).toEqual([]);
      seen.push(...page.plans);
      cursor = page.nextCursor;
    }
    expect(seen.map((p) => p.id).sort()).toEqual(saved.map((p) => p.id).sort());
    const times = seen.map((p) => p.updatedAt);
    expect(times).toEqual([...times].sort().reverse());
  });

  it('pages stay consistent when a plan is saved between two pages', () => {
    const { directory } = store(120);
    const first = listPlans(directory, { limit: 60 });
    savePlan({ ...draft, name: 'Newest' }, directory, new Date('2027-01-01T00:00:00Z'));
    const second = listPlans(directory, { limit: 60, cursor: first.nextCursor ?? '' });
    expect(second.total).toBe(121);
    expect(new Set([...first.plans, ...second.plans].map((p) => p.id)).size).toBe(120);
    expect(second.nextCursor).toBeNull();
  });

  it('refuses page sizes above 200 and cursors it did not make', () => {
    const { directory } = store(3);
    expect(() => listPlans(directory, { limit: 201 })).toThrow(/limit: must be a whole number from 1 to 200/);
    expect(() => listPlans(directory, { cursor: 'not-a-cursor' })).toThrow(/cursor: is not a nextCursor that plans.list returned/);
  });
});

describe('unbounded storage: plan store caps', () => {
  // 10,000 small files: 1.5 s on a quiet disk, but once 46 s while CI's other test tasks wrote to the same disk.
  it(`refuses a new plan once the store holds ${MAX_SAVED_PLANS.toLocaleString('en-US')}, but still replaces saved ones`, {
    timeout: 180_000,
  }, () => {
    const directory = testDirectory('wp-plans-full-');
    const kept = savePlan(draft, directory);
    for (let i = 1; i < MAX_SAVED_PLANS; i++) writeFileSync(join(directory, `filler-${i}.weightplan.json`), '{}');
    const error = (() => {
      try {
        savePlan({ ...draft, name: 'One too many' }, directory);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(PlanStoreFullError);
    expect((error as Error).message).toMatch(/holds 10,000 plans, the most a store keeps: delete some \(plans\.remove\)/);
    expect(() => storePlan({ ...kept, id: 'imported-plan' }, directory)).toThrow(PlanStoreFullError);
    expect(savePlan({ ...draft, id: kept.id, notes: 'still editable' }, directory).notes).toBe('still editable');
  });

  it('refuses a plan larger than 128 KB, saying the limit', () => {
    const directory = testDirectory('wp-plans-big-');
    const saved = savePlan(draft, directory);
    // Within every field's own limit, but 40 warnings of 4 KB make a 160 KB plan.
    const huge: Plan = {
      ...saved,
      id: 'huge-plan',
      hardware: {
        profile: { ...buildWhatIfProfile({ gpu: 'RTX 4090' }), warnings: Array.from({ length: 40 }, () => 'w'.repeat(4096)) },
      },
    };
    expect(() => storePlan(huge, directory)).toThrow(/plan: is 1\d\d KB: a saved plan may be at most 128 KB/);
  });
});

describe('unbounded storage: saved machines', () => {
  it('pages profiles by name and stops at the cap', () => {
    const file = join(testDirectory('wp-profiles-cap-'), 'profiles.json');
    const profiles = Array.from({ length: MAX_SAVED_PROFILES }, (_, i) => ({
      name: `Machine ${String(i).padStart(3, '0')}`,
      hardware: { whatIf: { gpu: 'RTX 4090' } },
      savedAt: '2026-01-01T00:00:00.000Z',
    }));
    writeFileSync(file, JSON.stringify({ schemaVersion: 1, profiles }));
    const first = pageProfiles({ limit: 150 }, file);
    expect(first.profiles).toHaveLength(150);
    expect(first.total).toBe(200);
    const second = pageProfiles({ limit: 150, cursor: first.nextCursor ?? '' }, file);
    expect(second.profiles.map((p) => p.name)).toEqual(profiles.slice(150).map((p) => p.name));
    expect(second.nextCursor).toBeNull();
    expect(() => saveProfile({ name: 'One more', hardware: { whatIf: { gpu: 'RTX 4090' } } }, file)).toThrow(
      /holds 200 saved machines, the most it keeps/,
    );
    expect(saveProfile({ name: 'machine 007', hardware: { whatIf: { gpu: 'RTX 3090' } } }, file).name).toBe('machine 007');
  });
});
