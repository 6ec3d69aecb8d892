import { statfsSync } from 'node:fs';
import { freemem } from 'node:os';
import { BenchError } from './bench-error.js';

const GIB = 2 ** 30;
const gib = (bytes: number) => `${(bytes / GIB).toFixed(2)} GiB`;

export interface Room {
  diskFreeBytes: number;
  memoryAvailableBytes: number;
}

/** Free space where the file goes, and memory the OS could give (libuv reads MemAvailable on Linux). */
export function measureRoom(folder: string): Room {
  const stats = statfsSync(folder);
  return { diskFreeBytes: Number(stats.bavail) * Number(stats.bsize), memoryAvailableBytes: freemem() };
}

/** Headroom kept free beyond what the run needs: the OS, the shell, other programs. */
export const ROOM_MARGIN_BYTES = 512 * 2 ** 20;

/**
 * Refuses a run that would not fit. The file is counted at its full size although it is written sparse,
 * because a file system without holes (FAT, some network mounts) stores every byte; memory must hold what
 * the estimate says the run needs on the CPU (weights read through mmap, KV cache, compute buffers).
 */
export function checkRoom(room: Room, need: { fileBytes: number; memoryBytes: number }, what: string): void {
  if (room.diskFreeBytes < need.fileBytes + ROOM_MARGIN_BYTES) {
    throw new BenchError(
      'no-room',
      `not enough free disk for a synthetic ${what}: it needs ${gib(need.fileBytes)} in the temporary folder and ${gib(room.diskFreeBytes)} is free`,
    );
  }
  if (room.memoryAvailableBytes < need.memoryBytes + ROOM_MARGIN_BYTES) {
    throw new BenchError(
      'no-room',
      `not enough free memory to run ${what}: it needs ${gib(need.memoryBytes)} and ${gib(room.memoryAvailableBytes)} is available`,
    );
  }
}
