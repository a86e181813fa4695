/** "2h 05m", "12m", "45s": compact enough for a tree description or the status bar. */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  if (hours >= 48) return `${Math.floor(hours / 24)}d ${hours % 24}h`;
  if (hours > 0) return `${hours}h ${String(minutes).padStart(2, '0')}m`;
  if (minutes > 0) return `${minutes}m`;
  return `${totalSeconds}s`;
}

/** "in 3m" before a deadline, "3m overdue" after it. */
export function formatCountdown(msUntil: number): string {
  return msUntil >= 0 ? `in ${formatDuration(msUntil)}` : `${formatDuration(-msUntil)} overdue`;
}
