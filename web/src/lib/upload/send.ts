import type { ErrorResponse } from '$lib/shared/api';
import { csrfHeaders } from '$lib/session.svelte';

/**
 * Sends a file as the request body with XMLHttpRequest, the one browser API that reports upload
 * progress. Resolves with the upload id; rejects with the server's Russian message.
 */
export function sendFile(url: string, file: File, onProgress: (fraction: number) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    // Always the raw-body type: file.type varies by system (text/csv, application/vnd.ms-excel, none).
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    for (const [name, value] of Object.entries(csrfHeaders())) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      let body: ({ id?: number } & Partial<ErrorResponse>) | null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status === 202 && body?.id) resolve(body.id);
      else reject(new Error(body?.message ?? `Ошибка сервера (${xhr.status})`));
    };
    xhr.onerror = () => reject(new Error('Не удалось отправить файл: сервер недоступен.'));
    xhr.send(file);
  });
}
