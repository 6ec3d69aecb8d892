import { describe, expect, it } from 'vitest';
import { nvlinkInTopology, parseNvidiaSmiCsv } from './parse-nvidia-smi.js';
import { parseRocmSmiJson } from './parse-rocm-smi.js';
import { candidateNames } from './profile-from-snapshot.js';
import { parseSysctl } from './read-snapshot.js';

describe('parseNvidiaSmiCsv', () => {
  it('reads one GPU per line and treats [N/A] as missing', () => {
    const gpus = parseNvidiaSmiCsv(
      '0, NVIDIA H100 80GB HBM3, 81559, 80800, 550.90.07, 00000000:19:00.0, 5, 16, 700.00\n1, NVIDIA L4, 23034, [N/A], 550.90.07, 00000000:3B:00.0, [N/A], [N/A], 72.00\n',
    );
    expect(gpus).toEqual([
      {
        index: 0,
        name: 'NVIDIA H100 80GB HBM3',
        memoryTotalMib: 81559,
        memoryFreeMib: 80800,
        driver: '550.90.07',
        busId: '00000000:19:00.0',
        pcieLink: 'PCIe 5.0 x16',
        powerLimitWatts: 700,
      },
      {
        index: 1,
        name: 'NVIDIA L4',
        memoryTotalMib: 23034,
        memoryFreeMib: null,
        driver: '550.90.07',
        busId: '00000000:3B:00.0',
        pcieLink: null,
        powerLimitWatts: 72,
      },
    ]);
  });

  it('keeps a GPU whose memory total is [N/A]: the GB10 of a DGX Spark shares system memory', () => {
    const [gpu] = parseNvidiaSmiCsv('0, NVIDIA GB10, [N/A], [N/A], 580.95.05, 0000000F:01:00.0, [N/A], [N/A], [N/A]\n');
    expect(gpu).toMatchObject({ name: 'NVIDIA GB10', memoryTotalMib: null, memoryFreeMib: null, busId: '0000000F:01:00.0' });
  });

  it('skips driver error lines', () => {
    expect(parseNvidiaSmiCsv('NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver.\n')).toEqual([]);
  });
});

describe('nvlinkInTopology', () => {
  it('finds NV# links in the matrix and ignores the legend', () => {
    expect(
      nvlinkInTopology('\tGPU0\tGPU1\nGPU0\t X \tNV4\nGPU1\tNV4\t X \n\nLegend:\n  NV#  = Connection traversing a bonded set of # NVLinks'),
    ).toBe(true);
    expect(
      nvlinkInTopology('\tGPU0\tGPU1\nGPU0\t X \tPHB\nGPU1\tPHB\t X \n\nLegend:\n  NV#  = Connection traversing a bonded set of # NVLinks'),
    ).toBe(false);
  });
});

describe('parseRocmSmiJson', () => {
  it('reads each card and tolerates garbage', () => {
    const gpus = parseRocmSmiJson(
      '{"card0": {"Card Series": "Radeon RX 7900 XTX", "VRAM Total Memory (B)": "25753026560", "VRAM Total Used Memory (B)": "100", "PCI Bus": "0000:03:00.0"}, "system": {}}',
    );
    expect(gpus).toEqual([
      { card: 'card0', name: 'Radeon RX 7900 XTX', vramTotalBytes: 25753026560, vramUsedBytes: 100, busId: '0000:03:00.0' },
    ]);
    expect(parseRocmSmiJson('not json')).toEqual([]);
  });
});

describe('candidateNames', () => {
  it("expands lspci's bracketed alternatives into full names", () => {
    expect(candidateNames('Navi 31 [Radeon RX 7900 XT/7900 XTX/7900 GRE/7900M]')).toEqual([
      'Navi 31 [Radeon RX 7900 XT/7900 XTX/7900 GRE/7900M]',
      'Radeon RX 7900 XT',
      'Radeon RX 7900 XTX',
      'Radeon RX 7900 GRE',
      'Radeon RX 7900M',
    ]);
    expect(candidateNames('NVIDIA GeForce RTX 4090')).toEqual(['NVIDIA GeForce RTX 4090']);
  });
});

describe('parseSysctl', () => {
  it('reads memsize, the wired limit and the chip', () => {
    expect(parseSysctl('206158430208\n0\nApple M2 Ultra\n')).toEqual({
      memsizeBytes: 206158430208,
      wiredLimitMb: 0,
      chip: 'Apple M2 Ultra',
    });
  });
});
