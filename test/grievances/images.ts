import { deflateSync } from 'node:zlib';

/** Small image files built byte by byte, with the metadata a phone camera writes. */

function segment(marker: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head[0] = 0xff;
  head[1] = marker;
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

export const GPS_MARK = 'GPSLatitude 14.9056 N GPSLongitude 92.2627 W';
export const CAMERA_MARK = 'SerialNumber 8812345 Owner Juana Perez';

/** A structurally complete baseline JPEG (tables, frame, one scan) with EXIF/GPS in APP1, XMP in APP1 and a comment. */
export function jpegWithExif(): { file: Buffer; scan: Buffer } {
  const scan = Buffer.from([0x12, 0x34, 0xff, 0x00, 0x56, 0xff, 0xd0, 0x78, 0x9a]);
  const file = Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')),
    segment(0xe1, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), Buffer.from(`MM\0*${GPS_MARK} ${CAMERA_MARK}`, 'latin1')])),
    segment(0xe1, Buffer.from(`http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>${GPS_MARK}</x:xmpmeta>`, 'latin1')),
    segment(0xfe, Buffer.from(`comment ${CAMERA_MARK}`, 'latin1')),
    segment(0xdb, Buffer.alloc(65, 1)),
    segment(0xc0, Buffer.from([8, 0, 1, 0, 1, 1, 1, 0x11, 0])),
    segment(0xc4, Buffer.concat([Buffer.from([0]), Buffer.alloc(16, 0), Buffer.from([])])),
    segment(0xda, Buffer.from([1, 1, 0, 0, 0x3f, 0])),
    scan,
    Buffer.from([0xff, 0xd9]),
  ]);
  return { file, scan };
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A valid 1×1 PNG with tEXt (author), iTXt (XMP with GPS), eXIf and tIME chunks. */
export function pngWithText(): { file: Buffer; idat: Buffer } {
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  const idat = chunk('IDAT', deflateSync(Buffer.from([0, 255, 0, 0])));
  const file = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('tEXt', Buffer.from(`Author\0${CAMERA_MARK}`, 'latin1')),
    chunk('iTXt', Buffer.from(`XML:com.adobe.xmp\0\0\0\0\0${GPS_MARK}`, 'latin1')),
    chunk('eXIf', Buffer.from(`MM\0*${GPS_MARK}`, 'latin1')),
    chunk('tIME', Buffer.from([7, 234, 12, 4, 10, 0, 0])),
    idat,
    chunk('IEND', Buffer.alloc(0)),
  ]);
  return { file, idat };
}
