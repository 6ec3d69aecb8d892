import { describe, expect, it } from 'vitest';
import { OPEN_MODELS } from '../catalog/index.js';
import { CLOSED_MODELS } from './catalog.js';
import { QUALITY_SIGNALS } from './quality-signals.js';

describe('published quality scores', () => {
  it('name only models in the open or closed catalog', () => {
    const ids = new Set([...OPEN_MODELS.map((m) => m.id), ...CLOSED_MODELS.map((m) => m.id)]);
    expect(QUALITY_SIGNALS.filter((s) => !ids.has(s.modelId)).map((s) => s.modelId)).toEqual([]);
  });

  it('hold one score per model, benchmark and source', () => {
    const keys = QUALITY_SIGNALS.map((s) => `${s.modelId}|${s.benchmark}|${s.sourceUrl}`);
    expect(keys.length).toBe(new Set(keys).size);
  });

  it('score coding and chat on one source each for open and closed models alike', () => {
    for (const benchmark of ['aider-polyglot', 'lmarena-text'] as const) {
      const rows = QUALITY_SIGNALS.filter((s) => s.benchmark === benchmark);
      const open = rows.filter((s) => OPEN_MODELS.some((m) => m.id === s.modelId));
      const closed = rows.filter((s) => CLOSED_MODELS.some((m) => m.id === s.modelId));
      const openSources = new Set(open.map((s) => s.sourceUrl));
      expect(openSources.size, benchmark).toBe(1);
      // Closed models released before that source was read are on it too, so open and closed share one scale.
      const [source] = openSources;
      expect(closed.filter((s) => s.sourceUrl === source).length, benchmark).toBeGreaterThanOrEqual(8);
    }
  });

  it('keep percentages within 0-100 and arena scores on the Elo scale', () => {
    for (const s of QUALITY_SIGNALS) {
      if (s.benchmark === 'lmarena-text') expect(s.score).toBeGreaterThan(800);
      else expect(s.score).toBeLessThanOrEqual(100);
    }
  });
});
