import type { HardwareProfile } from '../hardware-profile.js';
import { profileFromSnapshot } from './profile-from-snapshot.js';
import { type ReadSnapshotOptions, readSystemSnapshot } from './read-snapshot.js';

export { profileFromSnapshot } from './profile-from-snapshot.js';
export { type ReadSnapshotOptions, readSystemSnapshot } from './read-snapshot.js';
export { type ProbeStatus, type SystemSnapshot, type SystemSnapshotInput, SystemSnapshotSchema } from './system-snapshot.js';
export { probe } from './with-timeout.js';

/** Detects this machine's hardware. Never throws: failed probes become warnings in the profile. */
export async function detectHardware(options: ReadSnapshotOptions = {}): Promise<HardwareProfile> {
  return profileFromSnapshot(await readSystemSnapshot(options));
}
