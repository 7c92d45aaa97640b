// The call doctor lives in dist/doctor.js, loaded the first time a session is diagnosed (a panel's timeline,
// Diagnose Call, the chat tool), so activation parses none of it.
import type * as DoctorModule from '../doctor/bundle';

let loaded: typeof DoctorModule | undefined;

export function loadDoctor(): typeof DoctorModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('./doctor.js') as typeof DoctorModule;
  return loaded;
}
