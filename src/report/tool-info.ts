/**
 * The tool's name, version and home page as the reports state them, from package.json (bundled
 * into the CLI by esbuild). The home page is package.json `homepage` when set, else the project
 * home the rule documentation links point into (DOCS_BASE in src/engine/engine.ts).
 *
 *   TOOL_NAME: string
 *   TOOL_VERSION: string
 *   TOOL_INFORMATION_URI: string
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
const PROJECT_HOME = 'https://github.com/llmsec/llmsec';

export const TOOL_INFORMATION_URI: string = info.homepage ?? PROJECT_HOME;
