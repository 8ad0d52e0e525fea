/** A deadline as an official reads it: Shanghai wall-clock time, never UTC. */
export function deadlineText(iso: string, lang: 'zh' | 'en'): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
  return lang === 'zh'
    ? `${p.year}年${Number(p.month)}月${Number(p.day)}日 ${p.hour}:${p.minute}`
    : `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}
