namespace Strata.Benchmarks;

/// <summary>One measured case: the median seconds per call of Strata and of ONNX Runtime.</summary>
internal sealed record BenchmarkRow(string Name, double Flops, double StrataSeconds, double OnnxSeconds)
{
    public double StrataGflops => Flops / StrataSeconds / 1e9;

    public double OnnxGflops => Flops / OnnxSeconds / 1e9;

    /// <summary>Strata's time over ONNX Runtime's (the project's one convention): at most 1 means Strata is as fast or faster.</summary>
    public double Ratio => StrataSeconds / OnnxSeconds;
}
