using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Strata.Generator.Layers;
using Strata.Generator.Model;

namespace Strata.Generator.Shapes
{
    /// <summary>
    /// Infers every layer's shape in declaration order, one rule per layer kind, and stops at the first layer whose
    /// shape cannot be known, so one mistake gives one diagnostic rather than a cascade.
    /// </summary>
    internal static class ShapeChecker
    {
        /// <summary>How messages name the model input as a source of a shape.</summary>
        public const string InputSource = "[Input]";

        /// <summary>How layers name the model input: <c>Strata.Graph.Input</c>.</summary>
        public const string GraphInput = "<input>";

        public static CheckedModel Check(ParsedModel parsed, IReadOnlyDictionary<string, BlockSpec> blocks)
        {
            var spec = parsed.Spec;
            var diagnostics = parsed.Diagnostics.ToList();
            var layers = new List<ShapedLayer>();
            var input = InputShape(spec, diagnostics);
            var complete = input is not null && spec.LayersComplete;

            var secondInput = SecondInput(spec);
            if (input is not null)
            {
                var walk = new GraphWalk(blocks, diagnostics, input, spec.ClassName, secondInput);
                complete &= walk.Run(spec.Items);
                layers = walk.Layers;
            }

            if (complete)
            {
                ReportUnusedOutputs(layers.Select(layer => layer.Spec).ToList(), diagnostics);
                ReportUnreadSecondInput(spec, secondInput, layers, diagnostics);
                CtcCheck.Run(spec, layers, diagnostics);
            }

            // Blocks whose [When] conditions leave every layer out compute nothing either.
            var computes = complete
                ? layers.Any(layer => layer.Spec.Kind != LayerKind.Flatten)
                : spec.Items.Any(item => item is BlockUse || (item is LayerSpec layer && layer.Kind != LayerKind.Flatten));
            if (spec.LayersComplete && !computes)
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.DiagnosticDescriptors.NoLayers, spec.ClassLocation, spec.ClassName));
            }

            var hasErrors = diagnostics.Any(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error);
            var uses = spec.Items.OfType<BlockUse>().Select(use => new BlockMember(use.Name, use.IsArray)).ToEquatableArray();
            var model = complete && !hasErrors && spec.Emittable && computes
                ? new ShapedModel(spec.Namespace, spec.ClassName, input!, layers.ToEquatableArray(), uses, secondInput)
                : null;
            // Whatever stops generation (a Strata error, or a compiler error in an attribute), stubs keep the build output to
            // those errors; the collector returns none where they could only add more.
            var stubs = model is null ? parsed.Stubs : null;
            return new CheckedModel(model, diagnostics.Distinct().ToEquatableArray(), stubs);
        }

        /// <summary>
        /// A layer is read by the one after it, unless that one names what it reads (Add, Concat, [From]); then a layer
        /// nobody names computes for nothing, which is a warning at its attribute (once, however many uses of its block).
        /// </summary>
        private static void ReportUnusedOutputs(IReadOnlyList<LayerSpec> layers, List<DiagnosticInfo> diagnostics)
        {
            var named = new HashSet<string>(layers.SelectMany(layer => layer.NamedSources.Select(source => source.Name)));
            var reported = new HashSet<SourceLocation>();
            for (var i = 0; i < layers.Count - 1; i++)
            {
                var next = layers[i + 1];
                var readsTheOneBefore = next.From is null && !Layers.LayerRegistry.For(next.Kind).NamesItsInputs;
                if (!readsTheOneBefore && !named.Contains(layers[i].Name) && reported.Add(layers[i].AttributeLocation))
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        Diagnostics.DiagnosticDescriptors.LayerOutputUnused, layers[i].AttributeLocation, layers[i].Name, next.Name));
                }
            }
        }

        /// <summary>The second input with its own time axis (named after it), or null when the model has none.</summary>
        private static NamedInput? SecondInput(ModelSpec spec) =>
            spec.SecondInput is { } second && SequenceInput.Read(second.Dimensions, out _, out _) is { } shape
                ? new NamedInput(second.Name.Name, shape with { Time = second.Name.Name })
                : null;

        /// <summary>A second input that no layer reads (STRATA0090, a warning at the attribute): the model would ignore half its data.</summary>
        private static void ReportUnreadSecondInput(ModelSpec spec, NamedInput? second, IReadOnlyList<ShapedLayer> layers, List<DiagnosticInfo> diagnostics)
        {
            if (second is null || layers.Any(layer => layer.Spec.NamedSources.Any(source => source.Name == second.Name)))
            {
                return;
            }

            diagnostics.Add(DiagnosticInfo.Create(
                Diagnostics.DiagnosticDescriptors.SecondInputUnread, spec.SecondInput!.Location, spec.ClassName, second.Name, second.Shape));
        }

        private static Shape? InputShape(ModelSpec spec, List<DiagnosticInfo> diagnostics)
        {
            if (spec.Input is { } sequence && SequenceInput.IsSequence(sequence.Dimensions))
            {
                return SequenceInput.Read(sequence.Dimensions, out _, out _);
            }

            if (spec.Input is not { } input || input.Dimensions.Count == 0 || input.Dimensions.Any(d => d.Value < 1))
            {
                return null;
            }

            var elements = SizeChecks.Product(input.Dimensions.Select(d => (long)d.Value).ToArray());
            if (elements > SizeChecks.MaxElements)
            {
                // A product of all the dimensions, none of them too large alone: the whole [Input] is at fault.
                diagnostics.Add(DiagnosticInfo.Create(
                    Diagnostics.DiagnosticDescriptors.SizeTooLarge,
                    input.Location,
                    "Model",
                    spec.ClassName,
                    "input [" + string.Join(", ", input.Dimensions.Select(d => d.Value)) + "]",
                    elements,
                    "use smaller input dimensions"));
                return null;
            }

            return new Shape(input.Dimensions.Select(d => d.Value).ToEquatableArray());
        }

    }
}
