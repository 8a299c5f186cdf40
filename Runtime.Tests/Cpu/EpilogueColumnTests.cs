using System.Runtime.Intrinsics;
using Strata.Cpu;

namespace Strata.Runtime.Tests.Cpu;

/// <summary>
/// Every epilogue's column form (eight rows of one column, for a product stored transposed) gives what its scalar form
/// gives row by row: biases per row or per column, a residual a plane (or a sample) apart, planes of a power of two
/// positions and of others, columns in a later sample.
/// </summary>
public unsafe class EpilogueColumnTests
{
    private const int Channels = 24;

    [Theory]
    [InlineData(4, 2, 9)]  // power-of-two plane, the second sample
    [InlineData(3, 5, 4)]  // a plane of 3 positions, split by division
    [InlineData(1, 16, 0)] // 1 × 1 plane: the residual's rows are adjacent
    public void Column_form_equals_the_scalar_form_row_by_row(int positions, int row, int column)
    {
        var random = new Random(positions * 100 + row);
        var values = Enumerable.Range(0, 8).Select(_ => random.NextSingle() * 4 - 2).ToArray();
        var bias = Enumerable.Range(0, 64).Select(_ => random.NextSingle() * 2 - 1).ToArray();
        var residual = Enumerable.Range(0, 4 * Channels * positions).Select(_ => random.NextSingle() * 2 - 1).ToArray();
        fixed (float* b = bias, r = residual)
        {
            Check(new ActivationEpilogue<ReluActivation>(), values, row, column);
            Check(new ScaleEpilogue(-1.5f), values, row, column);
            Check(new RowBiasEpilogue<ReluActivation>(b, 3), values, row, column);
            Check(new ColumnBiasEpilogue<TanhActivation>(b), values, row, column);
            Check(new ResidualEpilogue<ReluActivation>(r, b, 0, Channels, positions), values, row, column);
            Check(new ResidualEpilogue<IdentityActivation>(r, null, 0, Channels, positions), values, row, column);
            Check(new PlaneEpilogue<ReluActivation>(b, r, Channels / 8, positions), values, 0, column);
            Check(new PlaneEpilogue<IdentityActivation>(null, null, Channels / 8, positions), values, 0, column);
        }
    }

    private static void Check<TEpilogue>(TEpilogue epilogue, float[] values, int row, int column)
        where TEpilogue : struct, IEpilogue
    {
        var column8 = epilogue.ApplyColumn(Vector256.Create(values), row, column);
        for (var j = 0; j < 8; j++)
        {
            Assert.Equal(epilogue.Apply(values[j], row + j, column), column8[j], 5);
        }
    }
}
