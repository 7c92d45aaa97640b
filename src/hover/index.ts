import type { CallDetailsOpener, Services, TreeRevealer } from '../services/services';

export function registerHover(_services: Services, _features: { callDetails: CallDetailsOpener; tree: TreeRevealer }): void {}
