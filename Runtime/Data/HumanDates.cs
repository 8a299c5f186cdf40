using System.Globalization;

namespace Strata.Data;

/// <summary>
/// Dates written the many ways people write them ("24 November 2026", "nov 24, 26", "2026/11/24",
/// "Tuesday, 24.11.2026", …) with their ISO form ("2026-11-24"), for sequence-to-sequence normalisation. Dates run
/// from 1950-01-01 to 2049-12-31; a two-digit year 50–99 means 19xx and 00–49 means 20xx, so every written form is
/// unambiguous. Numeric forms are day-first (dots, dashes) or year-first (slashes, dashes), never month-first, so
/// "04.05.2026" has one reading. English month and day names, in any of lower, upper or title case.
/// </summary>
public static class HumanDates
{
    /// <summary>The first and last dates.</summary>
    public static readonly DateOnly First = new(1950, 1, 1), Last = new(2049, 12, 31);

    private static readonly string[] Formats =
    [
        "d MMMM yyyy", "dd MMMM yyyy", "d MMM yyyy", "MMMM d, yyyy", "MMM d, yyyy", "MMM d, yy", "MMMM d yyyy",
        "dddd, d MMMM yyyy", "ddd, d MMM yyyy", "dddd, MMMM d, yyyy", "ddd MMM d yyyy", "dddd, dd.MM.yyyy",
        "dd.MM.yyyy", "d.M.yyyy", "dd.MM.yy", "d.M.yy", "yyyy/MM/dd", "yyyy/M/d", "yyyy-MM-dd", "yyyy.MM.dd",
        "dd-MMM-yyyy", "dd-MMM-yy", "d-MMM-yy", "dd-MM-yyyy", "yyyyMMdd", "MMM dd yyyy", "d/MMM/yyyy", "dd MMM yy",
        "{th} MMMM yyyy", "'the' {th} 'of' MMMM, yyyy", "MMMM {th}, yyyy", "ddd {th} MMM yy",
    ];

    /// <summary>How many written forms there are.</summary>
    public static int FormatCount => Formats.Length;

    /// <summary>The ISO 8601 form, e.g. 2026-11-24.</summary>
    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The date in written form <paramref name="format"/> (0 .. <see cref="FormatCount"/> − 1) and casing (0 as is, 1 lower, 2 upper).</summary>
    public static string Write(DateOnly date, int format, int casing = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(format);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(format, Formats.Length);
        var pattern = Formats[format];
        var ordinal = date.Day + (date.Day is 11 or 12 or 13 ? "th" : (date.Day % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" });
        var parts = pattern.Split("{th}");
        var text = string.Join(ordinal, parts.Select(p => p.Length == 0 ? "" : Escape(date, p)));
        return casing switch
        {
            1 => text.ToLowerInvariant(),
            2 => text.ToUpperInvariant(),
            _ => text,
        };
    }

    /// <summary>Reads a two-digit year as the generator writes it: 50–99 → 19xx, 00–49 → 20xx.</summary>
    public static int ExpandYear(int twoDigits) => twoDigits is >= 0 and < 50 ? 2000 + twoDigits : twoDigits is >= 50 and < 100 ? 1900 + twoDigits
        : throw new ArgumentOutOfRangeException(nameof(twoDigits), twoDigits, "A two-digit year is 0..99.");

    /// <summary>
    /// Splits the calendar dates into training and test dates at random (no date in both; <paramref name="testFraction"/>
    /// of them held out), then draws <paramref name="trainCount"/> and <paramref name="testCount"/> examples, each a
    /// random date of its side in a random form and casing. Returns (written, ISO) pairs.
    /// </summary>
    public static ((string Text, string Iso)[] Train, (string Text, string Iso)[] Test) Split(
        int trainCount, int testCount, double testFraction, int seed)
    {
        if (!(testFraction > 0 && testFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "The held-out fraction is strictly between 0 and 1.");
        }

        var random = new Random(seed);
        var days = Last.DayNumber - First.DayNumber + 1;
        var dates = Enumerable.Range(0, days).Select(d => DateOnly.FromDayNumber(First.DayNumber + d)).ToArray();
        random.Shuffle(dates);
        var held = (int)Math.Round(days * testFraction);
        var (test, train) = (dates[..held], dates[held..]);
        (string, string)[] Draw(DateOnly[] pool, int count) => Enumerable.Range(0, count).Select(_ =>
        {
            var date = pool[random.Next(pool.Length)];
            return (Write(date, random.Next(Formats.Length), random.Next(3)), Iso(date));
        }).ToArray();
        return (Draw(train, trainCount), Draw(test, testCount));
    }

    // The runtime's format strings treat '/', ':' and letters specially; the invariant culture writes '/' as '/'.
    private static string Escape(DateOnly date, string pattern) => date.ToString(pattern, CultureInfo.InvariantCulture);
}
