using System.Globalization;
using Strata.Data;
using Xunit;

namespace Strata.Runtime.Tests.Seq2Seq;

/// <summary>The generated date-normalisation data: the written forms, the two-digit year rule and the calendar split.</summary>
public class HumanDatesTests
{
    private static readonly DateOnly Date = new(2026, 11, 24);

    [Fact]
    public void The_issue_examples_are_among_the_written_forms()
    {
        var written = Enumerable.Range(0, HumanDates.FormatCount).SelectMany(f => Enumerable.Range(0, 3).Select(c => HumanDates.Write(Date, f, c))).ToHashSet();
        Assert.Contains("24 November 2026", written);
        Assert.Contains("nov 24, 26", written);
        Assert.Contains("2026/11/24", written);
        Assert.Contains("Tuesday, 24.11.2026", written);
        Assert.Contains("the 24th of november, 2026", written);
        Assert.Equal("2026-11-24", HumanDates.Iso(Date));
    }

    [Theory]
    [InlineData(50, 1950)]
    [InlineData(99, 1999)]
    [InlineData(0, 2000)]
    [InlineData(49, 2049)]
    public void Two_digit_years_50_to_99_are_19xx_and_00_to_49_are_20xx(int twoDigits, int year) =>
        Assert.Equal(year, HumanDates.ExpandYear(twoDigits));

    [Fact]
    public void Every_written_form_names_the_day_the_month_and_the_year()
    {
        var months = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames;
        var random = new Random(1);
        for (var i = 0; i < 300; i++)
        {
            var date = DateOnly.FromDayNumber(HumanDates.First.DayNumber + random.Next(HumanDates.Last.DayNumber - HumanDates.First.DayNumber + 1));
            for (var format = 0; format < HumanDates.FormatCount; format++)
            {
                var text = HumanDates.Write(date, format, casing: 1);
                var month = months[date.Month - 1].ToLowerInvariant();
                Assert.True(text.Contains(month[..3], StringComparison.Ordinal) || text.Contains(date.Month.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal), $"{text}: no month of {date}");
                Assert.Contains((date.Year % 100).ToString("00", CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
                Assert.Contains(date.Day.ToString(CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
                Assert.All(text, c => Assert.InRange(c, ' ', '~'));
            }
        }
    }

    [Fact]
    public void No_calendar_date_is_in_both_the_training_and_the_test_set()
    {
        var (train, test) = HumanDates.Split(20_000, 2_000, 0.2, seed: 0);
        Assert.Equal((20_000, 2_000), (train.Length, test.Length));
        Assert.Empty(train.Select(p => p.Iso).ToHashSet().Intersect(test.Select(p => p.Iso)));
        Assert.All(train.Concat(test), p => Assert.InRange(string.CompareOrdinal(p.Iso, "1950-01-01"), 0, int.MaxValue));
        Assert.All(train.Concat(test), p => Assert.InRange(string.CompareOrdinal(p.Iso, "2049-12-31"), int.MinValue, 0));
    }
}
