using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Strata.Generator.Activations;
using Strata.Generator.Diagnostics;
using Strata.Generator.Emit;
using Strata.Generator.Model;
using Strata.Generator.Parsing;
using Strata.Generator.Shapes;

namespace Strata.Generator.Layers
{
    /// <summary>
    /// <c>[PatchEmbedding(dim, patch)]</c>, ViT's patch embedding as timm's <c>PatchEmbed</c>: a convolution with kernel =
    /// stride = patch (the runtime's Conv2d kernels, into a plan buffer), then its pixels as tokens (the ToSequence
    /// kernels): [C, H, W] → [T = H·W/patch², dim], a step count fixed at build time. Parameters <c>X.proj.weight</c>
    /// [dim, C, patch, patch] and <c>X.proj.bias</c> [dim], U(−1/√(C·patch²), …) as a conv's. A patch that does not divide
    /// H and W is STRATA0080 at the argument; a non-image input STRATA0012. ONNX: Conv, Reshape, Transpose.
    /// </summary>
    internal sealed class PatchEmbedding : LayerDefinition
    {
        public static readonly PatchEmbedding Definition = new();

        public override LayerKind Kind => LayerKind.PatchEmbedding;

        public override string Name => "PatchEmbedding";

        public override string Example => "PatchEmbedding(64, 7)";

        public override string HandleType => "Strata.PatchEmbedding";

        public override bool TakesActivation => false;

        public override LayerSpec? Read(LayerSpec spec, AttributeArguments arguments)
        {
            var dim = arguments.ConstructorInt("dim");
            var patch = arguments.ConstructorInt("patch");
            return dim is null || patch is null ? null : spec with { Size = dim, Kernel = patch };
        }

        public override ShapedLayer? Infer(ShapeContext context)
        {
            var layer = context.Layer;
            var input = context.Input;
            if (input.Rank != 3 || input.IsSequence)
            {
                context.Report(
                    DiagnosticDescriptors.NeedsSpatialInput, layer.AttributeLocation, Name, layer.Name, input, context.Source,
                    input.IsSequence ? "the input is already a sequence; embed patches of the image before it becomes one" : "declare the input as [Input(channels, height, width)], e.g. [Input(1, 28, 28)]");
                return null;
            }

            if (!SizeChecks.IsPositive(context, layer.Size!, "dim", ", e.g. [PatchEmbedding(64, 7)]")
                || !SizeChecks.IsPositive(context, layer.Kernel!, "patch", ", e.g. [PatchEmbedding(64, 7)]"))
            {
                return null;
            }

            var (dim, patch) = (layer.Size!.Value, layer.Kernel!.Value);
            var (height, width) = (input[1], input[2]);
            if (height % patch != 0 || width % patch != 0)
            {
                var divisors = Enumerable.Range(1, System.Math.Min(height, width)).Where(d => height % d == 0 && width % d == 0).ToList();
                var nearest = divisors.OrderBy(d => System.Math.Abs(d - patch)).ThenByDescending(d => d).First();
                context.Report(
                    DiagnosticDescriptors.PatchDoesNotDivideImage, layer.Kernel.Location, Name, layer.Name, patch, input, context.Source,
                    string.Format(CultureInfo.InvariantCulture, "{0}×{1} leaves {2} rows and {3} columns over", height, width, height % patch, width % patch),
                    string.Format(CultureInfo.InvariantCulture, "use a patch that divides both, e.g. [PatchEmbedding({0}, {1})], or resize the image", dim, nearest));
                return null;
            }

            if (!SizeChecks.Fits(context, "proj.weight", new long[] { dim, input[0], patch, patch }, layer.Size, "use a smaller dim")
                || !SizeChecks.Fits(context, "output", new long[] { dim, height / patch, width / patch }, layer.Size, "use a smaller dim"))
            {
                return null;
            }

            var output = new Shape(EquatableArray.Create(dim), SequenceKind.Features) { Steps = (height / patch) * (width / patch) };
            return new ShapedLayer(layer, input, output, patch, patch, patch, 0);
        }

        public override IEnumerable<ParameterPlan> Parameters(ShapedLayer layer, string field)
        {
            var (dim, channels, patch) = (layer.Output[0], layer.Input[0], layer.KernelHeight);
            var fanIn = channels * patch * patch;
            yield return new ParameterPlan(layer.Spec.Name + ".proj.weight", field + "ProjWeight", Shape.Of(dim, channels, patch, patch), fanIn);
            yield return new ParameterPlan(layer.Spec.Name + ".proj.bias", field + "ProjBias", Shape.Of(dim), fanIn);
        }

        public override IEnumerable<ReservedField> ParameterFields(LayerSpec spec, string field)
        {
            yield return new ReservedField(field + "ProjWeight", $"the private field that holds {spec.Name}.proj.weight");
            yield return new ReservedField(field + "ProjBias", $"the private field that holds {spec.Name}.proj.bias");
        }

        public override string HandleArguments(ShapedLayer layer, IReadOnlyList<ParameterPlan> parameters) => parameters[0].Field + ", " + parameters[1].Field;

        public override OpArgs Arguments(ShapedLayer layer) => new PatchEmbeddingArgs(layer.KernelHeight);

        /// <summary>The convolution's output [dim, H/patch, W/patch] and its gradient.</summary>
        public override void DeclareBuffers(PlanWriter plan, Op op)
        {
            var sizes = MemoryPlanEmitter.Sizes(Planes(op));
            plan.Tensor(op.Stem + "Patches", sizes, "The patch convolution of " + op.Layer + " before its pixels become tokens");
            plan.Tensor(op.Stem + "GradPatches", sizes, "The gradient of " + op.Layer + "'s patch convolution");
        }

        public override void Forward(OpWriter w)
        {
            var op = w.Op;
            var identity = Identity.Definition;
            w.Line(
                $"{w.Target.Kernel("Conv2d")}.Forward{w.Target.GenericActivation(identity)}({Geometry(op)}, {w.Target.ActivationArgument(identity)}" +
                $"{w.X}, {w.Parameter("ProjWeight")}.Value, {w.Parameter("ProjBias")}.Value, plan.{op.Stem}Patches{w.Target.Workspace()});");
            w.Line($"{w.Target.Kernel("ToSequence")}.Forward({Bridge(op)}, plan.{op.Stem}Patches, {w.Y});");
        }

        public override void Backward(OpWriter w)
        {
            var op = w.Op;
            var identity = Identity.Definition;
            w.Line($"{w.Target.Kernel("ToSequence")}.Backward({Bridge(op)}, {w.GradY}, plan.{op.Stem}GradPatches);");
            w.Line(
                $"{w.Target.Kernel("Conv2d")}.Backward{w.Target.GenericActivation(identity)}({Geometry(op)}, {w.Target.ActivationArgument(identity)}" +
                $"{w.X}, {w.Parameter("ProjWeight")}.Value, plan.{op.Stem}Patches, plan.{op.Stem}GradPatches, {w.GradXArgument}, " +
                $"{w.ParameterGradient("ProjWeight")}, {w.ParameterGradient("ProjBias")}{w.Target.Workspace()});");
        }

        /// <summary>Conv with kernel = stride = patch, then Reshape to [N, dim, T] and Transpose to [N, T, dim].</summary>
        public override void Onnx(OnnxWriter w)
        {
            var op = w.Op;
            var patch = ((PatchEmbeddingArgs)op.Args).Patch;
            var layer = op.Layer;
            w.Initializers();
            w.Node(
                "Conv",
                new[] { w.Input, layer + ".proj.weight", layer + ".proj.bias" },
                layer + ".planes",
                OnnxWriter.Ints("kernel_shape", patch, patch),
                OnnxWriter.Ints("strides", patch, patch));
            w.Line($"graph.AddInitializer({Literals.String(layer + ".shape")}, new[] {{ 3 }}, new long[] {{ 0, {Literals.Int(op.Y.Shape[0])}, {Literals.Int(op.Y.Shape.Steps)} }});");
            w.Node("Reshape", new[] { layer + ".planes", layer + ".shape" }, layer + ".flat");
            w.Node("Transpose", new[] { layer + ".flat" }, w.Output, OnnxWriter.Ints("perm", 0, 2, 1));
        }

        public override string Describe(ShapedLayer layer) =>
            string.Format(CultureInfo.InvariantCulture, "PatchEmbedding {0}×{0} patches → {1}", layer.KernelHeight, layer.Output[0]);

        public override long Flops(ShapedLayer layer) => 2L * layer.Input[0] * layer.KernelHeight * layer.KernelWidth * layer.Output[0];

        private static Shape Planes(Op op)
        {
            var patch = ((PatchEmbeddingArgs)op.Args).Patch;
            return Shape.Of(op.Y.Shape[0], op.X.Shape[1] / patch, op.X.Shape[2] / patch);
        }

        private static string Geometry(Op op)
        {
            var patch = ((PatchEmbeddingArgs)op.Args).Patch;
            return Conv.Geometry(op.X.Shape, Planes(op), new ConvArgs(patch, patch, patch, 0, true, 1, 1));
        }

        private static string Bridge(Op op)
        {
            var planes = Planes(op);
            return $"batch, {Literals.Named("channels", planes[0])}, {Literals.Named("height", planes[1])}, {Literals.Named("width", planes[2])}, global::Strata.SequenceAxis.Pixels";
        }

    }

    /// <summary>The side of a PatchEmbedding's patch.</summary>
    internal sealed record PatchEmbeddingArgs(int Patch) : OpArgs;
}
