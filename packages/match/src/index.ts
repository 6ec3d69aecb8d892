export { closestNames, levenshteinDistance, nameDistance } from './closest-names.js';
export { nameTokens, normalizeName } from './normalize-name.js';
export { UnknownNameError } from './unknown-name-error.js';
