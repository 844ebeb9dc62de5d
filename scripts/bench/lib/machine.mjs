// A description of the machine a benchmark ran on, for the results file and BENCHMARKS.md.
import { cpus, loadavg, release, totalmem } from 'node:os';
import { existsSync, readFileSync } from 'node:fs';

function osName() {
  if (!existsSync('/etc/os-release')) return process.platform;
  const match = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(readFileSync('/etc/os-release', 'utf8'));
  return match ? match[1] : process.platform;
}

export function describeMachine() {
  const cpu = cpus();
  return {
    os: osName(),
    kernel: release(),
    cpuModel: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    loadAverage1m: loadavg()[0],
  };
}

export function formatMachine(m) {
  return `${m.os}, kernel ${m.kernel}, ${m.cores} × ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}`;
}
