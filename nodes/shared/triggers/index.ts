export { includeHistoryOption, MANUAL_SAMPLE } from './common';
export { LINKS_PER_POLL, PAGES_PER_POLL, pollLinkCreated } from './linkCreated';
export type { Mark } from './marks';
export { advance, after, baseline, byTime, isAfter, readMark, START } from './marks';
export { OPENS_PER_POLL, pollPushOpened } from './pushOpened';
