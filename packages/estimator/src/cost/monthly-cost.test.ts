import { describe, expect, it } from 'vitest';
import { breakEven } from './break-even.js';
import { apiMonthlyCostUsd, machinesNeeded, ownedMonthlyCost, rentedMonthlyCost } from './monthly-cost.js';
import { CostAssumptionsSchema, SECONDS_PER_MONTH, type Workload, WorkloadSchema } from './workload.js';

const assumptions = CostAssumptionsSchema.parse({});
const workload = (inputTokensPerMonth: number, outputTokensPerMonth: number, extra: Partial<Workload> = {}): Workload =>
  WorkloadSchema.parse({ inputTokensPerMonth, outputTokensPerMonth, ...extra });
const rate = { prefillTokensPerSecond: 1000, aggregateDecodeTokensPerSecond: 100 };

describe('the cost of owned hardware', () => {
  it('writes the price off, and pays idle power all month and loaded power while busy', () => {
    // 100M prompt tokens at 1,000/s + 10M generated at 100/s = 200,000 s: 7.61% of a 730-hour month.
    // Write-off $2,000 / 36 = $55.56. Power: 450 W GPU + 150 W system = 600 W loaded, 180 W idle (30%):
    // 180 + 420 x 0.0761 = 211.96 W average x 730 h x $0.13/kWh = $20.12.
    const cost = ownedMonthlyCost(rate, workload(100e6, 10e6), { priceUsd: 2000, loadedWatts: 600 }, assumptions);
    expect(cost.machines).toBe(1);
    expect(cost.utilisation).toBeCloseTo(0.0761035, 6);
    expect(cost.breakdown.hardwareUsd).toBeCloseTo(55.5556, 4);
    expect(cost.breakdown.energyUsd).toBeCloseTo(20.1153, 4);
    expect(cost.monthlyCostUsd).toBeCloseTo(75.6709, 4);
  });

  it('adds machines when one would be busy beyond the utilisation cap, and counts the system price and ops per machine', () => {
    // 60% of 2,628,000 s = 1,576,800 s per machine; 5M s of work needs 4 machines.
    expect(machinesNeeded(5_000_000, assumptions)).toBe(4);
    expect(machinesNeeded(1_576_800, assumptions)).toBe(1);
    expect(machinesNeeded(0, assumptions)).toBe(1);
    const cost = ownedMonthlyCost(
      rate,
      workload(0, 500e6),
      { priceUsd: 3600, loadedWatts: 1000 },
      { ...assumptions, systemPriceUsd: 1800, opsUsdPerMonth: 50 },
    );
    expect(cost.machines).toBe(4);
    expect(cost.breakdown.hardwareUsd).toBeCloseTo((4 * (3600 + 1800)) / 36, 6);
    expect(cost.breakdown.opsUsd).toBe(200);
  });
});

describe('the cost of rented hardware and of closed APIs', () => {
  it('pays rented instances by the hour around the clock, more instances for more volume', () => {
    expect(rentedMonthlyCost(rate, workload(0, 10e6), 2, assumptions).monthlyCostUsd).toBe(1460);
    // 300M tokens at 100/s = 3,000,000 s: two instances.
    expect(rentedMonthlyCost(rate, workload(0, 300e6), 2, assumptions)).toMatchObject({ machines: 2, monthlyCostUsd: 2920 });
  });

  it('bills API input, cached input and output at their own prices', () => {
    // 80M uncached x $3 + 20M cached x $0.30 + 10M out x $15 = $240 + $6 + $150.
    expect(
      apiMonthlyCostUsd(
        { inputPerMillionUsd: 3, cachedInputPerMillionUsd: 0.3, outputPerMillionUsd: 15 },
        workload(100e6, 10e6, { cachedInputShare: 0.2 }),
      ),
    ).toBeCloseTo(396, 9);
    // No caching discount: cached input at the full price.
    expect(
      apiMonthlyCostUsd(
        { inputPerMillionUsd: 3, cachedInputPerMillionUsd: null, outputPerMillionUsd: 15 },
        workload(100e6, 10e6, { cachedInputShare: 0.2 }),
      ),
    ).toBeCloseTo(450, 9);
  });
});

describe('break-even volume', () => {
  const machine = { priceUsd: 2000, loadedWatts: 600 };
  const price = { inputPerMillionUsd: 0.5, cachedInputPerMillionUsd: null, outputPerMillionUsd: 1.5 };
  const mix = (volume: number) => workload(volume * 0.75, volume * 0.25);

  it('agrees with the volume where the two cost curves cross, found by bisection', () => {
    const total = 1e6;
    const secondsPerToken = (0.75 / rate.prefillTokensPerSecond + 0.25 / rate.aggregateDecodeTokensPerSecond) * 1;
    const idle = machine.loadedWatts * assumptions.idlePowerShare;
    const analytic = breakEven(
      {
        fixedUsdPerMachine: machine.priceUsd / 36 + (idle * 730 * assumptions.electricityUsdPerKwh) / 1000,
        marginalUsdPerToken: ((secondsPerToken / 3600) * (machine.loadedWatts - idle) * assumptions.electricityUsdPerKwh) / 1000,
        machineSecondsPerToken: secondsPerToken,
        capacitySecondsPerMachine: SECONDS_PER_MONTH * assumptions.maxUtilisation,
        apiUsdPerToken: apiMonthlyCostUsd(price, mix(total)) / total,
      },
      'self-hosting',
      'the API',
    );
    expect(analytic.tokensPerMonth).not.toBeNull();

    const gap = (volume: number) =>
      ownedMonthlyCost(rate, mix(volume), machine, assumptions).monthlyCostUsd - apiMonthlyCostUsd(price, mix(volume));
    let low = 1e3;
    let high = 1e9;
    expect(gap(low)).toBeGreaterThan(0);
    expect(gap(high)).toBeLessThan(0);
    for (let i = 0; i < 200; i++) {
      const middle = (low + high) / 2;
      if (gap(middle) > 0) low = middle;
      else high = middle;
    }
    expect(high / (analytic.tokensPerMonth ?? 0)).toBeCloseTo(1, 9);
    expect(analytic.statement).toMatch(/^below \d+(\.\d+)?M tokens\/month the API is cheaper; above it, self-hosting$/);
  });

  it('says when the API is cheaper at every volume', () => {
    const cheapApi = {
      fixedUsdPerMachine: 100,
      marginalUsdPerToken: 2e-7,
      machineSecondsPerToken: 0.001,
      capacitySecondsPerMachine: 1e6,
      apiUsdPerToken: 1e-7,
    };
    expect(breakEven(cheapApi, 'A', 'B')).toMatchObject({ tokensPerMonth: null, statement: expect.stringMatching(/below the energy/) });
    // Pays off only beyond what one machine can serve: more machines bring the same fixed cost per capacity.
    const slowMachine = {
      fixedUsdPerMachine: 2000,
      marginalUsdPerToken: 0,
      machineSecondsPerToken: 0.01,
      capacitySecondsPerMachine: 1e6,
      apiUsdPerToken: 1e-5,
    };
    expect(breakEven(slowMachine, 'A', 'B')).toMatchObject({
      tokensPerMonth: null,
      statement: expect.stringMatching(/more than one machine serves/),
    });
  });
});
