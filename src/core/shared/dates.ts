/**
 * Dates as editors write them (ISO, day-first `27.11.2026`, month names) → one normalized ISO 8601 form:
 * `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SS` (local to the site's time zone) or with an offset
 * (`+02:00`). Validation is exact: 30 February is an error, not 2 March.
 */

const UK_MONTHS = [
  "січня",
  "лютого",
  "березня",
  "квітня",
  "травня",
  "червня",
  "липня",
  "серпня",
  "вересня",
  "жовтня",
  "листопада",
  "грудня",
];
const EN_MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:?\d{2})?)?$/i;
// `24 листопада 2023`, `24 листопада 2023 року`, `24 листопада 2023 р., 14:30`, `24 November 2023`.
const WORDS =
  /^(\d{1,2})\s+(\p{L}+)\s+(\d{4})(?:\s*(?:р\.|року))?(?:,?\s+(?:о\s+|at\s+)?(\d{1,2}):(\d{2}))?$/iu;
// The everyday Ukrainian form, day first: `27.11.2026`, `27.11.2026 10:15`, `27.11.2026 р., 10:15`.
const DOTTED =
  /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s*(?:р\.|року))?(?:,?\s+(?:о\s+)?(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/iu;

/** A date value taken apart (not yet validated), or null when its shape is none we read. */
interface DateParts {
  y: number;
  mo: number;
  d: number;
  h?: string;
  mi?: string;
  s?: string;
  zone?: string;
  /** The month was written as a name vistka does not know (`лістопада`). */
  unknownMonth?: string;
}

function dateParts(value: string): DateParts | null {
  const v = value.trim().replace(/\u00a0/g, " ");
  const iso = ISO.exec(v);
  if (iso) {
    const [, y, mo, d, h, mi, s, zone] = iso;
    return { y: +(y as string), mo: +(mo as string), d: +(d as string), h, mi, s, zone };
  }
  const dotted = DOTTED.exec(v);
  if (dotted) {
    const [, d, mo, y, h, mi, s] = dotted;
    return { y: +(y as string), mo: +(mo as string), d: +(d as string), h, mi, s };
  }
  const words = WORDS.exec(v);
  if (words) {
    const [, d, monthName, y, h, mi] = words;
    const name = (monthName as string).toLowerCase();
    let month = UK_MONTHS.indexOf(name) + 1;
    if (month === 0) month = EN_MONTHS.indexOf(name) + 1;
    const parts = { y: +(y as string), mo: month, d: +(d as string), h, mi };
    return month === 0 ? { ...parts, unknownMonth: monthName as string } : parts;
  }
  return null;
}

/** Parse a date header value; `null` when it is not a date we understand. */
export function parseDate(value: string): string | null {
  const p = dateParts(value);
  if (p === null || p.unknownMonth !== undefined) return null;
  return build(p.y, p.mo, p.d, p.h, p.mi, p.s, p.zone);
}

/**
 * Why `value` is not a date (parseDate gave null), in words an editor can act on:
 * `2026-11-31` → "November 2026 has 30 days". Null when its shape is none vistka reads
 * (then the caller lists the forms).
 */
export function whyNotADate(value: string): string | null {
  const p = dateParts(value);
  if (p === null) return null;
  if (p.unknownMonth !== undefined) return `"${p.unknownMonth}" is not a month name`;
  if (p.mo < 1 || p.mo > 12) return `there is no month ${p.mo}`;
  const days = daysInMonth(p.y, p.mo);
  if (p.d < 1 || p.d > days)
    return `${EN_MONTH_NAMES[p.mo - 1]} ${p.y} has ${days} days, so there is no day ${p.d}`;
  if (p.h !== undefined && +p.h > 23) return `there is no hour ${+p.h} (hours go from 0 to 23)`;
  if (p.mi !== undefined && +p.mi > 59) return `there is no minute ${+p.mi}`;
  if (p.s !== undefined && +p.s > 59) return `there is no second ${+p.s}`;
  if (p.zone !== undefined) return `the offset ${p.zone} is not one a place on Earth has`;
  return null;
}

const EN_MONTH_NAMES = EN_MONTHS.map((m) => `${(m[0] as string).toUpperCase()}${m.slice(1)}`);

/** A `YYYY-MM-DD` prefix of a file name (`2024-11-14-story.txt`), validated. */
export function dateFromFileName(name: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?=$|[-_. ])/.exec(name);
  return m ? build(+(m[1] as string), +(m[2] as string), +(m[3] as string)) : null;
}

function build(
  y: number,
  mo: number,
  d: number,
  h?: string,
  mi?: string,
  s?: string,
  zone?: string,
): string | null {
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  const date = `${pad(y, 4)}-${pad(mo)}-${pad(d)}`;
  if (h === undefined || mi === undefined) return date;
  const hh = +h;
  const mm = +mi;
  const ss = s === undefined ? 0 : +s;
  if (hh > 23 || mm > 59 || ss > 59) return null;
  let offset = "";
  if (zone) {
    if (zone.toUpperCase() === "Z") offset = "+00:00";
    else {
      const z = zone.replace(":", "");
      const oh = +z.slice(1, 3);
      const om = +z.slice(3, 5);
      if (oh > 14 || om > 59) return null;
      offset = `${z[0]}${z.slice(1, 3)}:${z.slice(3, 5)}`;
    }
  }
  return `${date}T${pad(hh)}:${pad(mm)}:${pad(ss)}${offset}`;
}

function daysInMonth(y: number, mo: number): number {
  return new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

const offsetCache = new Map<string, number>();
const DAY = 86_400_000;

/** Minutes east of UTC of `timeZone` at the instant `ms`. */
export function zoneOffsetMinutes(ms: number, timeZone: string): number {
  // The Intl look-up is the slow part. A zone changes its offset at most once a day, so when
  // a UTC day starts and ends with the same offset, that offset holds for the whole day.
  const day = Math.floor(ms / DAY);
  const key = `${timeZone}|${day}`;
  let offset = offsetCache.get(key);
  if (offset === undefined) {
    const start = computeOffset(day * DAY, timeZone);
    offset = start === computeOffset(day * DAY + DAY - 1, timeZone) ? start : Number.NaN;
    if (offsetCache.size > 50_000) offsetCache.clear();
    offsetCache.set(key, offset);
  }
  return Number.isNaN(offset) ? computeOffset(ms, timeZone) : offset;
}

function computeOffset(ms: number, timeZone: string): number {
  let f = offsetFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    offsetFormats.set(timeZone, f);
  }
  // format() and its six numbers, `M/D/YYYY, HH:MM:SS`, are a fifth of the time of
  // formatToParts' objects; anything else (an era, say) is read from the parts.
  const m = LOCAL_TIME.exec(f.format(ms));
  let asUtc: number;
  if (m) {
    const [, month, day, year, hour, minute, second] = m as unknown as string[];
    asUtc = Date.UTC(
      +(year as string),
      +(month as string) - 1,
      +(day as string),
      +(hour as string),
      +(minute as string),
      +(second as string),
    );
  } else {
    const p: Record<string, number> = {};
    for (const part of f.formatToParts(ms)) if (part.type !== "literal") p[part.type] = +part.value;
    asUtc = Date.UTC(p.year as number, (p.month as number) - 1, p.day, p.hour, p.minute, p.second);
  }
  return Math.round((asUtc - (ms - (ms % 1000))) / 60000);
}

/** The en-US numeric date and time, h23: month, day, year, hour, minute, second. */
const LOCAL_TIME = /^(\d+)\/(\d+)\/(\d+), (\d+):(\d+):(\d+)$/;

/**
 * The instant (ms since epoch) of a normalized date. Dates and times without an
 * offset are local to `timeZone`; a bare date is its local midnight.
 */
export function instantOf(iso: string, timeZone: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:([+-])(\d{2}):(\d{2}))?)?$/.exec(
    iso,
  );
  if (!m) throw new Error(`not a normalized date: ${iso}`);
  const local = Date.UTC(
    +(m[1] as string),
    +(m[2] as string) - 1,
    +(m[3] as string),
    +(m[4] ?? 0),
    +(m[5] ?? 0),
    +(m[6] ?? 0),
  );
  if (m[7])
    return local - (m[7] === "-" ? -1 : 1) * (+(m[8] as string) * 60 + +(m[9] as string)) * 60000;
  // Two passes settle the offset across a daylight-saving change.
  let guess = local - zoneOffsetMinutes(local, timeZone) * 60000;
  guess = local - zoneOffsetMinutes(guess, timeZone) * 60000;
  return guess;
}

/** ISO 8601 with the offset of `timeZone` at that instant: `2023-11-24T10:30:00+02:00`. */
export function isoWithOffset(ms: number, timeZone: string): string {
  const off = zoneOffsetMinutes(ms, timeZone);
  const local = new Date(ms + off * 60000);
  const sign = off < 0 ? "-" : "+";
  const a = Math.abs(off);
  return `${local.toISOString().slice(0, 19)}${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}
