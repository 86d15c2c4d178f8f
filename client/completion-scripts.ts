// Shell completion scripts for `orc completion bash|zsh|fish`, written from the command table:
// each knows this version's commands, subcommands, options, option values and which words
// are files. The scripts call nothing but the shell (no `orc` process per Tab).
import type { CommandSpec, OptionSpec } from './commands/command.js';

export type Shell = 'bash' | 'zsh' | 'fish';

interface OptionFacts {
  names: string[];
  description: string;
  takesValue: boolean;
  fileValue: boolean;
  choices: readonly string[];
}

interface CommandFacts {
  /** Words from `orc` to this command: '' for orc itself, 'schedule create'. */
  path: string;
  subcommands: { name: string; summary: string }[];
  options: OptionFacts[];
  fileArguments: boolean;
}

const HELP_OPTION: OptionFacts = {
  names: ['-h', '--help'],
  description: 'show help',
  takesValue: false,
  fileValue: false,
  choices: [],
};

export function completionScript(shell: Shell, commands: readonly CommandSpec[]): string {
  const facts = commandFacts(commands);
  if (shell === 'fish') return fishScript(facts);
  const helpers = shellHelpers(facts);
  return shell === 'bash' ? bashScript(helpers) : zshScript(helpers);
}

function commandFacts(commands: readonly CommandSpec[]): CommandFacts[] {
  const root: CommandSpec = { name: '', summary: '', subcommands: commands };
  const version = { ...HELP_OPTION, names: ['-V', '--version'], description: 'print the version' };
  const all: CommandFacts[] = [];
  const visit = (spec: CommandSpec, path: string, extra: OptionFacts[]) => {
    const subcommands = (spec.subcommands ?? []).map((sub) => ({ name: sub.name, summary: sub.summary }));
    if (subcommands.length > 0) subcommands.push({ name: 'help', summary: 'show help for a command' });
    all.push({
      path,
      subcommands,
      options: [...(spec.options ?? []).map(optionFacts), HELP_OPTION, ...extra],
      fileArguments: (spec.arguments ?? []).some((argument) => /FILE|SOURCE/.test(argument)),
    });
    for (const sub of spec.subcommands ?? []) visit(sub, path ? `${path} ${sub.name}` : sub.name, []);
  };
  visit(root, '', [version]);
  return all;
}

function optionFacts(spec: OptionSpec): OptionFacts {
  const [names, value] = spec.flags.split(/ (?=[<[])/) as [string, string | undefined];
  return {
    names: names.split(',').map((name) => name.trim()),
    description: spec.description,
    takesValue: value !== undefined,
    fileValue: value?.includes('FILE') ?? false,
    choices: spec.choices ?? [],
  };
}

/** Shell-quoted for POSIX shells and fish alike: single quotes, `'` written as `'\''`. */
function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Functions shared by the bash and zsh scripts: the same `case` syntax works in both. */
function shellHelpers(facts: CommandFacts[]): string {
  const cases = (name: string, rows: [string, string][]) =>
    [
      `${name}() {`,
      '  case "$1" in',
      ...rows.map(([pattern, value]) => `    ${pattern}) echo ${value} ;;`),
      '  esac',
      '}',
    ].join('\n');
  const optionRows = (test: (option: OptionFacts) => boolean, value: (option: OptionFacts) => string) =>
    facts.flatMap((command) =>
      command.options
        .filter(test)
        .map((option): [string, string] => [
          option.names.map((name) => quote(`${command.path}|${name}`)).join('|'),
          value(option),
        ]),
    );
  return [
    cases(
      '_orc_subcommands',
      facts
        .filter((command) => command.subcommands.length > 0)
        .map((command) => [quote(command.path), quote(command.subcommands.map((sub) => sub.name).join(' '))]),
    ),
    cases(
      '_orc_options',
      facts.map((command) => [quote(command.path), quote(command.options.flatMap((option) => option.names).join(' '))]),
    ),
    cases(
      '_orc_option_values',
      optionRows(
        (option) => option.takesValue,
        (option) => quote(option.fileValue ? '@file' : option.choices.length ? option.choices.join(' ') : '@any'),
      ),
    ),
    cases(
      '_orc_arguments',
      facts.filter((command) => command.fileArguments).map((command) => [quote(command.path), quote('@file')]),
    ),
    // Walks the words before the cursor: the command path, skipping options and their values.
    [
      '_orc_path() {',
      '  local orc_path="" skip=0 word',
      '  for word in "$@"; do',
      '    if [ "$skip" = 1 ]; then skip=0; continue; fi',
      '    case "$word" in',
      '      -*) [ -n "$(_orc_option_values "$orc_path|$word")" ] && skip=1 ;;',
      '      *) case " $(_orc_subcommands "$orc_path") " in',
      '           *" $word "*) orc_path="${orc_path:+$orc_path }$word" ;;',
      '         esac ;;',
      '    esac',
      '  done',
      '  echo "$orc_path"',
      '}',
      // What to offer for the current word: a list of words, or @file.
      '_orc_candidates() {',
      '  local orc_path="$1" previous="$2" current="$3" values',
      '  values="$(_orc_option_values "$orc_path|$previous")"',
      '  if [ -n "$values" ]; then [ "$values" = @any ] || echo "$values"; return; fi',
      '  case "$orc_path" in help|*" help") _orc_subcommands "${orc_path% help}"; [ "$orc_path" = help ] && _orc_subcommands ""; return ;; esac',
      '  case "$current" in -*) _orc_options "$orc_path"; return ;; esac',
      '  values="$(_orc_subcommands "$orc_path")"',
      '  if [ -n "$values" ]; then echo "$values"; else _orc_arguments "$orc_path"; fi',
      '}',
    ].join('\n'),
  ].join('\n');
}

function bashScript(helpers: string): string {
  return `# orc completion for bash. Install: echo 'source <(orc completion bash)' >> ~/.bashrc
${helpers}
_orc() {
  local current="\${COMP_WORDS[COMP_CWORD]}" previous="\${COMP_WORDS[COMP_CWORD-1]}" orc_path candidates
  orc_path="$(_orc_path "\${COMP_WORDS[@]:1:COMP_CWORD-1}")"
  candidates="$(_orc_candidates "$orc_path" "$previous" "$current")"
  if [ "$candidates" = @file ]; then
    compopt -o filenames 2>/dev/null
    COMPREPLY=($(compgen -f -- "$current"))
  else
    COMPREPLY=($(compgen -W "$candidates" -- "$current"))
  fi
}
complete -F _orc orc
`;
}

function zshScript(helpers: string): string {
  return `#compdef orc
# orc completion for zsh. Install: orc completion zsh > "\${fpath[1]}/_orc", then start a new shell.
${helpers}
_orc() {
  local orc_path candidates
  orc_path="$(_orc_path "\${(@)words[2,CURRENT-1]}")"
  candidates="$(_orc_candidates "$orc_path" "\${words[CURRENT-1]}" "\${words[CURRENT]}")"
  if [[ "$candidates" == @file ]]; then
    _files
  else
    compadd -- \${=candidates}
  fi
}
if [[ "\${funcstack[1]}" == _orc ]]; then
  _orc "$@"
else
  compdef _orc orc
fi
`;
}

function fishScript(facts: CommandFacts[]): string {
  const lines = [
    '# orc completion for fish. Install: orc completion fish > ~/.config/fish/completions/orc.fish',
    'function __orc_takes_value',
    '  switch "$argv[1]|$argv[2]"',
    ...facts.flatMap((command) => {
      const patterns = command.options
        .filter((option) => option.takesValue)
        .flatMap((option) => option.names.map((name) => quote(`${command.path}|${name}`)));
      return patterns.length ? [`    case ${patterns.join(' ')}`, '      return 0'] : [];
    }),
    '  end',
    '  return 1',
    'end',
    'function __orc_subcommands',
    '  switch "$argv[1]"',
    ...facts
      .filter((command) => command.subcommands.length > 0)
      .flatMap((command) => [
        `    case ${quote(command.path)}`,
        `      echo ${command.subcommands.map((sub) => quote(sub.name)).join(' ')}`,
      ]),
    '  end',
    'end',
    // The command path of the words before the cursor, skipping options and their values.
    'function __orc_path',
    '  set -l words (commandline -opc)',
    '  set -l orc_path ""',
    '  set -l skip 0',
    '  for word in $words[2..-1]',
    '    if test $skip = 1; set skip 0; continue; end',
    '    if string match -q -- "-*" $word',
    '      __orc_takes_value "$orc_path" $word; and set skip 1',
    '    else if contains -- $word (string split " " -- (__orc_subcommands "$orc_path"))',
    '      set orc_path (string trim -- "$orc_path $word")',
    '    end',
    '  end',
    '  echo $orc_path',
    'end',
    'function __orc_at',
    '  test "$(__orc_path)" = "$argv[1]"',
    'end',
    'complete -c orc -f',
  ];
  for (const command of facts) {
    const at = `-n ${quote(`__orc_at ${quote(command.path)}`)}`;
    for (const sub of command.subcommands)
      lines.push(`complete -c orc ${at} -a ${quote(sub.name)} -d ${quote(sub.summary)}`);
    if (command.path === 'help' || command.path.endsWith(' help')) continue;
    for (const option of command.options) lines.push(fishOption(at, option));
    if (command.fileArguments) lines.push(`complete -c orc ${at} -F`);
  }
  for (const command of facts.filter((item) => item.subcommands.length > 0))
    for (const sub of command.subcommands.filter((item) => item.name !== 'help'))
      lines.push(
        `complete -c orc -n ${quote(`__orc_at ${quote(command.path ? `${command.path} help` : 'help')}`)} -a ${quote(sub.name)} -d ${quote(sub.summary)}`,
      );
  return `${lines.join('\n')}\n`;
}

function fishOption(at: string, option: OptionFacts): string {
  const names = option.names
    .map((name) => (name.startsWith('--') ? `-l ${name.slice(2)}` : `-s ${name.slice(1)}`))
    .join(' ');
  const value = !option.takesValue
    ? ''
    : option.fileValue
      ? ' -r -F'
      : option.choices.length
        ? ` -x -a ${quote(option.choices.join(' '))}`
        : ' -x';
  return `complete -c orc ${at} ${names}${value} -d ${quote(option.description)}`;
}
