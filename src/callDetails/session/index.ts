// The call panel's session: CallSession and what its host needs of it.
export { CallSession } from './callSession';
export { AUTO_REFRESH_SECONDS } from './refreshScheduler';
export { REFRESH_OVERLAP_SECONDS } from './timelineLoader';
export type {
  CallSessionDeps,
  CallSessionState,
  CallSessionWords,
  PollPace,
  SessionUpdate,
  TappedSource,
} from './types';
