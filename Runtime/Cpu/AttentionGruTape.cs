namespace Strata.Cpu;

/// <summary>
/// What <see cref="AttentionGruCpu.Backward"/> needs from a forward pass, kept by <see cref="AttentionGruCpu.Forward"/>:
/// the states h_0..h_T, the projected keys, the tanh features and attention weights of every step, the cell inputs
/// [context, x] and the GRU cell's saved gates. Reused across calls; it grows to the largest geometry it has seen.
/// </summary>
public sealed class AttentionGruTape
{
    internal float[] States = [];
    internal float[] Keys = [];
    internal float[] Features = [];
    internal float[] Weights = [];
    internal float[] Inputs = [];
    internal float[] Gates = [];

    /// <summary>The geometry of the forward pass the tape holds.</summary>
    public AttentionGruGeometry Geometry { get; private set; }

    internal void Prepare(AttentionGruGeometry g)
    {
        Geometry = g;
        var (n, t, s, h, a) = (g.Batch, g.TargetSteps, g.SourceSteps, g.Hidden, g.AttentionHidden);
        Ensure(ref States, (t + 1) * n * h);
        Ensure(ref Keys, n * s * a);
        Ensure(ref Features, t * n * s * a);
        Ensure(ref Weights, t * n * s);
        Ensure(ref Inputs, t * n * g.CellInput);
        Ensure(ref Gates, t * n * 4 * h);
    }

    private static void Ensure(ref float[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new float[length];
        }
    }
}
