import { describe, expect, it } from "vitest";
import {
  dateFromFileName,
  instantOf,
  isoWithOffset,
  parseDate,
  whyNotADate,
  zoneOffsetMinutes,
} from "../../src/core/shared/dates.js";

const KYIV = "Europe/Kyiv";

describe("parseDate", () => {
  it.each([
    ["2023-11-24", "2023-11-24"],
    ["  2023-11-24  ", "2023-11-24"],
    ["2024-02-29", "2024-02-29"],
    ["2023-11-24T14:30", "2023-11-24T14:30:00"],
    ["2023-11-24 14:30", "2023-11-24T14:30:00"],
    ["2023-11-24T14:30:05", "2023-11-24T14:30:05"],
    ["2023-11-24T00:00:00", "2023-11-24T00:00:00"],
    ["2023-11-24T23:59:59", "2023-11-24T23:59:59"],
    ["2023-11-24T14:30+02:00", "2023-11-24T14:30:00+02:00"],
    ["2023-11-24T14:30:05+0300", "2023-11-24T14:30:05+03:00"],
    ["2023-11-24T14:30-05:30", "2023-11-24T14:30:00-05:30"],
    ["2023-11-24T12:30Z", "2023-11-24T12:30:00+00:00"],
    ["2023-11-24T12:30:15z", "2023-11-24T12:30:15+00:00"],
    ["24 листопада 2023", "2023-11-24"],
    ["1 січня 2024 року", "2024-01-01"],
    ["5 Травня 2022 р.", "2022-05-05"],
    ["24 листопада 2023 року, 14:30", "2023-11-24T14:30:00"],
    ["24 листопада 2023 р., 9:05", "2023-11-24T09:05:00"],
    ["24\u00a0листопада\u00a02023", "2023-11-24"],
    ["31 грудня 2023", "2023-12-31"],
    ["24 November 2023", "2023-11-24"],
    ["24 november 2023 at 14:30", "2023-11-24T14:30:00"],
    // The everyday Ukrainian form, day first.
    ["27.11.2026", "2026-11-27"],
    ["7.3.2026", "2026-03-07"],
    ["27.11.2026 10:15", "2026-11-27T10:15:00"],
    ["27.11.2026, 9:05", "2026-11-27T09:05:00"],
    ["27.11.2026 р., 10:15:30", "2026-11-27T10:15:30"],
    ["29.02.2024", "2024-02-29"],
  ])("%j → %s", (input, expected) => {
    expect(parseDate(input)).toBe(expected);
  });

  it.each([
    "",
    "завтра",
    "yesterday",
    "2023-02-30",
    "2023-02-29",
    "2023-04-31",
    "2023-13-01",
    "2023-00-10",
    "2023-11-00",
    "2023-11-24T24:00",
    "2023-11-24T14:60",
    "2023-11-24T14:30:60",
    "2023-11-24T14:30+15:00",
    "2023-11-24T14:30+02:75",
    "2023/11/24",
    "31.11.2026",
    "11.27.2026",
    "27.11.26",
    "27.11.2026 24:00",
    "23-11-24",
    "2023-1-5",
    "2023-11-24T14",
    "2023-11-24 extra",
    "24 листопада",
    "24 лістопада 2023",
    "30 лютого 2023",
    "24 листопада 2023, 25:00",
    "32 January 2024",
  ])("rejects %j", (input) => {
    expect(parseDate(input)).toBeNull();
  });
});

describe("whyNotADate", () => {
  it.each([
    ["2026-11-31", "November 2026 has 30 days, so there is no day 31"],
    ["2023-02-29", "February 2023 has 28 days, so there is no day 29"],
    ["31.04.2026", "April 2026 has 30 days, so there is no day 31"],
    ["30 лютого 2024", "February 2024 has 29 days, so there is no day 30"],
    ["2023-13-01", "there is no month 13"],
    ["11.27.2026", "there is no month 27"],
    ["2023-11-24T25:00", "there is no hour 25"],
    ["27.11.2026 10:61", "there is no minute 61"],
    ["24 лістопада 2023", '"лістопада" is not a month name'],
  ])("%j: %s", (input, reason) => {
    expect(parseDate(input)).toBeNull();
    expect(whyNotADate(input)).toContain(reason);
  });

  it("says nothing of a value in no date shape (the caller lists the forms)", () => {
    for (const value of ["завтра", "2023/11/24", "27.11.26", "2023-11-24 extra"])
      expect(whyNotADate(value), value).toBeNull();
  });
});

describe("dateFromFileName", () => {
  it("reads a YYYY-MM-DD prefix followed by a separator or nothing", () => {
    expect(dateFromFileName("2024-11-14-story")).toBe("2024-11-14");
    expect(dateFromFileName("2024-11-14_story")).toBe("2024-11-14");
    expect(dateFromFileName("2024-11-14 story")).toBe("2024-11-14");
    expect(dateFromFileName("2024-11-14")).toBe("2024-11-14");
  });

  it("ignores a date that is not a prefix or runs into more digits", () => {
    expect(dateFromFileName("story-2024-11-14")).toBeNull();
    expect(dateFromFileName("2024-11-140-story")).toBeNull();
    expect(dateFromFileName("2024-11-14story")).toBeNull();
    expect(dateFromFileName("20241114-story")).toBeNull();
  });

  it("validates the date", () => {
    expect(dateFromFileName("2023-02-30-story")).toBeNull();
    expect(dateFromFileName("2023-13-01-story")).toBeNull();
    expect(dateFromFileName("2024-02-29-story")).toBe("2024-02-29");
  });
});

describe("instants and offsets in Europe/Kyiv", () => {
  it("knows the winter (+02:00) and summer (+03:00) offsets", () => {
    expect(zoneOffsetMinutes(Date.UTC(2023, 10, 24, 12), KYIV)).toBe(120);
    expect(zoneOffsetMinutes(Date.UTC(2023, 6, 1, 12), KYIV)).toBe(180);
    expect(zoneOffsetMinutes(Date.UTC(2023, 6, 1, 12), "UTC")).toBe(0);
  });

  it("a bare date is local midnight", () => {
    expect(instantOf("2023-11-24", KYIV)).toBe(Date.UTC(2023, 10, 23, 22));
    expect(instantOf("2023-07-01", KYIV)).toBe(Date.UTC(2023, 5, 30, 21));
  });

  it("a local time uses the offset in force at that time", () => {
    expect(instantOf("2023-11-24T10:30:00", KYIV)).toBe(Date.UTC(2023, 10, 24, 8, 30));
    expect(instantOf("2023-07-01T10:30:00", KYIV)).toBe(Date.UTC(2023, 6, 1, 7, 30));
  });

  it("settles the offset on both sides of the spring change (31 March 2024, 03:00 → 04:00)", () => {
    expect(instantOf("2024-03-31T02:30:00", KYIV)).toBe(Date.UTC(2024, 2, 31, 0, 30));
    expect(instantOf("2024-03-31T04:30:00", KYIV)).toBe(Date.UTC(2024, 2, 31, 1, 30));
    expect(instantOf("2024-03-31T12:00:00", KYIV)).toBe(Date.UTC(2024, 2, 31, 9));
  });

  it("settles the offset on both sides of the autumn change (27 October 2024, 04:00 → 03:00)", () => {
    expect(instantOf("2024-10-27T02:00:00", KYIV)).toBe(Date.UTC(2024, 9, 26, 23));
    expect(instantOf("2024-10-27T05:00:00", KYIV)).toBe(Date.UTC(2024, 9, 27, 3));
  });

  it("an explicit offset wins over the zone", () => {
    expect(instantOf("2023-07-01T10:30:00+00:00", KYIV)).toBe(Date.UTC(2023, 6, 1, 10, 30));
    expect(instantOf("2023-07-01T10:30:00-05:30", KYIV)).toBe(Date.UTC(2023, 6, 1, 16));
    expect(instantOf("2023-07-01T10:30:00+02:00", "UTC")).toBe(Date.UTC(2023, 6, 1, 8, 30));
  });

  it("rejects a date that is not normalized", () => {
    expect(() => instantOf("24 листопада 2023", KYIV)).toThrow();
    expect(() => instantOf("2023-11-24T10:30", KYIV)).toThrow();
  });

  it("gives the offset Intl's parts give, in odd zones, across changes and in far years", () => {
    // The offset as formatToParts reads it: what the faster format() reading must equal.
    const byParts = (ms: number, timeZone: string) => {
      const format = new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        ...{ year: "numeric", month: "numeric", day: "numeric" },
        ...{ hour: "numeric", minute: "numeric", second: "numeric" },
      } as const);
      const p: Record<string, number> = {};
      for (const part of format.formatToParts(ms)) p[part.type] = +part.value;
      const local = Date.UTC(p.year ?? 0, (p.month ?? 0) - 1, p.day, p.hour, p.minute, p.second);
      return Math.round((local - (ms - (ms % 1000))) / 60000);
    };
    const zones = [KYIV, "America/St_Johns", "Asia/Kathmandu", "Australia/Lord_Howe", "UTC"];
    const instants = [Date.UTC(2024, 2, 31, 0, 59, 59), Date.UTC(2024, 2, 31, 1), -1];
    // Every 37 hours and 11 minutes through 2023 and 2024, and a few far years.
    for (let t = Date.UTC(2023, 0, 1); t < Date.UTC(2025, 0, 1); t += 133_860_000) instants.push(t);
    for (const year of [1, 99, 1000, 1900, 9999]) instants.push(Date.UTC(year, 5, 15, 12));
    for (const zone of zones) {
      for (const t of instants) {
        expect([zone, t, zoneOffsetMinutes(t, zone) || 0]).toEqual([
          zone,
          t,
          byParts(t, zone) || 0,
        ]);
      }
    }
  });

  it("isoWithOffset writes +02:00 in winter and +03:00 in summer", () => {
    expect(isoWithOffset(Date.UTC(2023, 10, 24, 8, 30), KYIV)).toBe("2023-11-24T10:30:00+02:00");
    expect(isoWithOffset(Date.UTC(2023, 6, 1, 7, 30, 15), KYIV)).toBe("2023-07-01T10:30:15+03:00");
    expect(isoWithOffset(Date.UTC(2024, 2, 31, 0, 59), KYIV)).toBe("2024-03-31T02:59:00+02:00");
    expect(isoWithOffset(Date.UTC(2024, 2, 31, 1, 0), KYIV)).toBe("2024-03-31T04:00:00+03:00");
    expect(isoWithOffset(Date.UTC(2023, 11, 31, 23), KYIV)).toBe("2024-01-01T01:00:00+02:00");
    expect(isoWithOffset(Date.UTC(2023, 6, 1, 12), "America/New_York")).toBe(
      "2023-07-01T08:00:00-04:00",
    );
  });

  it("round-trips a local time through instantOf and isoWithOffset", () => {
    for (const local of ["2023-11-24T10:30:00", "2023-07-01T23:45:59", "2024-10-27T12:00:00"]) {
      expect(isoWithOffset(instantOf(local, KYIV), KYIV).slice(0, 19)).toBe(local);
    }
  });
});
