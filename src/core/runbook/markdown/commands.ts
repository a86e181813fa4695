// Commands by their content, wherever a responder finds them: an untagged fence is commands when its lines read as
// command lines (a prompt, a known program), not when it holds a log excerpt, JSON, YAML or a config snippet; a
// prompt may be `$ `, `user@host:~$ `, `[user@host dir]$ ` or, in a transcript, a root `# `; inline code in prose or
// a numbered step is a command when it starts like a command line (`kubectl get events`).

/** Programs responders run from runbooks: the first word of a command line. */
const COMMAND_WORDS = new Set([
  'kubectl', 'k', 'helm', 'docker', 'podman', 'crictl', 'systemctl', 'journalctl', 'service', 'curl', 'wget', 'http', 'dig',
  'nslookup', 'host', 'ping', 'traceroute', 'mtr', 'nc', 'telnet', 'ssh', 'scp', 'rsync', 'openssl', 'psql', 'pg_isready',
  'mysql', 'mysqladmin', 'redis-cli', 'mongo', 'mongosh', 'sqlite3', 'cqlsh', 'aws', 'gcloud', 'gsutil', 'az', 'terraform',
  'ansible', 'ansible-playbook', 'vault', 'consul', 'nomad', 'etcdctl', 'git', 'gh', 'grep', 'egrep', 'rg', 'awk', 'sed', 'cat',
  'less', 'tail', 'head', 'ls', 'cd', 'df', 'du', 'free', 'top', 'htop', 'uptime', 'ps', 'kill', 'pkill', 'lsof', 'netstat',
  'ss', 'ip', 'ifconfig', 'iptables', 'nft', 'mount', 'umount', 'dmesg', 'vmstat', 'iostat', 'sar', 'strace', 'tcpdump', 'find',
  'xargs', 'jq', 'yq', 'echo', 'export', 'env', 'sudo', 'su', 'chmod', 'chown', 'cp', 'mv', 'rm', 'mkdir', 'touch', 'tar', 'gzip',
  'make', 'npm', 'npx', 'yarn', 'node', 'python', 'python3', 'pip', 'go', 'java', 'mvn', 'gradle', 'cargo', 'rake', 'bundle', 'rails',
  'nginx', 'apachectl', 'certbot', 'crontab', 'watch', 'time', 'timeout', 'nohup', 'screen', 'tmux', 'stern', 'k9s', 'kubectx',
  'kubens', 'argocd', 'flux', 'istioctl', 'linkerd', 'oc', 'eksctl', 'velero', 'promtool', 'amtool', 'vector', 'logcli', 'pgbouncer',
  'patronictl', 'rabbitmqctl', 'kafka-topics', 'kafka-consumer-groups', 'zkcli', 'nodetool', 'ceph', 'rados', 'zfs', 'zpool',
  'lvs', 'pvs', 'vgs', 'blkid', 'lsblk', 'fdisk', 'hostname', 'whoami', 'id', 'date', 'ntpq', 'chronyc', 'timedatectl', 'ulimit',
  'sysctl', 'modprobe', 'lsmod', 'reboot', 'shutdown', 'cron', 'supervisorctl', 'pm2', 'heroku', 'fly', 'flyctl', 'vercel',
  'wrangler', 'doctl', 'linode-cli', 'openstack', 'nova', 'virsh', 'vagrant', 'packer', 'bash', 'sh', 'zsh', 'source', 'tee',
  'sort', 'uniq', 'wc', 'cut', 'tr', 'diff', 'stat', 'file', 'which', 'type', 'history', 'alias', 'set', 'unset', 'read',
]);

/**
 * A prompt before a command: `$ `, `% `, `user@host:~$ `, `user@host:/srv# `, `[user@host dir]$ `, `(venv) $ `.
 * Bounded parts, anchored: no run of any character makes it backtrack far.
 */
const PROMPT = /^\s*(?:\([\w.-]{1,40}\)\s)?(?:\[[^\]\n]{1,120}\]|[\w.-]{1,64}@[\w.-]{1,64}(?::[^\s$#]{0,200})?)?\s?[$%#] (?=\S)/;
/** A prompt with nothing before the sign: only `$ ` (and `% `) alone counts outside a transcript; a bare `# ` is a comment. */
const DOLLAR_PROMPT = /^\s*[$%] (?=\S)/;

function firstWord(line: string): string {
  const word = /^\s*(?:sudo\s+(?:-\S+\s+)*)?([\w./-]{1,64})/.exec(line);
  return word ? word[1] : '';
}

/** True when `line` starts like a command line: a known program, a path to one, or a variable assignment before one. */
export function startsLikeCommand(line: string): boolean {
  const word = firstWord(line);
  if (word === '') return false;
  if (COMMAND_WORDS.has(word.toLowerCase())) return true;
  // `./scripts/failover.sh`, `/opt/app/bin/health`, `bin/rails`.
  return /^(?:\.{0,2}\/|bin\/|scripts?\/)[\w./-]+$/.test(word) && !/\.(?:log|json|ya?ml|conf|txt|md)$/.test(word);
}

/**
 * A root prompt's command we have no name for (`# unbound-control reload`): a lower-case word with a `-`, `_` or `.`
 * in it, as program names have and the first words of comments ("# check the logs") do not.
 */
function namesAProgram(command: string): boolean {
  return /^[a-z][a-z0-9]*[-_.][\w.-]*(?:\s|$)/.test(command);
}

/**
 * The command of a prompted line with its prompt taken off, or null when the line has no prompt. A prompt that
 * ends in `#` (root) needs a user@host before it, or, with `rootPrompts` (a transcript), a known program after it:
 * `# kubectl get pods` in a console block; `# Check the logs` is a comment.
 */
export function promptedCommand(line: string, rootPrompts: boolean): string | null {
  const match = PROMPT.exec(line);
  if (!match) return null;
  const sign = match[0].trimEnd().slice(-1);
  const bare = match[0].trim().length === 1;
  const command = line.slice(match[0].length).trimEnd();
  if (sign === '#' && bare && !(rootPrompts && (startsLikeCommand(command) || namesAProgram(command)))) return null;
  if (sign === '%' && bare && !startsLikeCommand(command)) return null;
  return command;
}

/** True when a line has a `$ ` prompt (or a user@host one) before a command. */
export function hasPrompt(line: string): boolean {
  return DOLLAR_PROMPT.test(line) || (PROMPT.test(line) && promptedCommand(line, false) !== null);
}

const LOG_LINE = /^\s*(?:\[?\d{4}-\d\d-\d\d[T ]|\[?\d\d:\d\d:\d\d|[A-Z][a-z]{2} [ \d]\d \d\d:|\[?(?:TRACE|DEBUG|INFO|WARN(?:ING)?|ERROR|FATAL|CRITICAL)\b\]?|level=|ts=|time=)/;
const DATA_LINE = /^\s*(?:[{}[\]"]|<\/?[A-Za-z!?]|-\s+\w[\w-]*:|[\w.-]+\s*[:=](?:\s|$)|\[[\w. -]+\]\s*$)/;

/**
 * True when an untagged fence holds commands: it has a prompt, or most of its lines (comments and blank lines aside)
 * start like a command line and few look like data (log lines, JSON, YAML, `key = value` config, XML).
 */
export function looksLikeCommands(content: string): boolean {
  let commands = 0;
  let data = 0;
  let lines = 0;
  for (const raw of content.split('\n', 200)) {
    const line = raw.trim();
    if (line === '' || (line.startsWith('#') && !line.startsWith('#!') && !PROMPT.test(line))) continue;
    if (hasPrompt(line)) return true;
    lines++;
    if (LOG_LINE.test(line) || DATA_LINE.test(line)) data++;
    else if (startsLikeCommand(line)) commands++;
  }
  return commands > 0 && commands * 2 >= lines && data * 3 < lines;
}

/**
 * True when a code span is a command line: it starts like one (`kubectl get events -n prod`) and is more than a
 * word, or is a known program alone that names nothing else (`uptime`, `df`). `kubectl` alone in prose is a name.
 */
export function isInlineCommand(code: string): boolean {
  const text = code.trim();
  if (text === '' || text.length > 2000 || !startsLikeCommand(text)) return false;
  return /\s/.test(text) || ['uptime', 'df', 'free', 'top', 'htop', 'dmesg', 'ps', 'w', 'who', 'date', 'hostname'].includes(text);
}
