export interface ZipEntry {
  name: string;
  size: number;
  compressedSize: number;
  method: number;
  localOffset: number;
}
export declare function listZip(file: string, data?: Buffer): ZipEntry[];
export declare function readZipEntry(file: string, name: string): Buffer;
