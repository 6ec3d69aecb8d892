import { describe, expect, it } from 'vitest';
import { CLOUD_INSTANCES } from './cloud-instances.js';
import { HARDWARE_PRICES } from './hardware-prices.js';
import {
  applyApiPriceOverlay,
  applyCloudOverlay,
  applyHardwareOverlay,
  isStalePrice,
  PriceOverlaySchema,
  priceAgeDays,
} from './price-overlay.js';

const closed = [
  {
    id: 'openai/gpt-x',
    name: 'GPT X',
    pricing: {
      inputPerMillionUsd: 2,
      cachedInputPerMillionUsd: 0.5,
      outputPerMillionUsd: 8,
      sourceUrl: 'https://example.com/p',
      readOn: '2026-01-01',
    },
  },
];

describe('the user price overlay', () => {
  it('replaces an API price and says it is the user’s', () => {
    const overlay = PriceOverlaySchema.parse({
      schemaVersion: 1,
      apiPrices: [{ modelId: 'OpenAI/GPT-X', inputPerMillionUsd: 1.25, outputPerMillionUsd: 10, readOn: '2026-11-20' }],
    });
    const [model] = applyApiPriceOverlay(closed, overlay);
    expect(model?.pricing).toEqual({
      inputPerMillionUsd: 1.25,
      cachedInputPerMillionUsd: null,
      outputPerMillionUsd: 10,
      sourceUrl: 'file:prices.json',
      readOn: '2026-11-20',
    });
    expect(model?.priceOrigin).toBe('user');
    expect(() =>
      applyApiPriceOverlay(
        closed,
        PriceOverlaySchema.parse({
          schemaVersion: 1,
          apiPrices: [{ modelId: 'x/unknown', inputPerMillionUsd: 1, outputPerMillionUsd: 1, readOn: '2026-11-20' }],
        }),
      ),
    ).toThrow(/no closed model "x\/unknown"/);
  });

  it('replaces or adds hardware prices by GPU spec id', () => {
    const first = HARDWARE_PRICES[0];
    const overlay = PriceOverlaySchema.parse({
      schemaVersion: 1,
      hardwarePrices: [
        { gpuSpecId: first?.gpuSpecId, priceUsd: 12_345, readOn: '2026-11-20' },
        { gpuSpecId: 'nvidia-geforce-rtx-4080', priceUsd: 1899, readOn: '2026-11-20', sourceUrl: 'https://example.com/shop' },
      ],
    });
    const prices = applyHardwareOverlay(HARDWARE_PRICES, overlay);
    expect(prices.find((p) => p.gpuSpecId === first?.gpuSpecId)).toMatchObject({ priceUsd: 12_345, origin: 'user' });
    expect(prices.find((p) => p.gpuSpecId === 'nvidia-geforce-rtx-4080')).toMatchObject({
      priceUsd: 1899,
      origin: 'user',
      sourceUrl: 'https://example.com/shop',
    });
    expect(prices.filter((p) => p.origin === 'catalog')).toHaveLength(HARDWARE_PRICES.length - 1);
  });

  it('changes a cloud instance’s hourly price, adds new instance types, and refuses a bare price for an unknown one', () => {
    const known = CLOUD_INSTANCES[0];
    const overlay = PriceOverlaySchema.parse({
      schemaVersion: 1,
      cloudInstances: [
        { id: known?.id, hourlyUsd: 0.99, readOn: '2026-11-25' },
        {
          id: 'myco/box-8',
          provider: 'MyCo',
          instanceType: 'box-8',
          gpuSpecId: 'nvidia-l40s',
          gpuCount: 8,
          hourlyUsd: 9,
          region: 'eu',
          sourceUrl: 'https://myco.example/prices',
          readOn: '2026-11-25',
        },
      ],
    });
    const instances = applyCloudOverlay(CLOUD_INSTANCES, overlay);
    expect(instances.find((i) => i.id === known?.id)).toMatchObject({ hourlyUsd: 0.99, gpuSpecId: known?.gpuSpecId, origin: 'user' });
    expect(instances.find((i) => i.id === 'myco/box-8')?.gpuCount).toBe(8);
    expect(() =>
      applyCloudOverlay(
        CLOUD_INSTANCES,
        PriceOverlaySchema.parse({ schemaVersion: 1, cloudInstances: [{ id: 'nope/x', hourlyUsd: 1, readOn: '2026-11-25' }] }),
      ),
    ).toThrow(/not in the catalog/);
  });

  it('flags prices older than 180 days', () => {
    const now = new Date('2026-11-26T10:00:00Z');
    expect(priceAgeDays('2026-05-30', now)).toBe(180);
    expect(isStalePrice('2026-05-30', now)).toBe(false);
    expect(isStalePrice('2026-05-29', now)).toBe(true);
  });
});
