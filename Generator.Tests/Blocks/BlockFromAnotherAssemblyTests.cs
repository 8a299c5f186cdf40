using Microsoft.CodeAnalysis;
using Strata.Generator.Tests.TestSupport;

namespace Strata.Generator.Tests.Blocks;

/// <summary>
/// A model that uses a [Block] declared in a referenced assembly: the generator reads a block from its source (its
/// attributes' strings and its properties' initializers, which metadata does not keep), so it cannot expand one it
/// only sees compiled. That is one error at the use, STRATA0074, not a silent stub that compiles and throws
/// "has build errors" when the model is constructed.
/// </summary>
public sealed class BlockFromAnotherAssemblyTests
{
    private const string Library = """
        using Strata;

        namespace Library;

        /// <summary>A block in a library.</summary>
        [Block]
        public partial class Widen(int channels)
        {
            /// <summary>Its conv.</summary>
            [Conv(nameof(channels), 1), Relu] public partial Conv2d Conv { get; }
        }
        """;

    [Fact]
    public void A_use_of_a_block_compiled_in_another_assembly_is_STRATA0074_at_the_use()
    {
        var library = GeneratorHarness.Run(Library);
        Assert.Empty(library.CompilationProblems);
        using var image = new MemoryStream();
        Assert.True(library.Output.Emit(image).Success);

        var source = MarkedSource.Parse("""
            using Strata;

            namespace Tests;

            /// <summary>A model.</summary>
            [Model, Input(3, 6, 6)]
            public partial class Net
            {
                /// <summary>A use of the library's block.</summary>
                public Library.Widen {|Wide|} { get; } = new(8);

                /// <summary>The output.</summary>
                [Flatten, Dense(2)] public partial Dense Out { get; }
            }
            """);
        var compilation = GeneratorHarness.Compilation(source.Text).AddReferences(MetadataReference.CreateFromImage(image.ToArray()));
        GeneratorHarness.Driver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("STRATA0074", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(
            "'Wide' uses the block 'Widen' (Library.Widen), which is compiled in another assembly; Strata expands a block from its source, so declare the block in this project (add its file to this project, for example with <Compile Include=\"...\" Link=\"...\" />)",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(source.Span, diagnostic.Location.GetLineSpan().Span);
        Assert.DoesNotContain(output.GetDiagnostics(), d => d.Id == "CS9248");
    }
}
