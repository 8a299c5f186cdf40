using Strata.Data;
using Xunit;

namespace Strata.Runtime.Tests.Data;

public class SyntheticDigitsTests
{
    [Fact]
    public void The_same_seed_gives_the_same_digits_and_another_seed_others()
    {
        var first = SyntheticDigits.Generate(50, seed: 3);
        Assert.Equal(first.Features.ToArray(), SyntheticDigits.Generate(50, seed: 3).Features.ToArray());
        Assert.NotEqual(first.Features.ToArray(), SyntheticDigits.Generate(50, seed: 4).Features.ToArray());
    }

    [Fact]
    public void Digits_are_mnist_shaped_balanced_and_in_unit_range()
    {
        var data = SyntheticDigits.Generate(1_003, seed: 1);
        Assert.Equal([1, 28, 28], data.SampleShape);
        Assert.Equal(10, data.ClassCount);
        Assert.All(data.Features.ToArray(), x => Assert.InRange(x, 0f, 1f));
        var counts = Enumerable.Range(0, 10).Select(digit => data.Labels.ToArray().Count(l => l == digit)).ToArray();
        Assert.True(counts.Max() - counts.Min() <= 1, string.Join(", ", counts));
    }

    [Fact]
    public void Every_image_has_ink_and_the_average_ink_differs_between_digits()
    {
        var data = SyntheticDigits.Generate(500, seed: 2);
        var ink = Enumerable.Range(0, data.Count).Select(n => data.Sample(n).ToArray().Count(x => x > 0.5f)).ToArray();
        Assert.All(ink, pixels => Assert.InRange(pixels, 15, 400));

        // A "1" is one stroke, an "8" two loops: the 8s carry clearly more ink on average.
        double MeanInk(int digit) => Enumerable.Range(0, data.Count).Where(n => data.Label(n) == digit).Average(n => ink[n]);
        Assert.True(MeanInk(8) > 1.5 * MeanInk(1), $"8: {MeanInk(8)}, 1: {MeanInk(1)}");
    }

    [Fact]
    public void Samples_of_one_digit_vary()
    {
        var data = SyntheticDigits.Generate(20, seed: 5);
        Assert.NotEqual(data.Sample(0).ToArray(), data.Sample(10).ToArray());
    }
}
