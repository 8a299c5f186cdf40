using Strata.Training;

namespace Strata.Runtime.Tests.Training;

public class StepDecayTests
{
    [Theory]
    [InlineData(0, 0.05)]
    [InlineData(29, 0.05)]
    [InlineData(30, 0.005)]
    [InlineData(59, 0.005)]
    [InlineData(60, 0.0005)]
    [InlineData(95, 0.00005)]
    public void It_matches_the_example_in_pytorchs_StepLR_docs(int step, double expected)
    {
        // torch.optim.lr_scheduler.StepLR docs: lr = 0.05 if epoch < 30, 0.005 if 30 <= epoch < 60, 0.0005 if 60 <= epoch < 90, …
        var schedule = new StepDecay(0.05f, stepSize: 30, gamma: 0.1f);

        Assert.Equal(expected, schedule.LearningRateAt(step), expected * 1e-6);
    }

    [Fact]
    public void It_is_the_closed_form_lr0_gamma_to_the_floor_of_step_over_size_with_pytorchs_default_gamma()
    {
        var schedule = new StepDecay(0.3f, stepSize: 7);

        Assert.Equal(0.1f, schedule.Gamma);
        for (var step = 0; step < 40; step++)
        {
            Assert.Equal(0.3 * Math.Pow(0.1, Math.Floor(step / 7.0)), schedule.LearningRateAt(step), 1e-7);
        }
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new StepDecay(0.1f, stepSize: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StepDecay(-0.1f, stepSize: 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StepDecay(0.1f, stepSize: 3, gamma: float.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StepDecay(0.1f, stepSize: 3).LearningRateAt(-1));
    }
}
