using Microsoft.CodeAnalysis;

namespace Strata.Generator.Diagnostics
{
    /// <summary>
    /// Every diagnostic the generator reports. Each message names the member, shows the shapes that meet and says the
    /// fix; each ID has a page under docs/diagnostics and a line in AnalyzerReleases.Unshipped.md.
    /// </summary>
    internal static partial class DiagnosticDescriptors
    {
        private const string Category = "Strata";
        private const string HelpRoot = "https://github.com/strata-dsl/strata/blob/main/docs/diagnostics/";

        public static readonly DiagnosticDescriptor ClassMustBePartial = Error(
            "STRATA0001",
            "A model class must be partial",
            "Model class '{0}' must be partial so that Strata can generate its layers; declare it as 'partial class {0}'");

        public static readonly DiagnosticDescriptor ClassMustNotBeGeneric = Error(
            "STRATA0002",
            "A model class must not be generic",
            "Model class '{0}' must not be generic, because every shape is fixed at build time; remove the type parameters {1}");

        public static readonly DiagnosticDescriptor ClassMustNotBeNested = Error(
            "STRATA0003",
            "A model class must not be nested",
            "Model class '{0}' is nested in '{1}'; declare it directly in a namespace");

        public static readonly DiagnosticDescriptor MissingInput = Error(
            "STRATA0004",
            "A model needs [Input]",
            "Model '{0}' has no [Input]; declare the per-sample input shape next to [Model], e.g. [Model, Input(1, 28, 28)] for one 28×28 channel");

        public static readonly DiagnosticDescriptor EmptyInput = Error(
            "STRATA0005",
            "[Input] needs at least one dimension",
            "[Input] of model '{0}' declares no dimension; list the per-sample shape without the batch, e.g. [Input(1, 28, 28)]");

        public static readonly DiagnosticDescriptor NonPositiveInputDimension = Error(
            "STRATA0006",
            "Input dimensions must be positive",
            "Dimension {1} of [Input] on model '{0}' is {2}; every input dimension must be at least 1, e.g. [Input(1, 28, 28)]");

        public static readonly DiagnosticDescriptor NonPositiveHyperparameter = Error(
            "STRATA0007",
            "Layer sizes and strides must be positive",
            "{0} '{1}' has {2} {3}; {2} must be at least 1{4}");

        public static readonly DiagnosticDescriptor NegativePad = Error(
            "STRATA0008",
            "Padding must not be negative",
            "{0} '{1}' has pad {2}; padding must be 0 or more (0 adds no padding)");

        public static readonly DiagnosticDescriptor PoolPadTooLarge = Error(
            "STRATA0009",
            "Pooling padding must be at most half the kernel",
            "{0} '{1}' has pad {2} with kernel {3}; pooling padding must be at most kernel/2 = {4}, as in PyTorch, because a wider pad makes windows that see only padding");

        public static readonly DiagnosticDescriptor OutputCollapses = Error(
            "STRATA0010",
            "A layer's output collapses to nothing",
            "{0} '{1}' gets {2} and its output {3} is {4} = {5}; the kernel is larger than the padded input, so use a smaller kernel, more padding, or fewer pooling layers before it");

        public static readonly DiagnosticDescriptor StrideDropsRows = Warning(
            "STRATA0011",
            "A stride skips the last rows or columns",
            "{0} '{1}' maps {2} to {3} and ignores the last {4} of its padded input, because {5}; change the padding, kernel or stride so that the windows fit exactly");

        public static readonly DiagnosticDescriptor NeedsSpatialInput = Error(
            "STRATA0012",
            "Convolution and pooling need a [channels, height, width] input",
            "{0} '{1}' needs a [channels, height, width] input but gets {2} from {3}; {4}");

        public static readonly DiagnosticDescriptor DenseNeedsFlatten = Error(
            "STRATA0013",
            "Dense needs a flat input",
            "Dense '{0}' needs a flat input but gets {1} from {2}; add [Flatten] before it on the same property: [Flatten, Dense({3})]");

        public static readonly DiagnosticDescriptor PropertyTypeMismatch = Error(
            "STRATA0014",
            "A layer property's type must match its layer",
            "'{0}' is declared with [{1}], so its type must be {2}, not {3}");

        public static readonly DiagnosticDescriptor LayerPropertyNotPartial = Error(
            "STRATA0015",
            "A layer property must be a non-static partial property with only a getter",
            "Layer property '{0}' must be a non-static partial property with only a getter, so that Strata can implement it; declare it as '{1} partial {2} {0} {{ get; }}'");

        public static readonly DiagnosticDescriptor TwoLayerAttributes = Error(
            "STRATA0016",
            "A property declares one layer",
            "'{0}' has two layer attributes, [{1}] and [{2}]; declare each layer on its own property ([Flatten] may only precede [Dense], as in [Flatten, Dense(120)])");

        public static readonly DiagnosticDescriptor TwoActivations = Error(
            "STRATA0017",
            "A property declares at most one activation",
            "'{0}' has two activations, [{1}] and [{2}]; keep one of them");

        public static readonly DiagnosticDescriptor ActivationWithoutLayer = Error(
            "STRATA0018",
            "An activation needs a layer on the same property",
            "[{0}] on '{1}' has no layer to fuse into; put it on the same property as a [Conv], [Dense], [MaxPool] or [AvgPool], e.g. [Conv(6, 5), {0}]");

        public static readonly DiagnosticDescriptor ActivationOnFlatten = Error(
            "STRATA0019",
            "An activation cannot follow a standalone [Flatten]",
            "[{0}] on '{1}' follows [Flatten], which computes nothing to fuse it into; move [{0}] to the layer property before '{1}'");

        public static readonly DiagnosticDescriptor SizeTooLarge = Error(
            "STRATA0020",
            "A tensor would be too large",
            "{0} '{1}' {2} has {3} elements, more than the 2147483647 that a tensor can hold; reduce its sizes");

        public static readonly DiagnosticDescriptor NoLayers = Error(
            "STRATA0021",
            "A model needs at least one layer",
            "Model '{0}' declares no layer that computes anything; add layer properties in data-flow order, e.g. [Conv(6, 5), Relu] public partial Conv2d C1 {{ get; }}");

        public static readonly DiagnosticDescriptor InternalError = Error(
            "STRATA0022",
            "The Strata generator failed",
            "Strata could not generate model '{0}' ({1}); this is a bug in Strata, please report it with the model's declaration");

        public static readonly DiagnosticDescriptor ClassMustNotBeStatic = Error(
            "STRATA0023",
            "A model class must not be static",
            "Model class '{0}' must not be static, because a model is an object that owns its parameters and buffers; remove 'static'");

        public static readonly DiagnosticDescriptor LayerOutsideModelDeclaration = Error(
            "STRATA0024",
            "Layers belong in the declaration that carries [Model]",
            "Layer property '{0}' is declared in another part of '{1}'; move it into the partial declaration that carries [Model], where the order of the layers is the data flow");

        private static DiagnosticDescriptor Error(string id, string title, string message) =>
            Create(id, title, message, DiagnosticSeverity.Error);

        private static DiagnosticDescriptor Warning(string id, string title, string message) =>
            Create(id, title, message, DiagnosticSeverity.Warning);

        private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity) =>
            new(id, title, message, Category, severity, isEnabledByDefault: true, helpLinkUri: HelpRoot + id + ".md");
    }
}
