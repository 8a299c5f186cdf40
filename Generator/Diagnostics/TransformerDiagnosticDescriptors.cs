using Microsoft.CodeAnalysis;

namespace Strata.Generator.Diagnostics
{
    /// <summary>The diagnostics of the Transformer layers: attention, positions, class tokens and patch embeddings.</summary>
    internal static partial class DiagnosticDescriptors
    {
        public static readonly DiagnosticDescriptor HeadsDoNotDivideWidth = new(
            "STRATA0076",
            "The heads must divide the width",
            "{0} '{1}' has {2} heads, which do not divide the width {3} of its input {4} from {5}; each head reads width/heads features, so {6}",
            Shapes,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0076.md");

        public static readonly DiagnosticDescriptor PositionsExceedMaxSteps = new(
            "STRATA0077",
            "The sequence is longer than the positions learned",
            "{0} '{1}' learns {2} positions but its input {3} from {4} has {5} steps; use [PositionEmbedding({5})] or more",
            Shapes,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0077.md");

        public static readonly DiagnosticDescriptor ClassTokenNeedsFixedSteps = new(
            "STRATA0078",
            "A class token needs a step count fixed at build time",
            "{0} '{1}' needs a sequence whose step count the model fixes at build time but gets {2} from {3}; adding a step to sequences of varying lengths would move every padded position, so {4}",
            Shapes,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0078.md");

        public static readonly DiagnosticDescriptor StepOutOfRange = new(
            "STRATA0079",
            "The step is outside the sequence",
            "{0} '{1}' takes step {2} of its input {3} from {4}; {5}",
            Shapes,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0079.md");

        public static readonly DiagnosticDescriptor PatchDoesNotDivideImage = new(
            "STRATA0080",
            "The patch must divide the image",
            "{0} '{1}' has patch {2}, which does not divide its input {3} from {4} ({5}); {6}",
            Shapes,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0080.md");

        public static readonly DiagnosticDescriptor AttentionDropoutOutOfRange = new(
            "STRATA0086",
            "Attention dropout must be in [0, 1)",
            "{0} '{1}' on {2} has Dropout {3}; it is the probability of zeroing an attention weight in training and must be at least 0 and below 1, for example [MultiHeadAttention({4}, Dropout = 0.1)], or leave it out for none",
            Arguments,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0086.md");

        public static readonly DiagnosticDescriptor AttentionKeysDoNotFit = new(
            "STRATA0087",
            "The attention's keys and values do not fit its queries",
            "{0} '{1}' reads queries {2} from {3} and keys and values {4} from {5}; {6}",
            Shapes,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0087.md");
    }
}
