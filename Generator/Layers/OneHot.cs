using System.Globalization;
using Strata.Generator.Emit;
using Strata.Generator.Model;

namespace Strata.Generator.Layers
{
    /// <summary><c>[OneHot(vocab)]</c>: each token id becomes a vector [vocab] with a single 1, as d2l's <c>F.one_hot</c>.</summary>
    internal sealed class OneHot : TokenEncoding
    {
        public static readonly OneHot Definition = new();

        public override LayerKind Kind => LayerKind.OneHot;

        public override string Name => "OneHot";

        public override string Example => "OneHot(1000)";

        public override string HandleType => "Strata.OneHot";

        protected override int Features(LayerSpec spec) => spec.Sequence!.Vocab!.Value;

        protected override (string Tensor, LayerArgument Cause, string Fix) Largest(LayerSpec spec) => ("output", spec.Sequence!.Vocab!, "use a smaller vocabulary");

        public override void Forward(OpWriter w) =>
            w.Line(w.Target == Target.Gpu
                ? $"global::Strata.Gpu.SequenceGpu.OneHotForward({OpWriter.Rows(w.Op.X)}, {Literals.Named("vocab", w.Op.X.Shape[0])}, {w.X}, {w.Y});"
                : $"{TypeNames.Cpu}.OneHotCpu.Forward({OpWriter.Rows(w.Op.X)}, {Literals.Named("vocab", w.Op.X.Shape[0])}, {w.X}, {w.Y});");

        public override void Backward(OpWriter w) => w.Line("// No parameters, and token ids have no gradient.");

        public override void Onnx(OnnxWriter w) =>
            w.Line($"{OnnxWriter.Sequence}.OneHot(graph, {Literals.String(w.Op.Layer + ".identity")}, {Literals.Int(w.Op.X.Shape[0])}, {Literals.String(w.Input)}, {Literals.String(w.Output)});");

        public override string Describe(ShapedLayer layer) => string.Format(CultureInfo.InvariantCulture, "OneHot {0}", layer.Input[0]);
    }
}
