export * from './issue';
export * from './names';
export * from './duration';
export * from './quantity';
export * from './image';
export * from './number';
export * from './iso8601';
