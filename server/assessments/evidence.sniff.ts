import { fileTypeFromBuffer } from 'file-type';

/** Largest evidence file accepted (also multer's limit). */
export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Allowed types by content, with the file-name extensions that may carry each. */
const ALLOWED: Record<string, { mime: string; extensions: string[] }> = {
  pdf: { mime: 'application/pdf', extensions: ['pdf'] },
  jpg: { mime: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
  png: { mime: 'image/png', extensions: ['png'] },
  xlsx: { mime: XLSX, extensions: ['xlsx'] },
  docx: { mime: DOCX, extensions: ['docx'] },
  csv: { mime: 'text/csv', extensions: ['csv'] },
};

/** For `<input type=file accept=…>`: a hint to the browser only; the server decides by content. */
export const ACCEPT_ATTRIBUTE = Object.values(ALLOWED).flatMap((a) => [a.mime, ...a.extensions.map((e) => `.${e}`)]).join(',');

export type SniffResult =
  | { ok: true; mime: string; ext: string }
  | { ok: false; key: string; params: Record<string, unknown> };

const ERR = 'assessments.evidence.errors.';

/**
 * Decides what a file is from its bytes (magic numbers via `file-type`, which also
 * looks inside ZIP containers to tell XLSX and DOCX apart), never from the name or the
 * browser's MIME type. The extension must agree with the content, so a program
 * renamed to .pdf, or a PDF renamed to .png, is refused. CSV has no signature: it is
 * accepted when named .csv and the bytes are text.
 */
export async function sniffEvidence(content: Buffer, originalName: string): Promise<SniffResult> {
  if (content.length === 0) return { ok: false, key: ERR + 'empty', params: { name: originalName } };
  if (content.length > EVIDENCE_MAX_BYTES) return { ok: false, key: ERR + 'tooLarge', params: { name: originalName, max: EVIDENCE_MAX_BYTES / 1024 / 1024 } };
  const extension = extensionOf(originalName);
  const detected = await fileTypeFromBuffer(content);
  if (detected) {
    const allowed = ALLOWED[detected.ext];
    if (!allowed) return { ok: false, key: ERR + 'typeNotAllowed', params: { name: originalName, type: detected.ext } };
    if (!allowed.extensions.includes(extension)) {
      return { ok: false, key: ERR + 'extensionMismatch', params: { name: originalName, type: detected.ext } };
    }
    return { ok: true, mime: allowed.mime, ext: detected.ext };
  }
  if (extension === 'csv' && looksLikeText(content)) return { ok: true, mime: ALLOWED.csv.mime, ext: 'csv' };
  return { ok: false, key: ERR + 'typeUnknown', params: { name: originalName } };
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/** Text in UTF-8 (or a single-byte encoding): no NUL and no control bytes other than tab, CR, LF, FF. */
export function looksLikeText(content: Buffer): boolean {
  const sample = content.subarray(0, 64 * 1024);
  for (const byte of sample) {
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) return false;
    if (byte === 0x7f) return false;
  }
  return true;
}

/** A file name safe to show and to put in Content-Disposition: no path, no control characters, bounded. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim().slice(-200);
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? 'evidence' : cleaned;
}
