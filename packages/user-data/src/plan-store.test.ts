import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getPlan, listPlans, type PlanDraft, parsePlanDocument, removePlan, savePlan } from './plan-store.js';
import { listProfiles, removeProfile, saveProfile } from './profile-store.js';

const draft: PlanDraft = {
  name: 'Team chat box: Qwen3 32B',
  model: 'Qwen/Qwen3-32B',
  precision: 'Q5_K_M',
  hardware: { whatIf: { gpu: 'RTX 3090', ramGb: 64 } },
  scenario: { contextTokens: 16_384, concurrency: 2, kvCacheType: 'q8_0' },
};

describe('saved plans', () => {
  it('saves under a readable id, lists newest first, replaces by id keeping the creation time, and removes', () => {
    const directory = mkdtempSync(join(tmpdir(), 'wp-plans-'));
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
    const directory = mkdtempSync(join(tmpdir(), 'wp-plans-'));
    const plan = savePlan(draft, directory);
    const text = readFileSync(join(directory, `${plan.id}.weightplan.json`), 'utf8');
    expect(parsePlanDocument(text)).toEqual(plan);
    expect(parsePlanDocument(text, { fresh: true }).id).not.toBe(plan.id);
  });

  it('lists a damaged plan file as damaged and leaves it alone', () => {
    const directory = mkdtempSync(join(tmpdir(), 'wp-plans-'));
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
    const plan = savePlan(draft, mkdtempSync(join(tmpdir(), 'wp-plans-')));
    expect(() => parsePlanDocument(JSON.stringify({ ...plan, scenario: { contextTokens: -1 } }))).toThrow(/scenario\.contextTokens/);
    expect(() => getPlan('../../etc/passwd', mkdtempSync(join(tmpdir(), 'wp-plans-')))).toThrow(/lower-case letters/);
  });
});

describe('saved machines', () => {
  it('keeps one profile per name, sorted, and removes by name in any case', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'wp-profiles-')), 'profiles.json');
    saveProfile({ name: 'Basement server', hardware: { whatIf: { gpu: '4x RTX 3090', ramGb: 256 } } }, file);
    saveProfile({ name: 'Laptop', hardware: { whatIf: { gpu: 'Apple M3 Max (40-core GPU)', ramGb: 64 } } }, file);
    saveProfile({ name: 'basement server', hardware: { whatIf: { gpu: '2x RTX 3090', ramGb: 128 } } }, file);
    expect(listProfiles(file).map((p) => p.name)).toEqual(['basement server', 'Laptop']);
    expect(removeProfile('LAPTOP', file)).toBe(true);
    expect(listProfiles(file)).toHaveLength(1);
  });
});
