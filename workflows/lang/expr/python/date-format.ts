// The `date` filter: strftime in UTC over ISO-8601 text or epoch seconds, computed with
// plain arithmetic (no Date parsing of free text, no Intl, no local time zone).

import { describeKind, valueError } from '../shared/index.js';
import type { Budget } from '../shared/index.js';

interface Moment {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly microsecond: number;
  /** Days since 1970-01-01. */
  readonly days: number;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const SECONDS_PER_DAY = 86_400;

/** Days since the epoch of a proleptic Gregorian date (Howard Hinnant's algorithm). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function civilFromDays(days: number): { year: number; month: number; day: number } {
  const shifted = days + 719_468;
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function fromEpochSeconds(seconds: number): Moment {
  if (!Number.isFinite(seconds) || Math.abs(seconds) > 253_402_300_799)
    throw valueError(`${seconds} is not a usable time`);
  const wholeSeconds = Math.floor(seconds);
  const microsecond = Math.round((seconds - wholeSeconds) * 1_000_000);
  const days = Math.floor(wholeSeconds / SECONDS_PER_DAY);
  const inDay = wholeSeconds - days * SECONDS_PER_DAY;
  const { year, month, day } = civilFromDays(days);
  return {
    year,
    month,
    day,
    hour: Math.floor(inDay / 3600),
    minute: Math.floor(inDay / 60) % 60,
    second: inDay % 60,
    microsecond,
    days,
  };
}

function parseIso(text: string): Moment {
  const found = ISO_RE.exec(text.trim());
  if (found === null) throw valueError(`date: "${text}" is not an ISO-8601 date or time`);
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '', zone] = found;
  const numbers = [year, month, day, hour, minute, second].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const [y, mo, d, h, mi, s] = numbers;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60)
    throw valueError(`date: "${text}" is not a valid date`);
  const offsetMinutes = zone === undefined || zone.toUpperCase() === 'Z' ? 0 : zoneMinutes(zone);
  const seconds = daysFromCivil(y, mo, d) * SECONDS_PER_DAY + h * 3600 + mi * 60 + s - offsetMinutes * 60;
  const micro = Number((fraction + '000000').slice(0, 6));
  return { ...fromEpochSeconds(seconds), microsecond: micro };
}

function zoneMinutes(zone: string): number {
  const digits = zone.replace(':', '');
  const sign = digits.startsWith('-') ? -1 : 1;
  return sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
}

function toMoment(value: unknown, now: (() => string) | undefined): Moment {
  if (typeof value === 'number') return fromEpochSeconds(value);
  if (typeof value !== 'string')
    throw valueError(`date needs an ISO-8601 string or epoch seconds, not ${describeKind(value)}`);
  if (value === 'now') {
    if (now === undefined) throw valueError('date: "now" is not available here (no clock was given)');
    return parseIso(now());
  }
  return parseIso(value);
}

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

function directive(moment: Moment, code: string, noPad: boolean): string {
  const weekday = (((moment.days + 3) % 7) + 7) % 7;
  const dayOfYear = moment.days - daysFromCivil(moment.year, 1, 1) + 1;
  const hour12 = moment.hour % 12 === 0 ? 12 : moment.hour % 12;
  const number = (value: number, width = 2): string => (noPad ? String(value) : pad(value, width));
  const month = MONTHS[moment.month - 1] ?? '';
  const day = WEEKDAYS[weekday] ?? '';
  switch (code) {
    case 'Y':
      return String(moment.year);
    case 'y':
      return pad(moment.year % 100);
    case 'm':
      return number(moment.month);
    case 'd':
      return number(moment.day);
    case 'e':
      return String(moment.day).padStart(2, ' ');
    case 'H':
      return number(moment.hour);
    case 'I':
      return number(hour12);
    case 'M':
      return number(moment.minute);
    case 'S':
      return number(moment.second);
    case 'f':
      return pad(moment.microsecond, 6);
    case 'j':
      return number(dayOfYear, 3);
    case 'p':
      return moment.hour < 12 ? 'AM' : 'PM';
    case 'B':
      return month;
    case 'b':
    case 'h':
      return month.slice(0, 3);
    case 'A':
      return day;
    case 'a':
      return day.slice(0, 3);
    case 'u':
      return String(weekday + 1);
    case 'w':
      return String((weekday + 1) % 7);
    case 'z':
      return '+0000';
    case 'Z':
      return 'UTC';
    case 'F':
      return `${moment.year}-${pad(moment.month)}-${pad(moment.day)}`;
    case 'T':
      return `${pad(moment.hour)}:${pad(moment.minute)}:${pad(moment.second)}`;
    case 'c':
      return `${day.slice(0, 3)} ${month.slice(0, 3)} ${String(moment.day).padStart(2, ' ')} ${pad(moment.hour)}:${pad(moment.minute)}:${pad(moment.second)} ${moment.year}`;
    case 'x':
      return `${pad(moment.month)}/${pad(moment.day)}/${pad(moment.year % 100)}`;
    case 'X':
      return `${pad(moment.hour)}:${pad(moment.minute)}:${pad(moment.second)}`;
    case '%':
      return '%';
    default:
      throw valueError(`date: the format directive %${code} is not supported`);
  }
}

/** `budget` bounds the work inside a render; the data-processing tool calls this without one. */
export function formatDate(value: unknown, format: string, now: (() => string) | undefined, budget?: Budget): string {
  // Reading the date is a few dozen operations, whatever the format.
  budget?.chargeCalls(10);
  const moment = toMoment(value, now);
  // A directive can write ten times its own length (`%c`): the text is measured as it grows.
  let length = format.length;
  return format.replace(/%(-?)(.|$)/gs, (_, noPad: string, code: string) => {
    if (code === '') throw valueError('date: the format ends with a lone "%"');
    const text = directive(moment, code, noPad === '-');
    length += text.length;
    budget?.checkGrowingString(length);
    budget?.chargeCalls(2);
    budget?.chargeChars(text.length);
    return text;
  });
}
