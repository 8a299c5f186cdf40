using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Strata.Generator.Diagnostics;
using Strata.Generator.Emit;
using Strata.Generator.Model;
using Strata.Generator.Parsing;
using Strata.Generator.Shapes;

namespace Strata.Generator.Layers
{
    /// <summary>
    /// <c>[BatchNorm(momentum: 0.1, eps: 1e-5)]</c>, PyTorch's <c>nn.BatchNorm2d</c> on [C, H, W] and <c>nn.BatchNorm1d</c>
    /// on [F] (and on [C, L]): one mean and variance per channel (the first dimension) over the batch and the rest of
    /// the sample; on a sequence [T, F], one per feature over every valid step of the batch (padded steps count nowhere
    /// and give 0), as <c>nn.BatchNorm1d</c> on the packed steps. It has the parameters weight and bias [C] (1 and 0 at first) and the buffers running_mean,
    /// running_var and num_batches_tracked, held by the handle's <c>RunningStatistics</c>; the model's training flag
    /// picks batch or running statistics. Its activation fuses into the kernels. ONNX: BatchNormalization (inference).
    /// </summary>
    internal sealed class BatchNorm : LayerDefinition
    {
        public static readonly BatchNorm Definition = new();

        public override LayerKind Kind => LayerKind.BatchNorm;

        public override string Name => "BatchNorm";

        public override string Example => "BatchNorm";

        public override string HandleType => "Strata.BatchNorm";

        public override LayerSpec? Read(LayerSpec spec, AttributeArguments arguments)
        {
            var momentum = arguments.ConstructorReal("momentum");
            var eps = arguments.ConstructorReal("eps");
            return momentum is null || eps is null ? null : spec with { Momentum = momentum, Eps = eps };
        }

        public override ShapedLayer? Infer(ShapeContext context)
        {
            var layer = context.Layer;
            if (!SequenceShapes.AcceptsFeatures(context))
            {
                return null;
            }

            var momentum = layer.Momentum!;
            var eps = layer.Eps!;
            // NaN fails every comparison; values that round to a float outside the range would too.
            if (!(momentum.Value >= 0 && momentum.Value <= 1 && (float)momentum.Value <= 1f))
            {
                context.Report(
                    DiagnosticDescriptors.BatchNormArgumentOutOfRange, momentum.Location, Name, layer.Name, "momentum", Real(momentum.Value),
                    "momentum is how far each training batch moves the running statistics and must be in [0, 1], e.g. [BatchNorm(momentum: 0.1)]");
                return null;
            }

            if (!(eps.Value > 0 && (float)eps.Value > 0f && !float.IsInfinity((float)eps.Value)))
            {
                context.Report(
                    DiagnosticDescriptors.BatchNormArgumentOutOfRange, eps.Location, Name, layer.Name, "eps", Real(eps.Value),
                    "eps is added to the variance before its square root and must be positive and finite as a float, e.g. [BatchNorm(eps: 1e-5)]");
                return null;
            }

            return new ShapedLayer(layer, context.Input, context.Input, 0, 0, 0, 0);
        }

        public override IEnumerable<ParameterPlan> Parameters(ShapedLayer layer, string field)
        {
            var channels = Shape.Of(layer.Input[0]);
            yield return new ParameterPlan(layer.Spec.Name + ".weight", field + "Weight", channels, FanIn: 0, Constant: 1f);
            yield return new ParameterPlan(layer.Spec.Name + ".bias", field + "Bias", channels, FanIn: 0, Constant: 0f);
        }

        public override IEnumerable<ReservedField> ParameterFields(LayerSpec spec, string field)
        {
            yield return new ReservedField(field + "Weight", $"the private field that holds {spec.Name}.weight");
            yield return new ReservedField(field + "Bias", $"the private field that holds {spec.Name}.bias");
        }

        /// <summary>The weight, the bias and new running statistics, which the handle owns.</summary>
        public override string HandleArguments(ShapedLayer layer, IReadOnlyList<ParameterPlan> parameters) =>
            $"{parameters[0].Field}, {parameters[1].Field}, new global::Strata.RunningStatistics(device, {Literals.String(layer.Spec.Name)}, {Literals.Named("features", layer.Input[0])})";

        public override OpArgs Arguments(ShapedLayer layer) =>
            new BatchNormArgs((float)layer.Spec.Momentum!.Value, (float)layer.Spec.Eps!.Value);

        public override IEnumerable<string> Buffers(Op op)
        {
            yield return op.Field + ".Running.Mean";
            yield return op.Field + ".Running.Variance";
            yield return op.Field + ".Running.BatchesTracked";
        }

        /// <summary>The mean and 1/√(σ² + ε) per channel that forward used, for backward.</summary>
        public override void DeclareBuffers(PlanWriter plan, Op op)
        {
            var channels = Literals.Int(op.X.Shape[0]);
            plan.Tensor(SavedMean(op), channels, "The mean per channel that " + op.Layer + " normalised with: the batch's in training, the running one in evaluation");
            plan.Tensor(SavedInvStd(op), channels, "1/√(variance + eps) per channel that " + op.Layer + " normalised with");
        }

        public override void Forward(OpWriter w)
        {
            var args = (BatchNormArgs)w.Op.Args;
            w.Line(
                $"{w.Target.Kernel("BatchNorm")}.Forward{w.Target.GenericActivation(w.Op.Epilogue)}({Sizes(w.Op)}, {w.Target.ActivationArgument(w.Op.Epilogue)}" +
                $"momentum: {Literals.Float(args.Momentum)}, eps: {Literals.Float(args.Eps)}, training: {Training(w.Op)}, " +
                $"{w.X}, {w.Parameter("Weight")}.Value, {w.Parameter("Bias")}.Value, {w.Op.Field}.Running, plan.{SavedMean(w.Op)}, plan.{SavedInvStd(w.Op)}, {w.Y}{Padding(w.Op)});");
        }

        /// <summary>
        /// In evaluation, a BatchNorm over an image that alone reads a convolution without activation folds into it:
        /// marks such pairs (<see cref="Op.Folds"/>, <see cref="Op.FoldedAway"/>) in data-flow order.
        /// </summary>
        internal static List<Op> FoldIntoConvolutions(List<Op> ops)
        {
            var result = new List<Op>(ops);
            for (var i = 1; i < result.Count; i++)
            {
                var (conv, norm) = (result[i - 1], result[i]);
                var onlyReader = ops.Count(op => op.Inputs.Any(x => x.Key == conv.Y.Key)) == 1;
                if (norm.Kind == LayerKind.BatchNorm && conv.Kind == LayerKind.Conv && norm.X.Key == conv.Y.Key && norm.X.Shape.Rank == 3
                    && !norm.X.Flat && conv.Activation == Activation.None && onlyReader && !conv.Y.IsModelOutput && !conv.OutputUnused && !norm.OutputUnused)
                {
                    result[i - 1] = conv with { FoldedAway = true };
                    result[i] = norm with { Folds = result[i - 1] };
                }
            }

            return result;
        }

        /// <summary>
        /// Evaluation: the convolution before it with W·γ/√(σ² + ε) and (b − μ)·γ/√(σ² + ε) + β, writing this layer's output
        /// with its activation, instead of the convolution and then this layer.
        /// </summary>
        public override void ForwardFolded(OpWriter w) => ForwardFolded(w, residual: null);

        /// <summary>
        /// The folded convolution, adding <paramref name="residual"/> before the activation when it is not null: an
        /// <see cref="Add"/> after this layer fused the pair in (the op then carries the Add's output and activation).
        /// </summary>
        internal static void ForwardFolded(OpWriter w, string? residual)
        {
            var conv = w.Op.Folds!;
            var bias = ((ConvArgs)conv.Args).Bias ? conv.Field + "Bias" : "null";
            w.Line($"var (foldedWeight, foldedBias) = {w.Op.Field}.Folding.Fold({conv.Field}Weight, {bias}, {w.Op.Field}, eps: {Literals.Float(((BatchNormArgs)w.Op.Args).Eps)});");
            var folded = new OpWriter(w, conv with { Output = w.Op.Output, Activation = w.Op.Activation, Folds = null, FoldedAway = false });
            Conv.ForwardWith(folded, "foldedWeight", "foldedBias", residual);
        }

        /// <summary>Evaluation folded the convolution in: its output, and this layer's saved statistics, are computed now.</summary>
        public override void RecomputeFolded(OpWriter w)
        {
            var conv = w.Op.Folds!;
            conv.Definition.Forward(new OpWriter(w, conv with { FoldedAway = false }));
            Forward(w);
        }

        /// <summary>The parameters' gradients (unless frozen), and the input's when needed, in the mode of the forward pass.</summary>
        public override void Backward(OpWriter w) =>
            w.Line(
                $"{w.Target.Kernel("BatchNorm")}.Backward{w.Target.GenericActivation(w.Op.Epilogue)}({Sizes(w.Op)}, {w.Target.ActivationArgument(w.Op.Epilogue)}training: {Training(w.Op)}, " +
                $"{w.X}, {w.Parameter("Weight")}.Value, plan.{SavedMean(w.Op)}, plan.{SavedInvStd(w.Op)}, {w.Y}, {w.GradY}, {w.GradXArgument}, " +
                $"{w.ParameterGradient("Weight")}, {w.ParameterGradient("Bias")}{Padding(w.Op)});");

        /// <summary>
        /// Whether the layer normalises with the batch's statistics and updates its running ones: in training, unless its
        /// statistics are frozen (<c>RunningStatistics.IsFrozen</c>), when it normalises with the running ones as in
        /// evaluation, as PyTorch's <c>bn.eval()</c> inside a training model.
        /// </summary>
        private static string Training(Op op) => $"_isTraining && !{op.Field}.Running.IsFrozen";

        /// <summary>
        /// BatchNormalization in inference mode, with the running statistics as initializers under their state_dict
        /// names; ONNX's momentum weighs the old statistics, so it is 1 − PyTorch's, as torch.onnx writes it. A sequence
        /// [N, T, F] is transposed to [N, F, T] around it, as PyTorch's users write <c>bn(x.transpose(1, 2))</c>.
        /// </summary>
        public override void Onnx(OnnxWriter w)
        {
            var args = (BatchNormArgs)w.Op.Args;
            w.Initializers();
            foreach (var (member, name) in new[] { ("Mean", ".running_mean"), ("Variance", ".running_var") })
            {
                var buffer = $"{w.Op.Field}.Running.{member}";
                w.Line($"graph.AddInitializer({Literals.String(w.Op.Layer + name)}, {buffer}.Shape, {buffer}.Value.ToArray());");
            }

            var sequence = w.Op.X.Shape.IsSequence;
            var input = sequence ? w.Op.Layer + ".features_first" : w.Input;
            var output = sequence ? w.Op.Layer + ".normalised" : w.Output;
            if (sequence)
            {
                w.Node("Transpose", new[] { w.Input }, input, OnnxWriter.Ints("perm", 0, 2, 1));
            }

            w.Node(
                "BatchNormalization",
                new[] { input, w.Op.Layer + ".weight", w.Op.Layer + ".bias", w.Op.Layer + ".running_mean", w.Op.Layer + ".running_var" },
                output,
                $"{OnnxWriter.Attribute}.Float({Literals.String("epsilon")}, {Literals.Float(args.Eps)})",
                $"{OnnxWriter.Attribute}.Float({Literals.String("momentum")}, {Literals.Float(1f - args.Momentum)})");
            if (sequence)
            {
                w.Node("Transpose", new[] { output }, w.Output, OnnxWriter.Ints("perm", 0, 2, 1));
            }
        }

        public override string Describe(ShapedLayer layer)
        {
            var text = new StringBuilder(string.Format(
                CultureInfo.InvariantCulture, "BatchNorm {0} {1}", layer.Input[0], layer.Input.Rank == 1 ? "features" : "channels"));
            if (layer.Spec.Momentum!.IsExplicit)
            {
                text.Append(", momentum ").Append(Real(layer.Spec.Momentum.Value));
            }

            if (layer.Spec.Eps!.IsExplicit)
            {
                text.Append(", eps ").Append(Real(layer.Spec.Eps.Value));
            }

            return text.Append(layer.Spec.Activation.Describe()).ToString();
        }

        /// <summary>A multiply and an add per element (the statistics add as much again in training).</summary>
        public override long Flops(ShapedLayer layer) => 2L * layer.Output.Elements;

        /// <summary>The kernels' [batch, channels, planeSize]: a sequence is [batch · steps, features, 1].</summary>
        private static string Sizes(Op op) =>
            $"{OpWriter.Rows(op.X)}, {Literals.Named("channels", op.X.Shape[0])}, {Literals.Named("planeSize", op.X.Shape.Elements / op.X.Shape[0])}";

        /// <summary>The padded steps that must not count, for a sequence model's sequences; nothing otherwise.</summary>
        private static string Padding(Op op) =>
            op.X.Shape.IsSequence && !op.X.Shape.HasStaticSteps ? ", padded: new global::Strata.PaddedRows(" + OpWriter.Steps(op.X.Shape) + ", " + OpWriter.Lengths(op.X.Shape, "plan.") + ")" : string.Empty;

        private static string SavedMean(Op op) => op.Stem + "SavedMean";

        private static string SavedInvStd(Op op) => op.Stem + "SavedInvStd";

        private static string Real(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>BatchNorm's momentum and eps, as the floats the kernels use.</summary>
    internal sealed record BatchNormArgs(float Momentum, float Eps) : OpArgs;
}
