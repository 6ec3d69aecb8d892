export { closestNames, levenshteinDistance, MAX_MATCHED_NAME_CHARS, nameDistance } from './closest-names.js';
export { nameTokens, normalizeName } from './normalize-name.js';
export { UnknownNameError } from './unknown-name-error.js';
