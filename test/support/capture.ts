/** Runs a command's main() in-process and captures what it writes. */
export function capture(run: () => number): { code: number; stdout: string; stderr: string } {
  let stdout = "";
  let stderr = "";
  const out = jest.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const err = jest.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  try {
    return { code: run(), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}
