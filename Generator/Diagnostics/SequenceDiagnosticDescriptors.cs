using Microsoft.CodeAnalysis;

namespace Strata.Generator.Diagnostics
{
    /// <summary>The diagnostics of sequence models: inputs with a time dimension, recurrent, Embedding and OneHot layers.</summary>
    internal static partial class DiagnosticDescriptors
    {
        public static readonly DiagnosticDescriptor RecurrentNeedsSequence = new(
            "STRATA0040",
            "A recurrent layer needs a sequence input",
            "{0} '{1}' needs a sequence [T, features] but gets {2} from {3}; {4}",
            Shapes,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0040.md");

        public static readonly DiagnosticDescriptor InvalidSequenceInput = new(
            "STRATA0041",
            "A sequence [Input] must be (Sequence, features) or (Sequence, Tokens, vocab)",
            "[Input] of model '{0}' {1}; declare [Input(Sequence, features)] for feature vectors or [Input(Sequence, Tokens, vocab)] for token ids, with 'using static Strata.Dims;'",
            Declaration,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0041.md");

        public static readonly DiagnosticDescriptor TokenLayerNeedsTokens = new(
            "STRATA0042",
            "Embedding and OneHot read the token ids of the input",
            "{0} '{1}' reads token ids but gets {2} from {3}; make it the first layer of a model with [Input(Sequence, Tokens, vocab)]",
            Graph,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0042.md");

        public static readonly DiagnosticDescriptor TokensNeedEncoding = new(
            "STRATA0043",
            "Token ids need an Embedding or OneHot first",
            "{0} '{1}' needs feature vectors but gets {2} from {3}; put [Embedding({4}, dim)] or [OneHot({4})] before it",
            Graph,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0043.md");

        public static readonly DiagnosticDescriptor FlattenOfSequence = new(
            "STRATA0044",
            "A sequence cannot be flattened",
            "{0} '{1}' would flatten the sequence {2} from {3}, whose length T is known only at run time; drop [Flatten] to apply [Dense] to every step, or {4}",
            Shapes,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0044.md");

        public static readonly DiagnosticDescriptor VocabularyMismatch = new(
            "STRATA0045",
            "Embedding and OneHot must match the input's vocabulary",
            "{0} '{1}' has vocab {2} but [Input] declares token ids < {3}; give it vocab {3}",
            Arguments,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0045.md");

        public static readonly DiagnosticDescriptor RecurrentDropoutOutOfRange = new(
            "STRATA0046",
            "Dropout must be in [0, 1)",
            "{0} '{1}' has Dropout {2}; a dropout probability must be at least 0 and below 1",
            Arguments,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0046.md");

        public static readonly DiagnosticDescriptor ActivationOnSequenceLayer = new(
            "STRATA0047",
            "Recurrent, Embedding and OneHot layers take no fused activation",
            "[{0}] cannot be fused into {1} '{2}'; recurrent cells have fixed nonlinearities (use [Rnn(hidden, RnnActivation.Relu)] for a ReLU RNN), so put the activation on a following [Dense]",
            Graph,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0047.md");

        public static readonly DiagnosticDescriptor RecurrentDropoutWithOneLayer = new(
            "STRATA0048",
            "Dropout has no effect with Layers = 1",
            "{0} '{1}' has Dropout {2} but one layer; dropout acts only between stacked layers, so here it does nothing (PyTorch warns the same); remove Dropout, or stack layers with Layers = 2 or more",
            Arguments,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0048.md");

        public static readonly DiagnosticDescriptor TooManyStackedLayers = new(
            "STRATA0049",
            "Too many stacked recurrent layers",
            "{0} '{1}' has Layers = {2}, more than the {3} that Strata generates code for (each stacked layer gets its own weights, buffers and loop); use fewer layers",
            Arguments,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0049.md");

        public static readonly DiagnosticDescriptor UnknownRnnActivation = new(
            "STRATA0050",
            "Rnn's activation must be Tanh or Relu",
            "{0} '{1}' has activation {2}, which is neither RnnActivation.Tanh nor RnnActivation.Relu; write [Rnn(hidden)] for tanh or [Rnn(hidden, RnnActivation.Relu)] for relu",
            Arguments,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0050.md");

        public static readonly DiagnosticDescriptor UnknownSequenceAxis = new(
            "STRATA0073",
            "ToSequence's axis must be SequenceAxis.Width or SequenceAxis.Pixels",
            "{0} '{1}' has axis {2}, which is neither SequenceAxis.Width nor SequenceAxis.Pixels; write [ToSequence(SequenceAxis.Width)] for the image's columns as steps (a CRNN) or [ToSequence(SequenceAxis.Pixels)] for its pixels (a ViT)",
            Arguments,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0073.md");
    }
}
