/**
 * File paths in reports: relative to the scan root, '/'-separated, and as RFC 3986 URI
 * references for SARIF.
 *
 *   relativeToRoot(root: string, file: string): string | null   null when the file is outside the root
 *   displayPath(root: string, file: string): string             relative when possible, else as given
 *   uriReference(relativePath: string): string                  percent-encoded segments
 *   directoryUri(absoluteDir: string): string                   file:///.../ (trailing slash)
 *   fileUri(absoluteFile: string): string
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

export function relativeToRoot(root: string, file: string): string | null {
  const absolute = path.resolve(root, file);
  const rel = path.relative(path.resolve(root), absolute);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return rel.split(path.sep).join('/');
}

export function displayPath(root: string, file: string): string {
  return relativeToRoot(root, file) ?? file.split(path.sep).join('/');
}

export function uriReference(relativePath: string): string {
  return relativePath
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}

export function directoryUri(absoluteDir: string): string {
  const href = pathToFileURL(path.resolve(absoluteDir)).href;
  return href.endsWith('/') ? href : `${href}/`;
}

export function fileUri(absoluteFile: string): string {
  return pathToFileURL(path.resolve(absoluteFile)).href;
}
