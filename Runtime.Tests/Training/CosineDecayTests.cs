using Strata.Training;

namespace Strata.Runtime.Tests.Training;

public class CosineDecayTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(25)]
    [InlineData(50)]
    [InlineData(99)]
    [InlineData(100)]
    public void Without_warm_up_it_is_CosineAnnealingLRs_closed_form(int step)
    {
        // PyTorch's CosineAnnealingLR docs: η_t = η_min + (η_max − η_min)·(1 + cos(π·T_cur/T_max))/2.
        const double etaMax = 0.1, etaMin = 0.001;
        var schedule = new CosineDecay((float)etaMax, totalSteps: 100, minimumLearningRate: (float)etaMin);

        Assert.Equal(etaMin + (etaMax - etaMin) * (1 + Math.Cos(Math.PI * step / 100)) / 2, schedule.LearningRateAt(step), 1e-8);
    }

    [Theory]
    [InlineData(0, 0.0)]
    [InlineData(1, 0.02)]
    [InlineData(4, 0.08)]
    [InlineData(5, 0.1)]
    [InlineData(30, 0.05)]
    [InlineData(55, 0.0)]
    public void With_warm_up_it_is_hugging_faces_cosine_schedule_with_warmup(int step, double expected)
    {
        // get_cosine_schedule_with_warmup (num_cycles 0.5): s/W during warm-up, then (1 + cos(π·(s − W)/(T − W)))/2.
        var schedule = new CosineDecay(0.1f, totalSteps: 55, warmupSteps: 5);

        Assert.Equal(expected, schedule.LearningRateAt(step), 1e-8);
        var progress = Math.Max(0, step - 5) / 50.0;
        Assert.Equal(step < 5 ? 0.1 * step / 5 : 0.1 * (1 + Math.Cos(Math.PI * progress)) / 2, schedule.LearningRateAt(step), 1e-8);
    }

    [Fact]
    public void After_the_last_step_it_stays_at_the_floor()
    {
        var schedule = new CosineDecay(0.1f, totalSteps: 10, minimumLearningRate: 0.01f);

        Assert.Equal(0.01f, schedule.LearningRateAt(10), 1e-8f);
        Assert.Equal(0.01f, schedule.LearningRateAt(15), 1e-8f);
        Assert.Equal(0.01f, schedule.LearningRateAt(int.MaxValue), 1e-8f);
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CosineDecay(0.1f, totalSteps: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CosineDecay(0.1f, totalSteps: 10, warmupSteps: 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CosineDecay(0.1f, totalSteps: 10, warmupSteps: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CosineDecay(0.1f, totalSteps: 10, minimumLearningRate: 0.2f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CosineDecay(float.PositiveInfinity, totalSteps: 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CosineDecay(0.1f, totalSteps: 10).LearningRateAt(-1));
    }
}
