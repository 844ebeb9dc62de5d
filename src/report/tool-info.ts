/**
 * The tool's name, version and home page as the reports state them, from package.json (bundled
 * into the CLI by esbuild). `homepage` is optional there; reports omit the link when it is absent.
 *
 *   TOOL_NAME: string
 *   TOOL_VERSION: string
 *   TOOL_INFORMATION_URI: string | undefined
 */
import pkg from '../../package.json';

interface PackageInfo {
  name: string;
  version: string;
  homepage?: string;
}

const info = pkg as PackageInfo;

export const TOOL_NAME = info.name;
export const TOOL_VERSION = info.version;
export const TOOL_INFORMATION_URI: string | undefined = info.homepage;
