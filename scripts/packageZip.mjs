// Reads a .vsix (a zip) with no dependency: the central directory for names and sizes, and one
// entry's bytes (stored or deflated), enough to check what `vsce package` put in.
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;

/** @returns {{ name: string, size: number, compressedSize: number, method: number, localOffset: number }[]} */
export function listZip(file, data = readFileSync(file)) {
  let end = -1;
  // The end record is the last 22 bytes plus a comment of up to 64 KB.
  for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 0xffff); i--) {
    if (data.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error(`${file} is not a zip file`);
  const count = data.readUInt16LE(end + 10);
  let offset = data.readUInt32LE(end + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    if (data.readUInt32LE(offset) !== CENTRAL_FILE_HEADER) throw new Error(`${file}: bad central directory entry ${i}`);
    const nameLength = data.readUInt16LE(offset + 28);
    const extraLength = data.readUInt16LE(offset + 30);
    const commentLength = data.readUInt16LE(offset + 32);
    entries.push({
      name: data.toString('utf8', offset + 46, offset + 46 + nameLength),
      method: data.readUInt16LE(offset + 10),
      compressedSize: data.readUInt32LE(offset + 20),
      size: data.readUInt32LE(offset + 24),
      localOffset: data.readUInt32LE(offset + 42),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The bytes of entry `name`. */
export function readZipEntry(file, name) {
  const data = readFileSync(file);
  const entry = listZip(file, data).find((e) => e.name === name);
  if (!entry) throw new Error(`${file} has no ${name}`);
  const at = entry.localOffset;
  if (data.readUInt32LE(at) !== LOCAL_FILE_HEADER) throw new Error(`${file}: bad local header for ${name}`);
  const start = at + 30 + data.readUInt16LE(at + 26) + data.readUInt16LE(at + 28);
  const raw = data.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return Buffer.from(raw);
  if (entry.method === 8) return inflateRawSync(raw);
  throw new Error(`${file}: ${name} uses compression method ${entry.method}`);
}
