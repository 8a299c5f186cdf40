using System.Linq;
using Strata.Generator.Model;

namespace Strata.Generator.Emit
{
    /// <summary>
    /// The Forward and Backward bodies of one device: each operation's definition writes its runtime calls, forward in
    /// data-flow order and backward in reverse. The CPU and GPU bodies are the same calls of each device's kernels.
    /// </summary>
    internal static class PathEmitter
    {
        public static void Emit(IndentedWriter writer, LoweredModel model, Target target)
        {
            var sequence = model.IsSequence ? ", RecurrentState? state, bool carried, int batch, " + model.StepParameters : ", int batch";
            using (writer.Block($"private void Forward{target}({model.InputParameters}, MemoryPlan plan{sequence})"))
            {
                foreach (var op in model.Ops)
                {
                    Comment(writer, op);
                    var call = new OpWriter(writer, op, target);
                    if (op.FoldedAway || op.Folds is not null)
                    {
                        // Evaluation runs a convolution, a BatchNorm after it and an Add after those as one convolution.
                        using (writer.Block("if (_isTraining)"))
                        {
                            Forward(call);
                        }

                        if (op.Folds is not null && !op.FoldedAway)
                        {
                            using (writer.Block("else"))
                            {
                                op.Definition.ForwardFolded(call);
                                ActivateInPlace(call);
                            }
                        }
                    }
                    else
                    {
                        Forward(call);
                    }
                }
            }

            writer.Line();
            var sizes = model.IsSequence ? "int batch, " + model.StepParameters : "int batch";
            using (writer.Block($"private void Backward{target}({model.InputParameters}, {TypeNames.Tensor} gradOutput, MemoryPlan plan, {sizes}, bool inputGradient)"))
            {
                var ready = new GradientReadiness(model);
                for (var i = model.Ops.Count - 1; i >= 0; i--)
                {
                    var op = model.Ops[i];
                    if (i < model.Ops.Count - 1)
                    {
                        writer.Line();
                    }

                    Comment(writer, op);
                    var call = new OpWriter(writer, op, target);
                    if (op.OutputUnused)
                    {
                        call.Line("// Nothing reads its output, so nothing flows back through it.");
                        foreach (var parameter in model.Layers.First(layer => layer.Name == op.Layer).Parameters)
                        {
                            call.Line($"{parameter.Field}.Grad.Clear();");
                        }

                        ready.After(writer, i);
                        continue;
                    }

                    if (op.Folds is not null && !op.FoldedAway)
                    {
                        // An operation folded away itself was recomputed by the one that folded it.
                        using (writer.Block("if (!_isTraining)"))
                        {
                            call.Line($"// The forward folded {op.Folds.Layer} into {op.Layer}: compute what their backward reads.");
                            op.Definition.RecomputeFolded(call);
                            ActivateInPlace(call);
                        }
                    }

                    if (!op.Activation.Definition.Fuses)
                    {
                        // Needed for the layer's parameters, or else only for its input's gradient.
                        var activation = () => op.Activation.Definition.BackwardInPlace(call, op.Activation);
                        if (op.Y.Need == InputGradientNeed.Always && model.Layers.First(layer => layer.Name == op.Layer).Parameters.Count > 0)
                        {
                            activation();
                        }
                        else
                        {
                            call.WhenInputGradientNeeded(activation);
                        }
                    }

                    op.Definition.Backward(call);
                    foreach (var input in op.Inputs.Where(x => x.Accumulates))
                    {
                        // Another reader of this tensor has already written its gradient: add this one to it.
                        call.WhenGradientNeeded(input, () => call.Line(
                            $"{target.Kernel("Elementwise")}.AddTo({TensorExpressions.Gradient(input)}, {TensorExpressions.AccumulatedGradient(input)});"));
                    }

                    ready.After(writer, i);
                }

                ready.Rest(writer);
            }
        }

        private static void Forward(OpWriter call)
        {
            call.Op.Definition.Forward(call);
            ActivateInPlace(call);
        }

        /// <summary>An activation that does not fuse into the kernels runs in place after them.</summary>
        private static void ActivateInPlace(OpWriter call)
        {
            if (!call.Op.Activation.Definition.Fuses)
            {
                call.Op.Activation.Definition.ForwardInPlace(call, call.Op.Activation);
            }
        }

        /// <summary>The one-line comment above each operation: layer, the shapes it reads and the shape it writes.</summary>
        private static void Comment(IndentedWriter writer, Op op) =>
            writer.Line($"// {op.Layer}: {string.Join(", ", op.Inputs.Select(x => x.Shape))} → {op.Y.Shape}");
    }
}
