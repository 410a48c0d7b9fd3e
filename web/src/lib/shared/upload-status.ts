import type { UploadInfo } from './api.js';

const STATUS: Record<UploadInfo['status'], [label: string, colour: string]> = {
  processing: ['Обрабатывается', ''],
  applied: ['Загружено', 'green'],
  rejected: ['Отклонено', 'red'],
  failed: ['Сбой', 'red'],
  rolled_back: ['Откачено', 'orange'],
};

/**
 * An upload's status as the page's badge says it, and the badge's colour. An applied upload that
 * changed nothing (the same file again) says so: it is nothing to roll back; one written without
 * its refused rows («только верные строки») is no green «Загружено»: rows of the file are missing.
 */
export function uploadStatus(u: Pick<UploadInfo, 'status' | 'inserted' | 'updated' | 'deleted' | 'rowsRejected'>): [label: string, colour: string] {
  if (u.status !== 'applied') return STATUS[u.status];
  if (u.inserted + u.updated + u.deleted === 0) return ['Без изменений', ''];
  return u.rowsRejected > 0 ? ['Загружено частично', 'orange'] : STATUS.applied;
}
