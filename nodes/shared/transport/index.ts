export * from './errors';
export * from './paginate';
export * from './quota';
export * from './request';
export * from './retry';
export * from './throttle';
