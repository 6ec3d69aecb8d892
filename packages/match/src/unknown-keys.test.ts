import { describe, expect, it } from 'vitest';
import { unknownKeysMessage } from './unknown-keys.js';

describe('unknownKeysMessage', () => {
  it('names the unknown field and the closest known one', () => {
    expect(unknownKeysMessage(['context'], ['model', 'precision', 'contextTokens', 'promptTokens'])).toBe(
      'unknown field "context" (did you mean "contextTokens"?); accepted: model, precision, contextTokens, promptTokens',
    );
  });
  it('lists several unknown fields', () => {
    expect(unknownKeysMessage(['modle', 'precisoin'], ['model', 'precision'])).toMatch(
      /^unknown fields "modle" \(did you mean "model"\?\), "precisoin" \(did you mean "precision"\?\)/,
    );
  });
});
