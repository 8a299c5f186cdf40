using Strata.Cpu;
using Strata.Runtime.Tests.Reference;
using Xunit.Sdk;

namespace Strata.Runtime.Tests.Cpu;

/// <summary>The checks every recurrent cell kind runs: forward against float64, BPTT against finite differences.</summary>
internal static class RecurrentCpuChecks
{
    /// <summary>Gradients: |actual − fd| ≤ 1e-3 · max(|fd|, 0.1), i.e. 1e-4 absolute for small entries.</summary>
    private const double GradientFloor = 0.1;

    /// <summary>The finite-difference step at sampled entries.</summary>
    private const double SampledStep = 1e-5;

    /// <summary>
    /// Forward into a wider y at a column offset (the other columns must survive), compared with the float64
    /// reference at 1e-4 relative, including hN and cN.
    /// </summary>
    public static void Forward(RecurrentProblem problem)
    {
        var device = Device.Cpu();
        var g = problem.Geometry;
        var (width, offset) = (g.Hidden + 3, 2);
        var x = device.FromArray(problem.X, g.Batch, g.Steps, g.InputSize);
        var y = device.FromArray(Enumerable.Repeat(7f, g.Batch * g.Steps * width).ToArray(), g.Batch, g.Steps, width);
        var saved = device.Allocate(RecurrentCpuDispatch.SavedLength(problem.Kind, g));
        var hN = device.Allocate(g.Batch, g.Hidden);
        var cN = problem.Kind == RecurrentKind.Lstm ? device.Allocate(g.Batch, g.Hidden) : null;
        RecurrentCpuDispatch.Forward(
            problem.Kind, g, x, problem.Weights(device), y, saved, new CpuWorkspace(), problem.Options(width, offset),
            State(device, problem.H0, g), State(device, problem.C0, g), hN, cN);

        var expected = problem.Reference();
        var actual = y.ToArray();
        var columns = new float[g.Batch * g.Steps * g.Hidden];
        for (var row = 0; row < g.Batch * g.Steps; row++)
        {
            for (var column = 0; column < width; column++)
            {
                var value = actual[row * width + column];
                if (column >= offset && column < offset + g.Hidden)
                {
                    columns[row * g.Hidden + column - offset] = value;
                }
                else if (value != 7f)
                {
                    throw new XunitException($"{problem}: column {column} of row {row} outside the output range was overwritten with {value}.");
                }
            }
        }

        Closeness.AssertClose(expected.Y, columns, Closeness.ForwardTolerance, what: $"{problem}: y");
        Closeness.AssertClose(expected.HN, hN.ToArray(), Closeness.ForwardTolerance, what: $"{problem}: hN");
        if (cN is not null)
        {
            Closeness.AssertClose(expected.CN, cN.ToArray(), Closeness.ForwardTolerance, what: $"{problem}: cN");
        }
    }

    /// <summary>
    /// BPTT of loss = Σ y·ry + Σ hN·rh (+ Σ cN·rc) against central differences of the float64 reference, for every
    /// weight, bias, x, h0 and c0: at every entry, or at the first, the last and <paramref name="sampledEntries"/> random entries of each.
    /// </summary>
    public static void Gradients(RecurrentProblem problem, int? sampledEntries = null)
    {
        var device = Device.Cpu();
        var g = problem.Geometry;
        var isLstm = problem.Kind == RecurrentKind.Lstm;
        var random = new Random(problem.Seed + 1);
        var ry = RandomData.Uniform(random, g.Batch * g.Steps * g.Hidden);
        var rh = RandomData.Uniform(random, g.Batch * g.Hidden);
        var rc = RandomData.Uniform(random, g.Batch * g.Hidden);

        var x = device.FromArray(problem.X, g.Batch, g.Steps, g.InputSize);
        var weights = problem.Weights(device);
        var saved = device.Allocate(RecurrentCpuDispatch.SavedLength(problem.Kind, g));
        var workspace = new CpuWorkspace();
        var options = problem.Options();
        RecurrentCpuDispatch.Forward(
            problem.Kind, g, x, weights, device.Allocate(g.Batch, g.Steps, g.Hidden), saved, workspace, options,
            State(device, problem.H0, g), State(device, problem.C0, g), null, null);

        var rows = problem.Kind.Gates() * g.Hidden;
        var gradients = new RecurrentWeights(
            device.Allocate(rows, g.InputSize), device.Allocate(rows, g.Hidden), device.Allocate(rows), device.Allocate(rows));
        var dx = device.FromArray(RandomData.Uniform(random, g.Batch * g.Steps * g.InputSize), g.Batch, g.Steps, g.InputSize);
        var dh0 = device.Allocate(g.Batch, g.Hidden);
        var dc0 = isLstm ? device.Allocate(g.Batch, g.Hidden) : null;
        RecurrentCpuDispatch.Backward(
            problem.Kind, g, x, weights, saved, device.FromArray(ry, g.Batch, g.Steps, g.Hidden), gradients, workspace, options,
            device.FromArray(rh, g.Batch, g.Hidden), isLstm ? device.FromArray(rc, g.Batch, g.Hidden) : null,
            dx, accumulateDx: false, dh0, dc0);

        double Loss((double[] Y, double[] HN, double[] CN) r) =>
            Dot(r.Y, ry) + Dot(r.HN, rh) + (isLstm ? Dot(r.CN, rc) : 0);

        var sampler = new Random(problem.Seed + 2);
        void Check(string what, float[] point, Func<double[], double> loss, Tensor actual)
        {
            if (sampledEntries is not { } count)
            {
                CheckAll(problem, what, point, loss, actual);
                return;
            }

            // The first and last entries lie in the first and the last (ragged) blocks of units and rows.
            int[] entries = [0, point.Length - 1, .. Enumerable.Range(0, count).Select(_ => sampler.Next(point.Length))];
            // A wide ReLU layer has pre-activations within the default step of its kink; a smaller step keeps them out
            // of the probe's reach, and float64 keeps its rounding error far below the tolerance.
            var expected = FiniteDifferences.Gradient(loss, point.ToDouble(), entries, SampledStep);
            var values = actual.ToArray();
            Closeness.AssertClose(expected, entries.Select(i => values[i]).ToArray(), Closeness.GradientTolerance, GradientFloor,
                $"{problem}: {what} at entries [{string.Join(", ", entries)}]");
        }

        Check("dW_ih", problem.Wih, a => Loss(problem.Reference(wih: a)), gradients.WeightIh);
        Check("dW_hh", problem.Whh, a => Loss(problem.Reference(whh: a)), gradients.WeightHh);
        Check("db_ih", problem.Bih, a => Loss(problem.Reference(bih: a)), gradients.BiasIh);
        Check("db_hh", problem.Bhh, a => Loss(problem.Reference(bhh: a)), gradients.BiasHh);
        Check("dx", problem.X, a => Loss(problem.Reference(x: a)), dx);
        Check("dh0", problem.H0 ?? new float[g.Batch * g.Hidden], a => Loss(problem.Reference(h0: a)), dh0);
        if (dc0 is not null)
        {
            Check("dc0", problem.C0 ?? new float[g.Batch * g.Hidden], a => Loss(problem.Reference(c0: a)), dc0);
        }
    }

    /// <summary>
    /// A bidirectional layer: the forward direction at columns [0, H), the reverse one at [H, 2H) of one y, both
    /// adding into one dx, against finite differences of the two float64 references.
    /// </summary>
    public static void BidirectionalInputGradient(RecurrentKind kind, int seed, int[]? lengths)
    {
        var device = Device.Cpu();
        var forward = RecurrentProblem.Create(kind, seed, 3, 4, 3, 2, lengths: lengths);
        var backward = RecurrentProblem.Create(kind, seed + 100, 3, 4, 3, 2, lengths: lengths, reverse: true) with { X = forward.X };
        var g = forward.Geometry;
        var width = 2 * g.Hidden;
        var ry = RandomData.Uniform(new Random(seed + 1), g.Batch * g.Steps * width);
        var x = device.FromArray(forward.X, g.Batch, g.Steps, g.InputSize);
        var y = device.Allocate(g.Batch, g.Steps, width);
        var dy = device.FromArray(ry, g.Batch, g.Steps, width);
        var dx = device.Allocate(g.Batch, g.Steps, g.InputSize);
        var workspace = new CpuWorkspace();
        var rows = kind.Gates() * g.Hidden;
        foreach (var (problem, offset) in new[] { (forward, 0), (backward, g.Hidden) })
        {
            var weights = problem.Weights(device);
            var saved = device.Allocate(RecurrentCpuDispatch.SavedLength(kind, g));
            var options = problem.Options(width, offset);
            RecurrentCpuDispatch.Forward(kind, g, x, weights, y, saved, workspace, options, null, null, null, null);
            var gradients = new RecurrentWeights(
                device.Allocate(rows, g.InputSize), device.Allocate(rows, g.Hidden), device.Allocate(rows), device.Allocate(rows));
            RecurrentCpuDispatch.Backward(
                kind, g, x, weights, saved, dy, gradients, workspace, options, null, null, dx, accumulateDx: offset != 0, null, null);
        }

        double Loss(double[] a)
        {
            var (yf, yr) = (forward.Reference(x: a).Y, backward.Reference(x: a).Y);
            double sum = 0;
            for (var row = 0; row < g.Batch * g.Steps; row++)
            {
                for (var j = 0; j < g.Hidden; j++)
                {
                    sum += yf[row * g.Hidden + j] * ry[row * width + j] + yr[row * g.Hidden + j] * ry[row * width + g.Hidden + j];
                }
            }

            return sum;
        }

        CheckAll(forward, "bidirectional dx", forward.X, Loss, dx);
    }

    public static Tensor? State(Device device, float[]? values, RecurrentGeometry g) =>
        values is null ? null : device.FromArray(values, g.Batch, g.Hidden);

    private static void CheckAll(RecurrentProblem problem, string what, float[] point, Func<double[], double> loss, Tensor actual)
    {
        var expected = FiniteDifferences.Gradient(loss, point.ToDouble());
        Closeness.AssertClose(expected, actual.ToArray(), Closeness.GradientTolerance, GradientFloor, $"{problem}: {what}");
    }

    private static double Dot(double[] a, float[] b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }
}
