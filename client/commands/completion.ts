// `orc completion bash|zsh|fish`: a completion script for the shell, made from the command
// table, so it knows every command, subcommand and option of this version.
import { CliError, EXIT } from '../exit-codes.js';
import type { CommandSpec } from './command.js';

const SHELLS = ['bash', 'zsh', 'fish'] as const;

export const completionCommand: CommandSpec = {
  name: 'completion',
  summary: 'print a shell completion script: orc completion bash|zsh|fish',
  arguments: ['<SHELL>'],
  details: [
    'Install it:',
    "  bash  echo 'source <(orc completion bash)' >> ~/.bashrc",
    '  zsh   orc completion zsh > "${fpath[1]}/_orc"   (then start a new shell)',
    '  fish  orc completion fish > ~/.config/fish/completions/orc.fish',
  ].join('\n'),
  run: async ({ args, commands }, context) => {
    const shell = args[0]!;
    if (!(SHELLS as readonly string[]).includes(shell))
      throw new CliError(
        `orc completion knows bash, zsh and fish, not "${shell}"`,
        EXIT.invalid,
        'orc completion bash',
      );
    const { completionScript } = await import('../completion-scripts.js');
    context.print(completionScript(shell as (typeof SHELLS)[number], commands));
    return EXIT.ok;
  },
};
