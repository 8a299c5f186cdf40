using System.Collections.Generic;
using System.Linq;
using Strata.Generator.Model;

namespace Strata.Generator.Shapes
{
    /// <summary>
    /// What a shape rule sees: the layer, the shape arriving at it, where that shape came from, what came before it (so
    /// that a message can give the fix that fits), and the sink for diagnostics.
    /// </summary>
    internal sealed class ShapeContext
    {
        public ShapeContext(
            LayerSpec layer,
            Shape input,
            string source,
            List<DiagnosticInfo> diagnostics,
            Shape? modelInput = null,
            LayerSpec? lastRecurrent = null,
            IReadOnlyDictionary<string, Shape>? earlier = null,
            IReadOnlyCollection<string>? layerNames = null,
            string modelName = "")
        {
            ModelName = modelName;
            Earlier = earlier ?? new Dictionary<string, Shape>();
            LayerNames = layerNames ?? new string[0];
            Layer = layer;
            Input = input;
            Source = source;
            Diagnostics = diagnostics;
            ModelInput = modelInput ?? input;
            LastRecurrent = lastRecurrent;
        }

        public LayerSpec Layer { get; }

        public Shape Input { get; }

        /// <summary>Where <see cref="Input"/> comes from, for messages: <c>[Input]</c> or <c>'C1'</c>.</summary>
        public string Source { get; }

        public List<DiagnosticInfo> Diagnostics { get; }

        /// <summary>The shape [Input] declares.</summary>
        public Shape ModelInput { get; }

        /// <summary>The last recurrent layer before this one, or null; with ReturnSequences = false it ended the sequence.</summary>
        public LayerSpec? LastRecurrent { get; }

        /// <summary>The output shape of every layer declared before this one, by name.</summary>
        public IReadOnlyDictionary<string, Shape> Earlier { get; }

        /// <summary>The model class, for messages.</summary>
        public string ModelName { get; }

        /// <summary>Every layer of the model declared so far or still to come in the scopes being walked, by path.</summary>
        public IReadOnlyCollection<string> LayerNames { get; }

        public bool InputIsFromInputAttribute => Source == ShapeChecker.InputSource;

        /// <summary>
        /// The shape of what a layer names: an earlier layer's output, or the model input for <c>Graph.Input</c>; null
        /// after reporting a name that is not a layer (STRATA0053) or one declared at or after this one (STRATA0054).
        /// </summary>
        public Shape? Resolve(NameArgument source)
        {
            if (source.Name == ShapeChecker.GraphInput)
            {
                return ModelInput;
            }

            if (Earlier.TryGetValue(source.Name, out var shape))
            {
                return shape;
            }

            if (!LayerNames.Contains(source.Name))
            {
                Report(Generator.Diagnostics.DiagnosticDescriptors.UnknownLayerName, source.Location, KindName, Layer.Name, source.Name, ModelName);
            }
            else
            {
                Report(
                    Generator.Diagnostics.DiagnosticDescriptors.LayerReadBeforeItExists,
                    source.Location,
                    KindName,
                    Layer.Name,
                    source.Name,
                    source.Name == Layer.Name ? "by this very property" : "after it");
            }

            return null;
        }

        /// <summary>How messages name what <paramref name="source"/> reads: <c>[Input]</c> or <c>'C1'</c>.</summary>
        public static string Describe(NameArgument source) => source.Name == ShapeChecker.GraphInput ? ShapeChecker.InputSource : "'" + source.Name + "'";

        /// <summary>How summaries name what a layer reads: <c>input</c> for the model input, else the layer's path.</summary>
        public static string Named(NameArgument source) => source.Name == ShapeChecker.GraphInput ? "input" : source.Name;

        public string KindName => Layers.LayerRegistry.For(Layer.Kind).Name;

        public void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, SourceLocation location, params object[] args) =>
            Diagnostics.Add(DiagnosticInfo.Create(descriptor, location, args));
    }
}
