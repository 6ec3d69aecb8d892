/**
 * Characters a terminal acts on instead of printing: C0 controls (ESC starts colour, cursor and title
 * sequences; CR and BS overwrite what was printed), DEL, C1 controls (CSI U+009B is ESC [ on some
 * terminals) and the bidirectional overrides that make text display in another order than it reads.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text from a weight file (model names, metadata keys and values, tensor names, file paths) made safe
 * to print: every control character becomes a visible escape (`\x1b`, `\u202e`), so a hostile GGUF
 * cannot recolour, rewrite or clear the user's terminal. Everything else is left as it is.
 */
export function escapeControlCharacters(text: string): string {
  return text.replace(CONTROL, (character) => {
    const code = character.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
