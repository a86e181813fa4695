// "Does this command look like it changes or destroys something?" Such commands always ask before they
// run, however the confirmation setting is set. Pure: no `vscode` import.
//
// The judgement is deliberately eager: a false alarm costs one click, a miss can cost a database.
// It reads each simple command (words.ts), skips wrappers such as `sudo` and `timeout 10`, and then asks:
// is the program itself destructive (rm, kill, reboot...)? Does a program that is not a plain reader
// (grep, cat, curl GET...) get a destructive verb (`kubectl delete`, `systemctl restart`, `docker rm`)?
// Does it carry destructive SQL, force-push, overwrite a file with `>`, or send an HTTP DELETE?

import { commandWordIndex, programName, SHELL_PROGRAMS, splitSimpleCommands, sshHostIndex, type SimpleCommand } from './words';

export interface DestructiveVerdict {
  destructive: boolean;
  /** What gave it away, for the confirmation message: "kubectl delete", "rm", "> out.txt overwrites a file". */
  reason?: string;
}

/** Programs that destroy, stop or overwrite whatever their arguments. */
const DESTRUCTIVE_PROGRAMS = new Set([
  'rm', 'rmdir', 'unlink', 'shred', 'truncate', 'dd', 'fdisk', 'sfdisk', 'parted', 'wipefs', 'mkswap',
  'reboot', 'shutdown', 'halt', 'poweroff', 'kill', 'killall', 'pkill', 'skill', 'xkill',
  'dropdb', 'dropuser', 'userdel', 'groupdel', 'lvremove', 'vgremove', 'pvremove', 'lvreduce', 'mv',
]);

/** Verbs that, as a subcommand or argument of a program that is not a plain reader, change live state. */
const DESTRUCTIVE_VERBS = new Set([
  'restart', 'stop', 'kill', 'delete', 'del', 'remove', 'rm', 'rmi', 'destroy', 'terminate', 'scale',
  'drop', 'truncate', 'purge', 'prune', 'uninstall', 'rollback', 'undo', 'drain', 'cordon', 'evict',
  'reset', 'flush', 'flushall', 'flushdb', 'shutdown', 'reboot', 'halt', 'poweroff', 'wipe', 'erase',
  'disable', 'mask', 'down', 'revoke', 'deregister', 'decommission', 'failover',
]);

/** Long options that are verbs (`iptables --flush`, `rsync --delete`); not `--rm`, which `docker run` uses to tidy up. */
const DESTRUCTIVE_OPTIONS = new Set(['--delete', '--flush', '--purge', '--remove', '--drop', '--truncate', '--destroy', '--kill', '--stop', '--restart', '--wipe', '-destroy']);

/** Packet-filter tools and the options of theirs that change the rules (`-L` only lists). */
const FIREWALLS = new Set(['iptables', 'ip6tables', 'ebtables', 'arptables', 'iptables-legacy', 'iptables-nft']);
const FIREWALL_CHANGES = /^-[AIDRFXPNEZ]$|^--(append|insert|delete|replace|flush|delete-chain|policy|new-chain|rename-chain|zero)$/;

/** `terminate-instances`, `delete-stack`: cloud CLIs put the verb first in a hyphenated word. */
const DESTRUCTIVE_VERB_PREFIX = /^(delete|terminate|remove|destroy|stop|reboot|purge|drop|reset|kill|restart|scale|deregister|detach|disable|revoke)-/;

/** Programs that only read or print, whatever words they are given (a `grep restart` restarts nothing). */
const READERS = new Set([
  'grep', 'egrep', 'fgrep', 'zgrep', 'rg', 'ag', 'ack', 'cat', 'zcat', 'bat', 'less', 'more', 'head', 'tail',
  'echo', 'printf', 'jq', 'yq', 'wc', 'sort', 'uniq', 'cut', 'tr', 'column', 'awk', 'gawk', 'nl', 'fold',
  'ls', 'tree', 'stat', 'file', 'du', 'df', 'free', 'uptime', 'date', 'whoami', 'id', 'hostname', 'uname',
  'journalctl', 'dmesg', 'man', 'which', 'whereis', 'type', 'ps', 'pgrep', 'top', 'htop', 'vmstat', 'iostat',
  'mpstat', 'sar', 'lsof', 'netstat', 'ss', 'ifconfig', 'dig', 'nslookup', 'host', 'ping', 'ping6',
  'traceroute', 'tracepath', 'mtr', 'nc', 'ncat', 'telnet', 'openssl', 'base64', 'xxd', 'hexdump', 'od',
  'diff', 'cmp', 'md5sum', 'sha1sum', 'sha256sum', 'printenv', 'test', '[', 'true', 'false', 'sleep', 'seq',
  'basename', 'dirname', 'realpath', 'readlink', 'getent', 'nproc', 'lscpu', 'lsblk', 'findmnt', 'tcpdump',
]);

const SQL =
  /\b(drop\s+(table|database|schema|index|view|user|role|collection|keyspace)|truncate\s+(table\s+)?[\w."`]+|delete\s+from|alter\s+table\s+\S+\s+drop|kill\s+(query\s+|connection\s+)?\d+|pg_terminate_backend)\b|\.(drop|dropDatabase|deleteMany|deleteOne|remove)\s*\(/i;
/** Database clients: SQL fed to them through a pipe (`echo 'DROP TABLE t' | psql`) counts too. */
const DB_CLIENTS = new Set(['psql', 'mysql', 'mariadb', 'sqlite3', 'clickhouse-client', 'clickhouse', 'cqlsh', 'mongo', 'mongosh', 'sqlcmd', 'cockroach']);
/** Cloud CLIs whose verbs come first in hyphenated words (`aws ec2 terminate-instances`). */
const CLOUD_CLIS = new Set(['aws', 'gcloud', 'az', 'doctl', 'oci', 'ibmcloud', 'linode-cli', 'hcloud', 'scw']);
const HTTP_CLIENTS = new Set(['curl', 'wget', 'http', 'https', 'httpie', 'xh']);
const HARMLESS_REDIRECT_TARGETS = new Set(['/dev/null', '/dev/stdout', '/dev/stderr', '/dev/tty', '-']);

/** Whether `command` looks destructive, and why. */
export function looksDestructive(command: string, depth = 0): DestructiveVerdict {
  const commands = splitSimpleCommands(command);
  for (const [i, simple] of commands.entries()) {
    const reason = judge(simple, depth) ?? pipedIntoShell(commands, i);
    if (reason) return { destructive: true, reason };
  }
  const sql = SQL.exec(command);
  if (sql && commands.some((c) => DB_CLIENTS.has(programName(unwrap(c.words)[0] ?? '')))) return { destructive: true, reason: sqlReason(sql[0]) };
  return { destructive: false };
}

function sqlReason(match: string): string {
  return match.replace(/\s+/g, ' ').toUpperCase();
}

function judge(simple: SimpleCommand, depth: number): string | undefined {
  return overwritingRedirect(simple) ?? nestedCommand(unwrap(simple.words), depth) ?? judgeWords(unwrap(simple.words));
}

/**
 * A command string run by another command: the script of `sh -c '…'`, the remote command of `ssh host …`, what
 * `eval` evaluates, and a quoted command line left after a wrapper (`watch "kubectl delete …"`). Judged as a
 * command of its own (a few levels deep at most).
 */
function nestedCommand(words: string[], depth: number): string | undefined {
  if (words.length === 0 || depth > 4) return undefined;
  let program = programName(words[0]);
  let inner: string | undefined;
  // A shell anywhere in the words: `sh -c`, and also `kubectl exec pod -- sh -c`, `find … -exec sh -c`.
  const shell = words.findIndex((w) => SHELL_PROGRAMS.has(programName(w)));
  const flag = shell >= 0 ? words.findIndex((w, i) => i > shell && /^-[A-Za-z]*c[A-Za-z]*$/.test(w)) : -1;
  if (flag > 0 && words[flag + 1] !== undefined) {
    program = programName(words[shell]);
    inner = words[flag + 1];
  } else if (program === 'ssh') {
    inner = words.slice(sshHostIndex(words, 0) + 1).join(' ') || undefined;
  } else if (program === 'eval') {
    inner = words.slice(1).join(' ');
    // `eval "$(curl …)"`: the code it runs is only known when it runs.
    if (/\$\(|`/.test(inner)) return 'eval runs code produced by another command';
  } else if (/\s/.test(words[0])) {
    inner = words.join(' ');
  }
  if (inner === undefined) return undefined;
  const verdict = looksDestructive(inner, depth + 1);
  return verdict.reason && `${verdict.reason} (inside ${program === 'ssh' || program === 'eval' || SHELL_PROGRAMS.has(program) ? program : 'a command string'})`;
}

/** `curl … | sudo bash`: a shell reading its script from the pipe runs whatever came down it. */
function pipedIntoShell(commands: SimpleCommand[], index: number): string | undefined {
  const simple = commands[index];
  if (!simple.afterPipe) return undefined;
  const words = unwrap(simple.words);
  const program = programName(words[0] ?? '');
  if (!SHELL_PROGRAMS.has(program) || words.slice(1).some((w) => !w.startsWith('-') || /^-[A-Za-z]*c/.test(w))) return undefined;
  const source = commands.slice(0, index).reverse().find((c) => HTTP_CLIENTS.has(programName(unwrap(c.words)[0] ?? '')));
  return source ? `${programName(unwrap(source.words)[0])} … | ${program} runs a downloaded script` : `| ${program} runs whatever it is given`;
}

function judgeWords(words: string[]): string | undefined {
  if (words.length === 0) return undefined;
  const program = programName(words[0]);
  const args = words.slice(1);
  if (DESTRUCTIVE_PROGRAMS.has(program) || /^mkfs(\.|$)/.test(program)) return program;
  if (program === 'init' || program === 'telinit') return ['0', '6'].includes(args[0] ?? '') ? `${program} ${args[0]}` : undefined;
  if (HTTP_CLIENTS.has(program)) return judgeHttp(program, args);
  if (program === 'sed' || program === 'perl') {
    return args.some((a) => /^-[a-zA-Z]*i/.test(a) || a.startsWith('--in-place')) ? `${program} -i edits files in place` : undefined;
  }
  if (program === 'tee') return args.some((a) => a === '-a' || a === '--append') ? undefined : 'tee overwrites a file';
  if (program === 'find') return judgeFind(args);
  if (FIREWALLS.has(program)) return args.some((a) => FIREWALL_CHANGES.test(a)) ? `${program} ${args.find((a) => FIREWALL_CHANGES.test(a))} changes the firewall` : undefined;
  if (program === 'chmod' || program === 'chown' || program === 'chgrp') return judgeOwnership(program, args);
  if (program === 'cp') return args.some((a) => a === '/dev/null' || a === '/dev/zero') ? 'cp /dev/null empties the file it copies over' : undefined;
  if (program === 'crontab') return args.includes('-r') ? 'crontab -r' : undefined;
  if (program === 'git') return judgeGit(args);
  if (READERS.has(program)) return undefined;
  const sql = SQL.exec(args.join(' '));
  if (sql) return sqlReason(sql[0]);
  const verb = args.find((a) => (a.startsWith('-') ? DESTRUCTIVE_OPTIONS.has(a) : isDestructiveVerb(a, CLOUD_CLIS.has(program))));
  return verb ? `${program} ${verb}` : undefined;
}

/** `restart`, `ps:restart` (heroku-style), `purge_queue` (rabbitmqctl-style), and for cloud CLIs `terminate-instances`. */
function isDestructiveVerb(word: string, hyphenatedVerbs: boolean): boolean {
  const lower = word.toLowerCase();
  if (lower.split(/[:_]/).some((part) => DESTRUCTIVE_VERBS.has(part))) return true;
  return hyphenatedVerbs && DESTRUCTIVE_VERB_PREFIX.test(lower);
}

/** Drops leading `NAME=value` assignments and wrappers (`sudo -u root`, `timeout 30s`, `xargs -n1`). */
function unwrap(words: readonly string[]): string[] {
  return words.slice(commandWordIndex(words));
}

function overwritingRedirect(simple: SimpleCommand): string | undefined {
  for (const { op, target } of simple.redirects) {
    if (!op.includes('>') || op.includes('>>') || op.endsWith('&')) continue;
    if (HARMLESS_REDIRECT_TARGETS.has(target) || /^&?\d*-?$/.test(target)) continue;
    return `${op} ${target} overwrites a file`;
  }
  return undefined;
}

function judgeHttp(program: string, args: string[]): string | undefined {
  let method = '';
  args.forEach((a, i) => {
    if (a === '-X' || a === '--request' || a === '--method') method = args[i + 1] ?? '';
    else if (/^-X[A-Za-z]+$/.test(a)) method = a.slice(2);
    else if (a.startsWith('--request=') || a.startsWith('--method=')) method = a.slice(a.indexOf('=') + 1);
    else if (['DELETE', 'POST', 'PUT', 'PATCH'].includes(a) && program !== 'curl' && program !== 'wget') method = a;
  });
  method = method.toUpperCase();
  if (method === 'DELETE') return `${program} DELETE`;
  if (!['POST', 'PUT', 'PATCH'].includes(method)) return undefined;
  // A POST to .../restart or .../cache/flush acts like the verb it names.
  const url = args.find((a) => /^https?:\/\//.test(a) || a.startsWith('/') || a.includes('/'));
  const segment = url
    ?.replace(/[?#].*$/, '')
    .split('/')
    .map((s) => s.toLowerCase())
    .find((s) => isDestructiveVerb(s, true));
  return segment ? `${program} ${method} .../${segment}` : undefined;
}

/** `chmod -R`, `chown -R` change a whole tree; `chmod 000` locks everyone out of a file. */
function judgeOwnership(program: string, args: string[]): string | undefined {
  if (args.some((a) => a === '--recursive' || /^-[a-zA-Z]*R/.test(a))) return `${program} -R changes a whole tree`;
  if (program === 'chmod' && args.some((a) => /^0+$|^[ugoa]*-rwx$/.test(a))) return `chmod ${args.find((a) => /^0+$|^[ugoa]*-rwx$/.test(a))} removes all access`;
  return undefined;
}

function judgeFind(args: string[]): string | undefined {
  if (args.includes('-delete')) return 'find -delete';
  const exec = args.findIndex((a) => a === '-exec' || a === '-execdir' || a === '-ok' || a === '-okdir');
  return exec >= 0 ? judgeWords(args.slice(exec + 1)) : undefined;
}

function judgeGit(args: string[]): string | undefined {
  const sub = args.find((a) => !a.startsWith('-'));
  const rest = args.slice(args.indexOf(sub ?? '') + 1);
  switch (sub) {
    case 'push': {
      const force = rest.find((a) => a === '--force' || a.startsWith('--force-with-lease') || a === '--mirror' || a === '--delete' || /^-[a-zA-Z]*[fd][a-zA-Z]*$/.test(a));
      if (force) return `git push ${force}`;
      const refspec = rest.find((a) => a.startsWith('+') || a.startsWith(':'));
      return refspec ? `git push ${refspec}` : undefined;
    }
    case 'reset':
      return rest.includes('--hard') || rest.includes('--merge') ? `git reset ${rest.includes('--hard') ? '--hard' : '--merge'}` : undefined;
    case 'clean':
      return rest.some((a) => /^-[a-zA-Z]*f/.test(a) || a === '--force') ? 'git clean -f' : undefined;
    case 'branch':
      return rest.some((a) => a === '-D' || (a === '--delete' && rest.includes('--force'))) ? 'git branch -D' : undefined;
    case 'stash':
      return rest[0] === 'drop' || rest[0] === 'clear' ? `git stash ${rest[0]}` : undefined;
    case 'checkout':
      return rest.includes('--') || rest.includes('.') || rest.includes('-f') || rest.includes('--force') ? 'git checkout discards changes' : undefined;
    case 'restore':
      return rest.includes('--staged') && !rest.includes('--worktree') ? undefined : 'git restore discards changes';
    default:
      return undefined;
  }
}
