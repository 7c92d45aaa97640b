export * from './clientState';
export * from './filters';
export * from './metadata';
export * from './model';
export * from './time';
export * from './axis';
export * from './connection';
