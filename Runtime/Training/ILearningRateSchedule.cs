namespace Strata.Training;

/// <summary>
/// A learning rate for every optimiser step, as a PyTorch <c>torch.optim.lr_scheduler</c> stepped once per batch:
/// <see cref="LearningRateAt"/>(s) is the rate of step s, counted from 0 (PyTorch's <c>last_epoch</c> after s calls
/// to <c>scheduler.step()</c>). Schedules are pure functions of the step, so a resumed run only needs the step count.
/// <see cref="Trainer.Schedule"/> applies one; a hand-written loop sets
/// <c>optimizer.LearningRate = schedule.LearningRateAt(step)</c> before each <c>optimizer.Step()</c>.
/// </summary>
public interface ILearningRateSchedule
{
    /// <summary>
    /// The learning rate of step <paramref name="step"/> (≥ 0). Throws <see cref="ArgumentOutOfRangeException"/>
    /// for a negative step, or one past the end of a schedule that has an end.
    /// </summary>
    float LearningRateAt(int step);
}
