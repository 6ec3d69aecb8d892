import { describe, expect, it } from 'vitest';
import { DeepLinkError, deepLinkInArgv, MAX_DEEP_LINK_CHARS, pageUrlWithHash, parseDeepLink } from './deep-link.js';

const SCENARIO = '#/scenario?model=meta-llama%2FLlama-3.3-70B-Instruct&precision=Q4_K_M&context=32768&gpu=RTX+3090&gpus=2&ram=128';

describe('weightplan:// links', () => {
  it('gives the page hash of a link "Copy link" made, with or without a slash before it', () => {
    expect(parseDeepLink(`weightplan://open${SCENARIO}`)).toEqual({ hash: SCENARIO });
    expect(parseDeepLink(`weightplan://open/${SCENARIO}`)).toEqual({ hash: SCENARIO });
    expect(parseDeepLink('weightplan://open#/inspect?inspect=hf%3AQwen%2FQwen3-8B')).toEqual({
      hash: '#/inspect?inspect=hf%3AQwen%2FQwen3-8B',
    });
  });

  it('passes markup on only percent-encoded: the page reads it as text', () => {
    expect(parseDeepLink('weightplan://open#/scenario?model=<script>').hash).toBe('#/scenario?model=%3Cscript%3E');
  });

  it('opens the landing answer for a bare link', () => {
    expect(parseDeepLink('weightplan://open')).toEqual({ hash: '#/answer' });
  });

  it('refuses anything but a planner state, in one line that says what a link looks like', () => {
    const refusals = [
      'https://weightplan.example/#/scenario',
      'weightplan://evil.example#/scenario',
      'weightplan://open/etc/passwd#/scenario',
      'weightplan://open?model=x#/scenario',
      'weightplan://user:pw@open#/scenario',
      'weightplan://open#/scenario?model={x}|y',
      'weightplan://open#javascript:alert(1)',
      'weightplan://open#/Scenario/../../x',
      'not a url',
      `weightplan://open#/scenario?model=${'a'.repeat(MAX_DEEP_LINK_CHARS)}`,
    ];
    for (const link of refusals) {
      const error = (() => {
        try {
          parseDeepLink(link);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error, link).toBeInstanceOf(DeepLinkError);
      expect((error as Error).message, link).toMatch(/weightplan:\/\/open#\/<view>\?<settings>/);
      expect((error as Error).message, link).not.toContain('\n');
    }
  });

  it('finds the link among the arguments a second instance was started with', () => {
    expect(deepLinkInArgv(['/opt/Weightplan/weightplan', '--no-sandbox', `weightplan://open${SCENARIO}`])).toBe(
      `weightplan://open${SCENARIO}`,
    );
    expect(deepLinkInArgv(['/opt/Weightplan/weightplan', 'WEIGHTPLAN://open#/fit'])).toBe('WEIGHTPLAN://open#/fit');
    expect(deepLinkInArgv(['/opt/Weightplan/weightplan', '--enable-logging'])).toBeUndefined();
  });

  it("puts the link's hash on the app's own page, replacing the hash it had", () => {
    expect(pageUrlWithHash('app://weightplan/index.html#/fit?use=chat', SCENARIO)).toBe(`app://weightplan/index.html${SCENARIO}`);
    expect(pageUrlWithHash('http://localhost:5173/', '#/plans')).toBe('http://localhost:5173/#/plans');
  });
});
