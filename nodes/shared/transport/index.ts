export * from './errors';
export * from './hosts';
export * from './paginate';
export * from './request';
export * from './retry';
export * from './spec';
export * from './throttle';
