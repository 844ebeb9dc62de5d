/** Types of edit-sequence.mjs, for the tests and editor benchmarks that replay its edits. */
export interface BenchEdit {
  start: number;
  end: number;
  text: string;
}
export function lineStarts(text: string): number[];
export function pointAt(starts: number[], offset: number): { row: number; column: number };
export function applyEdit(text: string, edit: BenchEdit): string;
export function editSequence(text: string, count: number, seed: number, language: string): BenchEdit[];
export function typingSequence(text: string, count: number, seed: number, language: string): BenchEdit[];
