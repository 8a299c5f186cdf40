using Strata.Generator.Emit;
using Strata.Generator.Model;
using Strata.Generator.Parsing;
using Strata.Generator.Shapes;
using static Strata.Generator.Emit.Literals;

namespace Strata.Generator.Layers
{
    /// <summary>
    /// <c>[Gelu]</c>, PyTorch's <c>nn.GELU()</c>: y = x·Φ(x), element by element. A layer of its own rather than a fused
    /// activation, because its derivative needs the input, which an in-place epilogue would overwrite. ONNX opset 17 has
    /// no Gelu, so it exports as 0.5·x·(1 + Erf(x / √2)).
    /// </summary>
    internal sealed class Gelu : LayerDefinition
    {
        public static readonly Gelu Definition = new();

        public override LayerKind Kind => LayerKind.Gelu;

        public override string Name => "Gelu";

        public override string Example => "Gelu";

        public override string HandleType => "Strata.Gelu";

        public override bool TakesActivation => false;

        public override LayerSpec? Read(LayerSpec spec, AttributeArguments arguments) => spec;

        public override ShapedLayer? Infer(ShapeContext context) =>
            SequenceShapes.AcceptsFeatures(context) ? new ShapedLayer(context.Layer, context.Input, context.Input, 0, 0, 0, 0) : null;

        public override void Forward(OpWriter w) => w.Line($"{w.Target.Kernel("Gelu")}.Forward({w.X}, {w.Y});");

        public override void Backward(OpWriter w) =>
            w.WhenInputGradientNeeded(() => w.Line($"{w.Target.Kernel("Gelu")}.Backward({w.X}, {w.GradY}, {w.GradX});"));

        public override void Onnx(OnnxWriter w)
        {
            var layer = w.Op.Layer;
            w.Line($"graph.AddInitializer({String(layer + ".sqrt2")}, global::System.Array.Empty<int>(), new float[] {{ 1.41421356f }});");
            w.Line($"graph.AddInitializer({String(layer + ".one")}, global::System.Array.Empty<int>(), new float[] {{ 1f }});");
            w.Line($"graph.AddInitializer({String(layer + ".half")}, global::System.Array.Empty<int>(), new float[] {{ 0.5f }});");
            w.Node("Div", new[] { w.Input, layer + ".sqrt2" }, layer + ".scaled");
            w.Node("Erf", new[] { layer + ".scaled" }, layer + ".erf");
            w.Node("Add", new[] { layer + ".erf", layer + ".one" }, layer + ".cdf2");
            w.Node("Mul", new[] { w.Input, layer + ".cdf2" }, layer + ".twice");
            w.Node("Mul", new[] { layer + ".twice", layer + ".half" }, w.Output);
        }

        public override string Describe(ShapedLayer layer) => "GELU";

        /// <summary>An erf, two multiplies and an add per element, counted as eight.</summary>
        public override long Flops(ShapedLayer layer) => 8L * layer.Output.Elements;
    }
}
