using Strata.Training;

namespace Strata.Samples;

/// <summary>
/// Dive into Deep Learning §7.2: learn the edge detector K = (1, −1) back from X and Y = X ⋆ K. X is 6×8 ones with
/// columns 2..5 zero, so Y (6×7) is +1 at column 1 and −1 at column 5.
/// </summary>
public static class Corr2dExperiment
{
    public const int Rows = 6;
    public const int Columns = 8;

    /// <summary>X: ones, with columns 2..5 zero.</summary>
    public static float[] Input()
    {
        var x = new float[Rows * Columns];
        for (var r = 0; r < Rows; r++)
        {
            for (var c = 0; c < Columns; c++)
            {
                x[r * Columns + c] = c is >= 2 and <= 5 ? 0 : 1;
            }
        }

        return x;
    }

    /// <summary>Y = X ⋆ (1, −1), computed directly.</summary>
    public static float[] Target(float[] x)
    {
        var y = new float[Rows * (Columns - 1)];
        for (var r = 0; r < Rows; r++)
        {
            for (var c = 0; c < Columns - 1; c++)
            {
                y[r * (Columns - 1) + c] = x[r * Columns + c] - x[r * Columns + c + 1];
            }
        }

        return y;
    }

    /// <summary>
    /// d2l's loop: l = ((Ŷ − Y)²).sum() and plain gradient descent at lr 3e-2, here the library's <see cref="Trainer"/> on a
    /// one-sample <see cref="RegressionSet"/>. Reports each epoch's loss (measured before that epoch's step, as d2l
    /// prints it) and returns the learned kernel.
    /// </summary>
    public static float[] Learn(int epochs, Action<int, float> onEpoch, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(onEpoch);
        var x = Input();
        var model = new Corr2dNet(Device.Cpu(), seed);
        using var trainer = new Trainer(model, new Sgd(model.Parameters, learningRate: 3e-2f)) { Output = null };
        var set = new RegressionSet(x, [1, Rows, Columns], Target(x), [1, Rows, Columns - 1], Reduction.Sum);
        foreach (var epoch in trainer.Fit(set, epochs, batchSize: 1, seed).Epochs)
        {
            onEpoch(epoch.Epoch, epoch.Loss);
        }

        return model.K.Weight.Value.ToArray();
    }
}
