using System.Collections.Generic;
using System.Globalization;
using Strata.Generator.Emit;
using Strata.Generator.Model;
using Strata.Generator.Parsing;
using Strata.Generator.Shapes;

namespace Strata.Generator.Layers
{
    /// <summary><c>[Embedding(vocab, dim)]</c>, PyTorch's <c>nn.Embedding</c>: a weight [vocab, dim] drawn from N(0, 1), one row per token id.</summary>
    internal sealed class Embedding : TokenEncoding
    {
        public static readonly Embedding Definition = new();

        public override LayerKind Kind => LayerKind.Embedding;

        public override string Name => "Embedding";

        public override string Example => "Embedding(1000, 64)";

        public override string HandleType => "Strata.Embedding";

        protected override int Features(LayerSpec spec) => spec.Size!.Value;

        protected override bool ReadSize(AttributeArguments arguments, out LayerArgument? size)
        {
            size = arguments.ConstructorInt("dim");
            return size is not null;
        }

        protected override (string Tensor, LayerArgument Cause, string Fix) Largest(LayerSpec spec) => ("weight", spec.Size!, "use a smaller dim");

        protected override bool CheckSizes(ShapeContext context) =>
            SizeChecks.IsPositive(context, context.Layer.Size!, "dim", ", e.g. [Embedding(1000, 32)] for 32 features per token");

        /// <summary>Fan-in 0 marks PyTorch's N(0, 1) initialisation of embeddings.</summary>
        public override IEnumerable<ParameterPlan> Parameters(ShapedLayer layer, string field)
        {
            yield return new ParameterPlan(layer.Spec.Name + ".weight", field + "Weight", Shape.Of(layer.Input[0], layer.Output[0]), 0);
        }

        public override IEnumerable<ReservedField> ParameterFields(LayerSpec spec, string field)
        {
            yield return new ReservedField(field + "Weight", $"the private field that holds {spec.Name}.weight");
        }

        public override string HandleArguments(ShapedLayer layer, IReadOnlyList<ParameterPlan> parameters) => parameters[0].Field;

        public override void Forward(OpWriter w) =>
            w.Line(w.Target == Target.Gpu
                ? $"global::Strata.Gpu.SequenceGpu.EmbeddingForward({Sizes(w.Op)}, {w.X}, {w.Parameter("Weight")}.Value, {w.Y});"
                : $"{TypeNames.Cpu}.EmbeddingCpu.Forward({Sizes(w.Op)}, {w.X}, {w.Parameter("Weight")}.Value, {w.Y});");

        /// <summary>The weight's gradient only, unless it is frozen: token ids have none.</summary>
        public override void Backward(OpWriter w) =>
            w.Line($"if (!{w.Parameter("Weight")}.IsFrozen) " + (w.Target == Target.Gpu
                ? $"global::Strata.Gpu.SequenceGpu.EmbeddingBackward({Sizes(w.Op)}, {w.X}, {w.GradY}, {w.Parameter("Weight")}.Grad);"
                : $"{TypeNames.Cpu}.EmbeddingCpu.Backward({Sizes(w.Op)}, {w.X}, {w.GradY}, {w.Parameter("Weight")}.Grad);"));

        public override void Onnx(OnnxWriter w)
        {
            w.Initializers();
            w.Line($"{OnnxWriter.Sequence}.Embedding(graph, {Literals.String(w.Op.Layer + ".weight")}, {Literals.String(w.Input)}, {Literals.String(w.Output)});");
        }

        private static string Sizes(Op op) => $"{OpWriter.Rows(op.X)}, {Literals.Named("vocab", op.X.Shape[0])}, {Literals.Named("dim", op.Y.Shape[0])}";

        public override string Describe(ShapedLayer layer) =>
            string.Format(CultureInfo.InvariantCulture, "Embedding {0}→{1}", layer.Input[0], layer.Output[0]);
    }
}
