using Microsoft.CodeAnalysis;

namespace Strata.Generator.Diagnostics
{
    /// <summary>
    /// Every diagnostic the generator reports. Each message names the member, shows the shapes that meet and says the
    /// fix; each ID has a page under docs/diagnostics and a line in AnalyzerReleases.Unshipped.md.
    /// </summary>
    internal static partial class DiagnosticDescriptors
    {
        // The categories, as the release tracking file and rule set files name them.
        private const string Declaration = "Strata.Declaration";
        private const string Arguments = "Strata.Arguments";
        private const string Shapes = "Strata.Shapes";
        private const string Graph = "Strata.Graph";
        private const string Internal = "Strata.Internal";

        private const string HelpRoot = "https://github.com/strata-dsl/strata/blob/main/docs/diagnostics/";

        // Declaration: The model class, its [Input], its layer properties and its member names.

        public static readonly DiagnosticDescriptor ClassMustBePartial = new(
            "STRATA0001",
            "A model class must be partial",
            "Model class '{0}' must be partial so that Strata can generate its layers; declare it as 'partial class {0}'",
            Declaration,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0001.md");

        public static readonly DiagnosticDescriptor ClassMustNotBeGeneric = new(
            "STRATA0002",
            "A model class must not be generic",
            "Model class '{0}' must not be generic, because every shape is fixed at build time; remove the type parameters {1}",
            Declaration,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0002.md");

        public static readonly DiagnosticDescriptor ClassMustNotBeNested = new(
            "STRATA0003",
            "A model class must not be nested",
            "Model class '{0}' is nested in '{1}'; declare it directly in a namespace",
            Declaration,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0003.md");

        public static readonly DiagnosticDescriptor ClassMustNotBeStatic = new(
            "STRATA0023",
            "A model class must not be static",
            "Model class '{0}' must not be static, because a model is an object that owns its parameters and buffers; remove 'static'",
            Declaration,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0023.md");

        public static readonly DiagnosticDescriptor ModelDerivesFromModel = new(
            "STRATA0030",
            "A model must not derive from another model",
            "Model '{0}' derives from the model '{1}'{2}; a model cannot extend another, because each generates its own constructor, parameters and Forward; remove ': {3}' and declare all of '{0}''s layers in it",
            Declaration,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0030.md");

        public static readonly DiagnosticDescriptor ModelMustNotBeRecord = new(
            "STRATA0031",
            "A model must be a class, not a record",
            "Model '{0}' is a record; a model owns its parameters and buffers, which a record's value equality, 'with' copies and ToString would compare, share or print; declare it as 'partial class {0}'",
            Declaration,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0031.md");

        public static readonly DiagnosticDescriptor MissingInput = new(
            "STRATA0004",
            "A model needs [Input]",
            "Model '{0}' has no [Input]; declare the per-sample input shape next to [Model], for example [Model, Input(1, 28, 28)] for one 28×28 channel",
            Declaration,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0004.md");

        public static readonly DiagnosticDescriptor PropertyTypeMismatch = new(
            "STRATA0014",
            "A layer property's type must match its layer",
            "'{0}' is declared with [{1}], so its type must be {2}, not {3}",
            Declaration,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0014.md");

        public static readonly DiagnosticDescriptor LayerPropertyNotPartial = new(
            "STRATA0015",
            "A layer property must be a non-static partial property with only a getter",
            "Layer property '{0}' must be a non-static partial property with only a getter, so that Strata can implement it; declare it as '{1} partial {2} {0} {{ get; }}'",
            Declaration,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0015.md");

        public static readonly DiagnosticDescriptor LayerOutsideModelDeclaration = new(
            "STRATA0024",
            "Layers belong in the declaration that carries [Model]",
            "Layer property '{0}' is declared in another part of '{1}'; move it into the partial declaration that carries [Model], where the order of the layers is the data flow",
            Declaration,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0024.md");

        public static readonly DiagnosticDescriptor DuplicateMemberName = new(
            "STRATA0026",
            "A layer's name must be unique",
            "'{0}' is declared more than once in model '{1}'; keep one declaration and rename the other, because Strata implements each layer property and names its parameters after it ('{0}.weight')",
            Declaration,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0026.md");

        public static readonly DiagnosticDescriptor ReservedMemberName = new(
            "STRATA0027",
            "A member must not take the name of a generated member",
            "'{0}' in model '{1}' has the name of {2} that Strata generates; rename '{0}'",
            Declaration,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0027.md");

        public static readonly DiagnosticDescriptor ConstructorClashes = new(
            "STRATA0028",
            "A model must not declare the generated constructor",
            "Model '{0}' declares the constructor {0}(Device, int), which Strata generates to create the parameters on a device from a seed; remove it, or give your constructor other parameters and call this(device, seed)",
            Declaration,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0028.md");

        // Arguments: Attribute arguments that no shape can make valid.

        public static readonly DiagnosticDescriptor EmptyInput = new(
            "STRATA0005",
            "[Input] needs at least one dimension",
            "[Input] of model '{0}' declares no dimension; list the per-sample shape without the batch, for example [Input(1, 28, 28)]",
            Arguments,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0005.md");

        public static readonly DiagnosticDescriptor NonPositiveInputDimension = new(
            "STRATA0006",
            "Input dimensions must be positive",
            "Dimension {1} of [Input] on model '{0}' is {2}; every input dimension must be at least 1, for example [Input(1, 28, 28)]",
            Arguments,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0006.md");

        public static readonly DiagnosticDescriptor NonPositiveHyperparameter = new(
            "STRATA0007",
            "Layer sizes and strides must be positive",
            "{0} '{1}' has {2} {3}; {2} must be at least 1{4}",
            Arguments,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0007.md");

        public static readonly DiagnosticDescriptor NegativePad = new(
            "STRATA0008",
            "Padding must not be negative",
            "{0} '{1}' has pad {2}; padding must be 0 or more (0 adds no padding)",
            Arguments,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0008.md");

        public static readonly DiagnosticDescriptor PoolPadTooLarge = new(
            "STRATA0009",
            "Pooling padding must be at most half the kernel",
            "{0} '{1}' has pad {2} with kernel {3}; pooling padding must be at most kernel/2 = {4}, as in PyTorch, because a wider pad makes windows that see only padding",
            Arguments,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0009.md");

        public static readonly DiagnosticDescriptor DropoutProbabilityOutOfRange = new(
            "STRATA0025",
            "Dropout's p must be in [0, 1)",
            "Dropout '{0}' on {2} has p {1}; p is the probability of zeroing an element and must be at least 0 and below 1, for example [Dropout(0.5)]",
            Arguments,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0025.md");

        // Shapes: Shapes that meet along the data flow.

        public static readonly DiagnosticDescriptor OutputCollapses = new(
            "STRATA0010",
            "A layer's output collapses to nothing",
            "{0} '{1}' gets {2} and its output {3} is {4} = {5}; the kernel is larger than the padded input, so use a smaller kernel, more padding, or fewer pooling layers before it",
            Shapes,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0010.md");

        // An Info, not a warning: PyTorch floors silently and textbook models (d2l's AlexNet and NiN, torchvision's ResNet
        // stem) do this on purpose, so it must not fail a TreatWarningsAsErrors build.
        public static readonly DiagnosticDescriptor StrideDropsRows = new(
            "STRATA0011",
            "A stride skips the last rows or columns",
            "{0} '{1}' maps {2} to {3} and ignores the last {4} of its padded input, because {5}; change the padding, kernel or stride so that the windows fit exactly",
            Shapes,
            DiagnosticSeverity.Info,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0011.md");

        public static readonly DiagnosticDescriptor NeedsSpatialInput = new(
            "STRATA0012",
            "Convolution and pooling need a [channels, height, width] input",
            "{0} '{1}' needs a [channels, height, width] input but gets {2} from {3}; {4}",
            Shapes,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0012.md");

        public static readonly DiagnosticDescriptor DenseNeedsFlatten = new(
            "STRATA0013",
            "Dense needs a flat input",
            "Dense '{0}' needs a flat input but gets {1} from {2}; add [Flatten] before it on the same property: [Flatten, Dense({3})]",
            Shapes,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0013.md");

        public static readonly DiagnosticDescriptor SizeTooLarge = new(
            "STRATA0020",
            "A tensor would be too large",
            "{0} '{1}' {2} would have {3} elements, more than the 2147483647 that a tensor can hold; {4}",
            Shapes,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0020.md");

        // Graph: How attributes combine into layers, and layers into a model.

        public static readonly DiagnosticDescriptor TwoLayerAttributes = new(
            "STRATA0016",
            "A property declares one layer",
            "'{0}' has two layer attributes, [{1}] and [{2}]; declare each layer on its own property ([Flatten] may only precede [Dense], as in [Flatten, Dense(120)])",
            Graph,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0016.md");

        public static readonly DiagnosticDescriptor TwoActivations = new(
            "STRATA0017",
            "A property declares at most one activation",
            "'{0}' has two activations, [{1}] and [{2}]; keep one of them",
            Graph,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0017.md");

        public static readonly DiagnosticDescriptor ActivationWithoutLayer = new(
            "STRATA0018",
            "An activation needs a layer on the same property",
            "[{0}] on '{1}' has no layer to fuse into; put it on the same property as a [Conv], [Dense], [MaxPool] or [AvgPool], for example [Conv(6, 5), {0}]",
            Graph,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0018.md");

        public static readonly DiagnosticDescriptor ActivationWithoutEpilogue = new(
            "STRATA0019",
            "An activation cannot sit on [Flatten] or [Dropout]",
            "[{0}] on '{1}' sits on [{2}], which has no epilogue to fuse it into; move [{0}] to the layer property before '{1}'",
            Graph,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0019.md");

        public static readonly DiagnosticDescriptor NegativeSlopeOutOfRange = new(
            "STRATA0051",
            "LeakyRelu's negative slope must be finite and at least 0",
            "[LeakyRelu] on '{0}' has negative slope {1}; Strata takes LeakyReLU's gradient from its output, which needs a finite slope of at least 0; write [LeakyRelu] for PyTorch's default slope or give one of at least 0",
            Arguments,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0051.md");

        public static readonly DiagnosticDescriptor AddShapesDiffer = new(
            "STRATA0052",
            "Add's inputs must have the same shape",
            "Add '{0}' joins {1} from {2} and {3} from {4}; {5}",
            Shapes,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0052.md");

        public static readonly DiagnosticDescriptor UnknownLayerName = new(
            "STRATA0053",
            "A layer reads a name that is not a layer",
            "{0} '{1}' reads '{2}', which is not a layer of model '{3}'; name a layer property declared before '{1}' with nameof, as in [Add(nameof(C1), nameof(C2))], or the input as Graph.Input",
            Graph,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0053.md");

        public static readonly DiagnosticDescriptor LayerReadBeforeItExists = new(
            "STRATA0054",
            "A layer reads a layer declared after it",
            "{0} '{1}' reads '{2}', which is declared {3}; declaration order is the data flow, so a layer can only read layers declared before it (move '{1}' below '{2}')",
            Graph,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0054.md");

        public static readonly DiagnosticDescriptor LayerOutputUnused = new(
            "STRATA0055",
            "A layer's output is never used",
            "Nothing reads the output of '{0}': the next layer, '{1}', reads only the layers it names; read '{0}' there, or remove '{0}'",
            Graph,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0055.md");

        public static readonly DiagnosticDescriptor ConcatShapesDiffer = new(
            "STRATA0056",
            "Concat's inputs must agree on every dimension but the one joined",
            "Concat '{0}' joins {1} from '{2}' and {3} from '{4}', which differ {5}; {6}",
            Shapes,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0056.md");

        public static readonly DiagnosticDescriptor ConcatNeedsTwoInputs = new(
            "STRATA0057",
            "Concat joins at least two inputs",
            "Concat '{0}' names {1} input{2}; name at least two earlier layers, as in [Concat(nameof(B1), nameof(B2))], or remove it",
            Graph,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0057.md");

        public static readonly DiagnosticDescriptor FromOnLayerThatNamesInputs = new(
            "STRATA0058",
            "[From] cannot sit on a layer that names its inputs",
            "[From] on '{0}' sits on [{1}], which reads only the layers it names; remove [From] and name '{2}' in [{1}] instead",
            Graph,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0058.md");

        public static readonly DiagnosticDescriptor FromWithoutLayer = new(
            "STRATA0059",
            "[From] needs a layer beside it",
            "[From] on '{0}' has no layer attribute beside it to read '{1}'; add the layer, as in [From(nameof({1})), Conv(32, 1)]",
            Graph,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0059.md");

        public static readonly DiagnosticDescriptor GroupsDoNotDivide = new(
            "STRATA0060",
            "A convolution's groups must divide its input and output channels",
            "{0} '{1}' splits {2} input and {3} output channels into {4} groups; {5}",
            Arguments,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0060.md");

        public static readonly DiagnosticDescriptor BatchNormArgumentOutOfRange = new(
            "STRATA0061",
            "A normalisation layer's momentum must be in [0, 1] and its eps positive",
            "{0} '{1}' has {2} {3}; {4}",
            Arguments,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0061.md");

        public static readonly DiagnosticDescriptor OutputPaddingNotBelowStride = new(
            "STRATA0063",
            "A transposed convolution's output padding must be less than its stride",
            "ConvTranspose '{0}' has output padding {1}, which must be less than its stride {2}, as PyTorch requires: each extra row comes from one of the stride's phases; use an output padding from 0 to {3}",
            Arguments,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0063.md");

        public static readonly DiagnosticDescriptor TransposedOutputCollapses = new(
            "STRATA0064",
            "A transposed convolution's output must have at least one row and column",
            "ConvTranspose '{0}' on {1} would have {2} {3} = {4}; use less padding",
            Shapes,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0064.md");

        // Blocks: [Block] classes, their uses and the expressions of their parameters.

        public static readonly DiagnosticDescriptor InvalidExpression = new(
            "STRATA0065",
            "A layer argument expression is not valid",
            "\"{0}\" on '{1}' is not a valid expression: {2}; write an int or bool expression of {3}",
            Arguments,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0065.md");

        public static readonly DiagnosticDescriptor ExpressionHasNoValue = new(
            "STRATA0066",
            "A block expression has no valid value for this use",
            "{0} \"{1}\" of '{2}' has no valid value in the use {3}: {4}",
            Arguments,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0066.md");

        public static readonly DiagnosticDescriptor BlockArgumentNotConstant = new(
            "STRATA0067",
            "A block argument must be known at build time",
            "'{0}' in the use '{1}' of block '{2}' is not a constant, a parameter of the enclosing block, or the index of Blocks.Repeat; a block's arguments decide its shapes, which Strata checks at build time, so write a constant",
            Arguments,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0067.md");

        public static readonly DiagnosticDescriptor BlockUseForm = new(
            "STRATA0068",
            "A block use needs an initializer that creates its blocks",
            "'{0}' holds the block '{1}' {2}; write '= new(...)', a collection '= [new(...), new(...)]' or '= Blocks.Repeat(count, i => new {1}(...))'",
            Graph,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0068.md");

        public static readonly DiagnosticDescriptor BlockDeclaration = new(
            "STRATA0069",
            "A block class must be a partial, non-generic, top-level class with int or bool parameters",
            "Block '{0}' {1}",
            Declaration,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0069.md");

        public static readonly DiagnosticDescriptor BlockContainsItself = new(
            "STRATA0070",
            "A block cannot contain itself",
            "'{0}' uses the block '{1}' inside itself ({2}), which would never end; a block can use other blocks, not itself",
            Graph,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0070.md");

        public static readonly DiagnosticDescriptor BlockInAnotherAssembly = new(
            "STRATA0074",
            "A block must be declared in the project that uses it",
            "'{0}' uses the block '{1}' ({2}), which is compiled in another assembly; Strata expands a block from its source, so declare the block in this project (add its file to this project, for example with <Compile Include=\"...\" Link=\"...\" />)",
            Graph,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0074.md");

        public static readonly DiagnosticDescriptor ConcatStepsNeedFixedSteps = new(
            "STRATA0062",
            "Concat over steps joins sequences whose step counts are fixed at build time",
            "Concat '{0}' joins over steps, but '{1}' gives {2}, which is not a sequence of a fixed step count; steps join only for sequences made from an image by [ToSequence] (or layers after one), as a ViT's class token and patch tokens; {3}",
            Shapes,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0062.md");

        public static readonly DiagnosticDescriptor UnknownConcatAxis = new(
            "STRATA0075",
            "Concat's axis must be ConcatAxis.Features or ConcatAxis.Steps",
            "Concat '{0}' has Axis {1}, which is neither ConcatAxis.Features nor ConcatAxis.Steps; leave Axis out to join channels or features, or write Axis = ConcatAxis.Steps to join the steps of sequences",
            Arguments,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0075.md");

        public static readonly DiagnosticDescriptor InitNotApplicable = new(
            "STRATA0085",
            "[Init] cannot start this layer's parameters that way",
            "[Init] on '{0}' cannot apply: {1}",
            Arguments,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0085.md");

        public static readonly DiagnosticDescriptor WhenWithoutLayer = new(
            "STRATA0071",
            "[When] needs a layer beside it",
            "[When] on '{0}' has no layer attribute beside it to keep or leave out; add the layer, as in [When(nameof(project)), Conv(64, 1)]",
            Graph,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0071.md");

        public static readonly DiagnosticDescriptor ModelEndsInLeftOutLayer = new(
            "STRATA0072",
            "A model must end in a layer that is there",
            "Model '{0}' ends in the block use '{1}', whose last layer its [When] condition leaves out, so the model's output would be an earlier tensor; add a layer after '{1}', or end the block with a layer that is always there",
            Graph,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0072.md");

        public static readonly DiagnosticDescriptor PropertyWithoutLayer = new(
            "STRATA0029",
            "A layer property needs a Strata layer attribute",
            "'{0}' has no Strata layer attribute{1}, so Strata cannot implement it; {2}",
            Graph,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0029.md");

        public static readonly DiagnosticDescriptor NoLayers = new(
            "STRATA0021",
            "A model needs at least one layer",
            "Model '{0}' declares no layer that computes anything; add layer properties in data-flow order, for example [Conv(6, 5), Relu] public partial Conv2d C1 {{ get; }}",
            Graph,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0021.md");

        // Internal: Failures of Strata itself.

        public static readonly DiagnosticDescriptor InternalError = new(
            "STRATA0022",
            "The Strata generator failed",
            "Strata could not generate model '{0}' ({1}); this is a bug in Strata, please report it with the model's declaration",
            Internal,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0022.md");
    }
}
