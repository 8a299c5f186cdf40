using Microsoft.CodeAnalysis;

namespace Strata.Generator.Diagnostics
{
    /// <summary>The diagnostics of encoder–decoder models: the second input and the attention decoder.</summary>
    internal static partial class DiagnosticDescriptors
    {
        public static readonly DiagnosticDescriptor SecondInputInvalidName = new(
            "STRATA0088",
            "The second input needs a name of its own",
            "Model '{0}' names its second input \"{1}\"; {2}",
            Declaration,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0088.md");

        public static readonly DiagnosticDescriptor SecondInputNotSequence = new(
            "STRATA0089",
            "Both inputs of an encoder–decoder model must be sequences",
            "Model '{0}' declares the second input '{1}' beside [Input] {2}; {3}",
            Declaration,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0089.md");

        public static readonly DiagnosticDescriptor SecondInputUnread = new(
            "STRATA0090",
            "No layer reads the second input",
            "Model '{0}' declares the second input '{1}' {2}, but no layer reads it; read it with [From(\"{1}\")] on the first layer of the decoder, for example [From(\"{1}\"), Embedding(vocabulary, 32)], or remove [SecondInput]",
            Graph,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0090.md");

        public static readonly DiagnosticDescriptor DecoderMemoryWidth = new(
            "STRATA0091",
            "The decoder starts from an encoder of another width",
            "AttentionGru '{0}' has {1} state features and starts from the last step of its memory {2} from {3}, which is {4} wide; its initial state is the encoder's final state, so {5}",
            Shapes,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0091.md");

        public static readonly DiagnosticDescriptor DecoderMemoryNotSequence = new(
            "STRATA0092",
            "The decoder's memory must be a sequence of feature vectors",
            "AttentionGru '{0}' attends over {1} from {2}; {3}",
            Shapes,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0092.md");

        public static readonly DiagnosticDescriptor DecoderWithoutMemory = new(
            "STRATA0093",
            "The decoder names no memory",
            "AttentionGru '{0}' names no memory to attend over; add MemoryFrom = nameof(Encoder), the layer whose output sequence the attention reads, for example [AttentionGru({1}, MemoryFrom = nameof(Encoder))]",
            Arguments,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpRoot + "STRATA0093.md");
    }
}
