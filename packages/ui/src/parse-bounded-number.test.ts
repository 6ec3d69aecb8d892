import { describe, expect, it } from 'vitest';
import { parseBoundedNumber } from './parse-bounded-number.js';

describe('parseBoundedNumber', () => {
  const electricity = (text: string) => parseBoundedNumber(text, 0, 5, 'a price from 0 to 5 USD per kWh');

  it('reads plain decimals, with or without a dollar sign and thousands separators', () => {
    expect(electricity('0.13')).toEqual({ ok: true, value: 0.13 });
    expect(electricity('.2')).toEqual({ ok: true, value: 0.2 });
    expect(electricity('0')).toEqual({ ok: true, value: 0 });
    expect(parseBoundedNumber('$1,599', 1, 1e9, 'a price in USD')).toEqual({ ok: true, value: 1599 });
  });

  it('refuses words, negatives, out-of-range and empty input, saying what is accepted', () => {
    expect(electricity('abc')).toEqual({
      ok: false,
      error: '“abc” is not a number: enter a price from 0 to 5 USD per kWh.',
    });
    for (const bad of ['-5', '6', '1e3', '0x10', '', 'Infinity', '0.1.2']) expect(electricity(bad).ok, bad).toBe(false);
    expect(electricity('-5')).toEqual({ ok: false, error: '“-5” is not a number: enter a price from 0 to 5 USD per kWh.' });
    expect(electricity('6')).toEqual({ ok: false, error: '“6” is out of range: enter a price from 0 to 5 USD per kWh.' });
    expect(electricity('')).toEqual({ ok: false, error: 'Empty: enter a price from 0 to 5 USD per kWh.' });
  });
});
