using Microsoft.CodeAnalysis;
using Strata.Generator.Emit;
using Strata.Generator.Model;
using Strata.Generator.Tests.TestSupport;

namespace Strata.Generator.Tests.Lowering;

/// <summary>
/// The IR takes several model inputs although the DSL declares one: a second input, read by a layer, gets its own
/// parameter in the Forward and Backward bodies, its own gradient buffer and its own ONNX input, and the layer reads it.
/// </summary>
public sealed class SeveralInputsTests
{
    private const string Source = """
        using Strata;

        namespace Tests
        {
            [Model, Input(4)]
            public partial class Net
            {
                [Dense(3)] public partial Dense A { get; }
                [Dense(3)] public partial Dense B { get; }
                [Add(nameof(A), nameof(B))] public partial Add Sum { get; }
                [Dense(2)] public partial Dense Out { get; }
            }
        }
        """;

    [Fact]
    public void A_second_input_read_by_a_layer_gets_a_parameter_a_gradient_buffer_and_an_onnx_input()
    {
        var model = TwoInputs(Lower(Source));

        var writer = new IndentedWriter();
        PathEmitter.Emit(writer, model, Target.Cpu);
        MemoryPlanEmitter.Emit(writer, model);
        OnnxExportEmitter.Emit(writer, model);
        var code = writer.ToString();

        Assert.Contains("private void ForwardCpu(global::Strata.Tensor input, global::Strata.Tensor context, MemoryPlan plan, int batch)", code, StringComparison.Ordinal);
        Assert.Contains("private void BackwardCpu(global::Strata.Tensor input, global::Strata.Tensor context, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, bool inputGradient)", code, StringComparison.Ordinal);
        Assert.Contains("DenseCpu.Forward<global::Strata.Cpu.IdentityActivation>(batch, inFeatures: 4, outFeatures: 3, context, _bWeight.Value", code, StringComparison.Ordinal);
        Assert.Matches(@"DenseCpu\.Backward<[^>]+>\(batch, inFeatures: 4, outFeatures: 3, context, [^;]*, inputGradient \? plan\.ContextGrad : null, ", code);
        Assert.Contains("public global::Strata.Tensor ContextGrad", code, StringComparison.Ordinal);
        Assert.Contains("graph.AddInput(\"context\", -1, 4);", code, StringComparison.Ordinal);
        Assert.Contains("new[] { \"context\", \"B.weight\", \"B.bias\" }", code, StringComparison.Ordinal);
    }

    /// <summary>The lowered model as the generator's Lower step produced it.</summary>
    private static LoweredModel Lower(string source)
    {
        var driver = GeneratorHarness.Driver(trackSteps: true).RunGenerators(GeneratorHarness.Compilation(source));
        var step = Assert.Single(driver.GetRunResult().Results.Single().TrackedSteps[StrataGenerator.Steps.Lower]);
        var result = Assert.IsType<LoweringResult>(Assert.Single(step.Outputs).Value);
        return Assert.IsType<LoweredModel>(result.Model);
    }

    /// <summary>The same model with B reading a second input, <c>context</c>, instead of the first.</summary>
    private static LoweredModel TwoInputs(LoweredModel model)
    {
        var context = TensorRef.Input("context", model.Input);
        var ops = model.Ops.Select(op => op.Layer == "B" ? op with { Inputs = new[] { context }.ToEquatableArray() } : op);
        return model with
        {
            Inputs = new[] { model.Inputs[0], context }.ToEquatableArray(),
            Ops = ops.ToEquatableArray(),
        };
    }
}
