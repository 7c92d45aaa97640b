// The directory's readers tell "no key" apart from a failure of Telnyx; the error is the core's.
export { isNoApiKeyError, NoApiKeyError } from '../core/errors';
