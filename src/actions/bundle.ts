// The entry of dist/actions.js, loaded by ./loader.ts the first time Place Test Call or Hang Up is used.
export { HangUpService } from './hangUp';
export { placeTestCall } from './placeTestCall';
