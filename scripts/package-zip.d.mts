export interface ZipEntry {
  name: string;
  size: number;
  compressedSize: number;
  read(): Buffer;
}
export function readZip(file: string): ZipEntry[];
