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

        public static CheckedModel Check(ParsedModel parsed)
        {
            var spec = parsed.Spec;
            var diagnostics = parsed.Diagnostics.ToList();
            var layers = new List<ShapedLayer>();
            var input = InputShape(spec, diagnostics);
            var complete = input is not null && spec.LayersComplete;

            if (input is not null)
            {
                var current = input;
                var source = InputSource;
                LayerSpec? lastRecurrent = null;
                var earlier = new Dictionary<string, Shape>();
                var names = spec.Layers.Select(layer => layer.Name).ToList();
                foreach (var layer in spec.Layers)
                {
                    var context = new ShapeContext(layer, current, source, diagnostics, input, lastRecurrent, earlier, names, spec.ClassName);
                    if (layer.From is { } from)
                    {
                        // [From] makes the layer read a named tensor instead of the one before it.
                        var read = context.Resolve(from);
                        context = read is null ? null : new ShapeContext(layer, read, ShapeContext.Describe(from), diagnostics, input, lastRecurrent, earlier, names, spec.ClassName);
                    }

                    var shaped = context is null ? null : Apply(context);
                    if (shaped is null)
                    {
                        complete = false;
                        break;
                    }

                    layers.Add(shaped);
                    earlier[layer.Name] = shaped.Output;
                    current = shaped.Output;
                    source = "'" + layer.Name + "'";
                    if (LayerRegistry.For(layer.Kind) is Recurrent)
                    {
                        lastRecurrent = layer;
                    }
                }
            }

            if (complete)
            {
                ReportUnusedOutputs(spec, diagnostics);
            }

            var computes = spec.Layers.Any(layer => layer.Kind != LayerKind.Flatten);
            if (spec.LayersComplete && !computes)
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.DiagnosticDescriptors.NoLayers, spec.ClassLocation, spec.ClassName));
            }

            var hasErrors = diagnostics.Any(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error);
            var model = complete && !hasErrors && spec.Emittable && computes
                ? new ShapedModel(spec.Namespace, spec.ClassName, input!, layers.ToEquatableArray())
                : null;
            // Whatever stops generation (a Strata error, or a compiler error in an attribute), stubs keep the build output to
            // those errors; the collector returns none where they could only add more.
            var stubs = model is null ? parsed.Stubs : null;
            return new CheckedModel(model, diagnostics.ToEquatableArray(), stubs);
        }

        /// <summary>
        /// A layer is read by the one after it, unless that one names what it reads (Add, Concat, [From]); then a layer
        /// nobody names computes for nothing, which is a warning at its attribute.
        /// </summary>
        private static void ReportUnusedOutputs(ModelSpec spec, List<DiagnosticInfo> diagnostics)
        {
            var named = new HashSet<string>(spec.Layers.SelectMany(layer => layer.NamedSources.Select(source => source.Name)));
            for (var i = 0; i < spec.Layers.Count - 1; i++)
            {
                var next = spec.Layers[i + 1];
                if (next.NamedSources.Any() && !named.Contains(spec.Layers[i].Name))
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        Diagnostics.DiagnosticDescriptors.LayerOutputUnused, spec.Layers[i].AttributeLocation, spec.Layers[i].Name, next.Name));
                }
            }
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

        private static ShapedLayer? Apply(ShapeContext context) => LayerRegistry.For(context.Layer.Kind).Infer(context);
    }
}
