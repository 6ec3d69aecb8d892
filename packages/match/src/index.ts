export { closestNames, levenshteinDistance, MAX_MATCHED_NAME_CHARS, nameDistance } from './closest-names.js';
export { InvalidInputError } from './invalid-input-error.js';
export { nameTokens, normalizeName } from './normalize-name.js';
export { unknownKeysMessage } from './unknown-keys.js';
export { UnknownNameError } from './unknown-name-error.js';
