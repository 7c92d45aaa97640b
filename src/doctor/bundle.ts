// The entry of dist/doctor.js, loaded by src/services/doctorLoader.ts the first time a session is diagnosed.
export { diagnoseCall } from './index';
export { loadSessionForDoctor } from './load';
