import type { Migration } from './migration.js';

/**
 * Stands in for goods-perf's 015 on the exports branch (numbers are assigned: 015 goods-perf,
 * 016 exports; the list may have no gap). The merge replaces this file and its line with theirs.
 */
export const m015Reserved: Migration = {
  version: 15,
  name: '015-reserved',
  up() {},
};
