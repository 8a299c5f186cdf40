using Microsoft.CodeAnalysis;

namespace Strata.Generator.Diagnostics
{
    /// <summary>The diagnostics of the Transformer layers: attention, positions, class tokens and patch embeddings.</summary>
    internal static partial class DiagnosticDescriptors
    {
        public static readonly DiagnosticDescriptor HeadsDoNotDivideWidth = new(
            "STRATA0090",
            "The heads must divide the width",
            "{0} '{1}' has {2} heads, which do not divide the width {3} of its input {4} from {5}; each head reads width/heads features, so {6}",
            Shapes,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0090.md");

        public static readonly DiagnosticDescriptor PositionsExceedMaxSteps = new(
            "STRATA0091",
            "The sequence is longer than the positions learned",
            "{0} '{1}' learns {2} positions but its input {3} from {4} has {5} steps; use [PositionEmbedding({5})] or more",
            Shapes,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0091.md");

        public static readonly DiagnosticDescriptor ClassTokenNeedsFixedSteps = new(
            "STRATA0092",
            "A class token needs a step count fixed at build time",
            "{0} '{1}' needs a sequence whose step count the model fixes at build time but gets {2} from {3}; adding a step to sequences of varying lengths would move every padded position, so {4}",
            Shapes,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0092.md");

        public static readonly DiagnosticDescriptor StepOutOfRange = new(
            "STRATA0093",
            "The step is outside the sequence",
            "{0} '{1}' takes step {2} of its input {3} from {4}; {5}",
            Shapes,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0093.md");

        public static readonly DiagnosticDescriptor PatchDoesNotDivideImage = new(
            "STRATA0094",
            "The patch must divide the image",
            "{0} '{1}' has patch {2}, which does not divide its input {3} from {4} ({5}); {6}",
            Shapes,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0094.md");
    }
}
