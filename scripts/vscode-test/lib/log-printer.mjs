// Prints what the workbench sends to codeAutomationLog. PROVISIONAL: prints everything until
// the shape of the extension host's lines is known.
export function createLogPrinter({ verbose = false } = {}) {
  return {
    print(type, args) {
      const text = (Array.isArray(args) ? args : [args]).map(format).join(' ');
      console.log(verbose ? `[${type}] ${text}` : `[${type}] ${text}`);
    },
  };
}

function format(value) {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
