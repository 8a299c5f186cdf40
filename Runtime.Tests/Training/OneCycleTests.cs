using Strata.Training;

namespace Strata.Runtime.Tests.Training;

public class OneCycleTests
{
    /// <summary>
    /// OneCycleLR.get_lr transcribed from PyTorch in float64: phases (end_step pct·T − 1: initial → max) and
    /// (end_step T − 1: max → min), initial = max/div, min = initial/final_div, _annealing_cos.
    /// </summary>
    private static double Reference(double maxLr, int total, int step, double pctStart = 0.3, double div = 25, double finalDiv = 1e4)
    {
        var initial = maxLr / div;
        var minimum = initial / finalDiv;
        (double End, double Start, double Finish)[] phases = [(pctStart * total - 1, initial, maxLr), (total - 1, maxLr, minimum)];
        var startStep = 0.0;
        for (var i = 0; i < phases.Length; i++)
        {
            var (end, start, finish) = phases[i];
            if (step <= end || i == phases.Length - 1)
            {
                var pct = (step - startStep) / (end - startStep);
                return finish + (start - finish) / 2.0 * (Math.Cos(Math.PI * pct) + 1);
            }

            startStep = end;
        }

        throw new InvalidOperationException();
    }

    [Fact]
    public void The_defaults_start_at_max_over_25_peak_at_30_percent_and_end_at_max_over_250000()
    {
        var schedule = new OneCycle(0.1f, totalSteps: 100);

        Assert.Equal(0.1 / 25, schedule.LearningRateAt(0), 1e-9);
        Assert.Equal(0.1, schedule.LearningRateAt(29), 1e-8);
        Assert.Equal(0.1 / 25 / 1e4, schedule.LearningRateAt(99), 1e-12);
        Assert.Equal((0.1 / 25 + 0.1) / 2, schedule.LearningRateAt(14) + 0.0, 0.003);   // about half-way up at the middle of phase 1
        Assert.True(Enumerable.Range(0, 29).All(s => schedule.LearningRateAt(s) < schedule.LearningRateAt(s + 1)));
        Assert.True(Enumerable.Range(29, 70).All(s => schedule.LearningRateAt(s) > schedule.LearningRateAt(s + 1)));
    }

    [Theory]
    [InlineData(100, 0.3, 25, 1e4)]
    [InlineData(37, 0.3, 25, 1e4)]
    [InlineData(10, 0.25, 10, 100)]
    [InlineData(1000, 0.1, 5, 1e3)]
    public void Every_step_matches_pytorchs_get_lr(int total, double pctStart, double div, double finalDiv)
    {
        var schedule = new OneCycle(0.4f, total, pctStart, div, finalDiv);

        for (var step = 0; step <= total; step++)
        {
            var expected = Reference(0.4f, total, step, pctStart, div, finalDiv);
            Assert.Equal(expected, schedule.LearningRateAt(step), Math.Max(1e-12, expected * 1e-6));
        }
    }

    [Fact]
    public void A_step_past_the_total_throws_as_in_pytorch_and_bad_arguments_are_rejected()
    {
        var schedule = new OneCycle(0.1f, totalSteps: 20);

        Assert.Contains("20 steps", Assert.Throws<ArgumentOutOfRangeException>(() => schedule.LearningRateAt(21)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => schedule.LearningRateAt(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new OneCycle(0.1f, totalSteps: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new OneCycle(0.1f, 10, pctStart: 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new OneCycle(0.1f, 10, divFactor: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new OneCycle(0.1f, 10, finalDivFactor: double.NaN));
    }
}
