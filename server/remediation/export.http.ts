import type { Request, Response } from 'express';
import type { ExportFormat } from './indicator.service.ts';

/** Sends an export as a download; ?format=xlsx or csv (default). */
export async function sendExport(
  req: Request, res: Response, make: (format: ExportFormat) => Promise<{ body: Buffer; contentType: string; fileName: string }>,
): Promise<void> {
  const format: ExportFormat = req.query.format === 'xlsx' ? 'xlsx' : 'csv';
  const file = await make(format);
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Disposition', `attachment; filename="${file.fileName}"`);
  res.setHeader('Cache-Control', 'no-store');
  res.send(file.body);
}
