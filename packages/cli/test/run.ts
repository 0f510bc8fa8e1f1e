import { runCli } from '../src/index.js';

/** Runs the CLI in-process and captures its output. */
export async function run(argv: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    readStdin: async () => stdin,
    readFile: async () => {
      throw new Error('no files in this test');
    },
  });
  return { code, stdout, stderr };
}

/** Parses the JSON a command printed. */
export function json(out: { stdout: string }): any {
  return JSON.parse(out.stdout);
}
