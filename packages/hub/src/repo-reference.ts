import { HubError } from './hub-error.js';

export interface RepoReference {
  /** "org/name" as given (the Hub matches case-insensitively and redirects). */
  repo: string;
  /** The GGUF quantisation asked for with ":QUANT", or null. */
  quant: string | null;
}

// The Hub's own rule for repository names: letters, digits, "-", "_", ".", no leading/trailing "-"/"." and no "--"/"..".
const PART = /^(?![.-])(?!.*(?:--|\.\.))[\w.-]{1,96}(?<![.-])$/;
const QUANT = /^[\w.-]{1,40}$/;

/** Parses "ORG/NAME" or "ORG/NAME:QUANT" (e.g. "bartowski/Qwen_Qwen3-8B-GGUF:Q4_K_M"). */
export function parseRepoReference(text: string): RepoReference {
  const trimmed = text.trim();
  const colon = trimmed.indexOf(':');
  const repo = colon === -1 ? trimmed : trimmed.slice(0, colon);
  const quant = colon === -1 ? null : trimmed.slice(colon + 1);
  const parts = repo.split('/');
  if (parts.length !== 2 || !parts.every((p) => PART.test(p)))
    throw new HubError('invalid-reference', `"${text}" is not a Hugging Face repository id: expected ORG/NAME or ORG/NAME:QUANT`);
  if (quant !== null && !QUANT.test(quant))
    throw new HubError('invalid-reference', `"${quant}" is not a quantisation name: expected e.g. Q4_K_M, Q8_0, IQ4_XS, BF16`);
  return { repo, quant };
}
