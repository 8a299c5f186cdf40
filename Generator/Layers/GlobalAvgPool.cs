using System.Globalization;
using Strata.Generator.Activations;
using Strata.Generator.Emit;
using Strata.Generator.Model;
using Strata.Generator.Parsing;
using Strata.Generator.Shapes;

namespace Strata.Generator.Layers
{
    /// <summary>
    /// <c>[GlobalAvgPool]</c>: [C, H, W] → [C], each channel's plane averaged, as PyTorch's
    /// <c>nn.AdaptiveAvgPool2d(1)</c> then <c>nn.Flatten()</c>. The output is a vector rather than [C, 1, 1] because the
    /// layer ends a convolutional trunk (NiN, GoogLeNet, ResNet), where a Dense follows; ONNX writes GlobalAveragePool
    /// then Flatten.
    /// </summary>
    internal sealed class GlobalAvgPool : LayerDefinition
    {
        public static readonly GlobalAvgPool Definition = new();

        public override LayerKind Kind => LayerKind.GlobalAvgPool;

        public override string Name => "GlobalAvgPool";

        public override string Example => "GlobalAvgPool";

        public override string HandleType => "Strata.GlobalAvgPool";

        public override LayerSpec? Read(LayerSpec spec, AttributeArguments arguments) => spec;

        public override ShapedLayer? Infer(ShapeContext context) =>
            SpatialInput.IsSpatial(context) ? new ShapedLayer(context.Layer, context.Input, Shape.Of(context.Input[0]), 0, 0, 0, 0) : null;

        /// <summary>The pooling, then the activation in place when there is one.</summary>
        public override void Forward(OpWriter w)
        {
            w.Line($"{w.Target.Kernel("GlobalAvgPool")}.Forward({Sizes(w.Op)}, {w.X}, {w.Y});");
            if (w.Op.Epilogue != Identity.Definition)
            {
                w.Line($"{w.Target.Kernel("Activation")}.ForwardInPlace{w.Target.GenericActivation(w.Op.Epilogue)}({w.Target.ActivationArgument(w.Op.Epilogue)}{w.Y});");
            }
        }

        /// <summary>Only the input's gradient: the activation's backward in place, then the pooling's.</summary>
        public override void Backward(OpWriter w) => w.WhenInputGradientNeeded(() =>
        {
            if (w.Op.Epilogue != Identity.Definition)
            {
                w.Line($"{w.Target.Kernel("Activation")}.BackwardInPlace{w.Target.GenericActivation(w.Op.Epilogue)}({w.Target.ActivationArgument(w.Op.Epilogue)}{w.Y}, {w.GradY});");
            }

            w.Line($"{w.Target.Kernel("GlobalAvgPool")}.Backward({Sizes(w.Op)}, {w.GradY}, {w.GradX});");
        });

        /// <summary>GlobalAveragePool gives [N, C, 1, 1]; Flatten makes it the layer's [N, C].</summary>
        public override void Onnx(OnnxWriter w)
        {
            var pooled = w.Op.Layer + ".pooled";
            w.Node("GlobalAveragePool", new[] { w.Input }, pooled);
            w.Node("Flatten", new[] { pooled }, w.Output, OnnxWriter.IntAttribute("axis", 1));
        }

        public override string Describe(ShapedLayer layer) =>
            string.Format(CultureInfo.InvariantCulture, "GlobalAvgPool {0}×{1}", layer.Input[1], layer.Input[2]) + layer.Spec.Activation.Describe();

        /// <summary>One addition per input element.</summary>
        public override long Flops(ShapedLayer layer) => layer.Input.Elements;

        private static string Sizes(Op op) =>
            $"batch, {Literals.Named("channels", op.X.Shape[0])}, {Literals.Named("planeSize", op.X.Shape[1] * op.X.Shape[2])}";
    }
}
