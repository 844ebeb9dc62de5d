/** The CLI's help text and version. */
export const VERSION = '0.1.0';

export const HELP = `llmsec ${VERSION}: find prompt injection, unsafe handling of LLM output and unverified
model sources in Python, JavaScript and TypeScript.

Usage:
  llmsec scan [PATH...] [options]      scan files and folders (default: the current folder)
  llmsec bom [PATH...] [--output FILE] write a CycloneDX 1.6 AI bill of materials
  llmsec baseline [PATH...]            accept the current findings into .llmsec/accepted-risks.yaml
  llmsec rules [--rules DIR]           list the rules (and report errors in rule files)
  llmsec schema                        print the JSON Schema of rule files
  llmsec cache info|clear [--cache-dir DIR]
                                       show or empty the result cache
  llmsec --help | --version

Scan options:
  -f, --format text|json|sarif|html    output format (default text)
  -o, --output FILE                    write the report to FILE instead of standard output
      --fail-on none|info|low|medium|high|critical
                                       exit 1 when an open finding is at or above this severity
                                       (default none, or failOn in .llmsec.yaml)
      --rules DIR                      add a directory of rule files (repeatable)
      --config FILE                    configuration file (default: .llmsec.yaml in the root)
      --root DIR                       root for relative paths and the register (default: the
                                       scanned folder)
      --workers N                      analysis threads (default: the number of cores less one; 0 = none)
      --cache                          reuse the results of unchanged files from the result cache
                                       ($XDG_CACHE_HOME/llmsec, else ~/.cache/llmsec) and store
                                       new ones; off unless asked for (also for bom and baseline)
      --cache-dir DIR                  keep the result cache in DIR (implies --cache)
      --no-cache                       no result cache, whatever else is given
      --cache-max-mb N                 size cap of the result cache; the least recently used
                                       entries are removed beyond it (default 256)
      --owasp-edition 2025|2026        OWASP Top 10 for LLM Applications edition shown (text)
      --show-suppressed                also list suppressed and accepted findings (text)
      --ignore-register                do not apply .llmsec/accepted-risks.yaml
      --timings                        include elapsed times in JSON output
      --no-progress                    no progress lines on standard error

Baseline options:
      --owner NAME                     owner recorded for new accepted risks
      --review-days N                  review-by date for new entries, in days (default 90)

Exit codes: 0 nothing at or above --fail-on, 1 something is, 2 usage or configuration error.
Suppress one finding with a comment on the line above it:
  # llmsec-ignore[rule-id]: the reason it is safe
`;
