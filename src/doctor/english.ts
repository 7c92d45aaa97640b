// English wording without VS Code now lives in the core (shared by the doctor and the error texts).
export { englishStrings } from '../core/l10n';
