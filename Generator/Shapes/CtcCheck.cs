using System.Collections.Generic;
using System.Linq;
using Strata.Generator.Diagnostics;
using Strata.Generator.Model;

namespace Strata.Generator.Shapes
{
    /// <summary>
    /// What <c>[Ctc(maxLabelLength)]</c> asks of a model's output, once its shapes are known: a per-step sequence
    /// [T, classes] with room for the blank and a label (classes ≥ 2), and, where T is static (an image read by
    /// [ToSequence]), at least one step per label.
    /// </summary>
    internal static class CtcCheck
    {
        public static void Run(ModelSpec spec, IReadOnlyList<ShapedLayer> layers, List<DiagnosticInfo> diagnostics)
        {
            if (spec.Ctc is not { } ctc || layers.Count == 0)
            {
                return;
            }

            var last = layers[layers.Count - 1];
            var output = last.Output;
            var name = last.Spec.Name;
            if (output.Sequence != SequenceKind.Features || output.Rank != 1)
            {
                var hint = output.Sequence == SequenceKind.None && layers.Any(layer => layer.Output.IsSequence)
                    ? "the sequence was reduced before the end; keep its steps (ReturnSequences = true on the recurrent layer) and end in a per-step Dense(classes)"
                    : "read the image's columns as steps with [ToSequence(SequenceAxis.Width)] and end in a recurrent layer and a per-step Dense(classes)";
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.CtcNeedsPerStepOutput, ctc.Location, spec.ClassName, output.ToString(), name, hint));
                return;
            }

            if (output[0] < 2)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.CtcTooFewClasses, ctc.Location, spec.ClassName, output.ToString(), name));
            }

            var labels = ctc.MaxLabelLength.Value;
            if (output.HasStaticSteps && output.Steps < labels)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.CtcTooFewSteps, ctc.MaxLabelLength.Location, spec.ClassName, output.Steps, name, output.ToString(), labels));
            }
        }
    }
}
