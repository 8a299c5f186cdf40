using Microsoft.CodeAnalysis;

namespace Strata.Generator.Diagnostics
{
    /// <summary>The diagnostics of <c>[Ctc(maxLabelLength)]</c>: what CTC needs of a model's output.</summary>
    internal static partial class DiagnosticDescriptors
    {
        public static readonly DiagnosticDescriptor CtcLabelLengthNotPositive = new(
            "STRATA0081",
            "Ctc's maxLabelLength must be at least 1",
            "[Ctc] of model '{0}' has maxLabelLength {1}; it is the most labels one output sequence carries, so at least 1; declare the longest label sequence the model reads, such as [Ctc(maxLabelLength: 6)] for up to 6 digits",
            Arguments,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0081.md");

        public static readonly DiagnosticDescriptor CtcNeedsPerStepOutput = new(
            "STRATA0082",
            "CTC reads a per-step output [T, classes]",
            "[Ctc] of model '{0}' needs a per-step output [T, classes], but the model outputs {1} from '{2}'; {3}",
            Shapes,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0082.md");

        public static readonly DiagnosticDescriptor CtcTooFewClasses = new(
            "STRATA0083",
            "CTC needs the blank and at least one label",
            "[Ctc] of model '{0}' reads {1} from '{2}', one class per step, but CTC needs the blank and at least one label; give '{2}' one output per label plus one for the blank",
            Shapes,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0083.md");

        public static readonly DiagnosticDescriptor CtcTooFewSteps = new(
            "STRATA0084",
            "The output has fewer steps than CTC's labels",
            "Model '{0}' gives CTC {1} steps from '{2}' ({3}), fewer than the {4} labels of [Ctc(maxLabelLength: {4})]; every label needs a step of its own (and a repeated label a blank between its copies): pool less along the sequence axis, widen the input, or lower maxLabelLength",
            Shapes,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0084.md");
    }
}
