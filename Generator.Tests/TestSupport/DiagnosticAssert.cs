using Microsoft.CodeAnalysis;

namespace Strata.Generator.Tests.TestSupport;

/// <summary>Runs the generator and checks that it reports exactly one diagnostic, where and as expected.</summary>
internal static class DiagnosticAssert
{
    /// <summary>
    /// Asserts the single generator diagnostic: its ID, severity, marked span and full message. Returns the run so
    /// a test can check more (an error must leave no generated source).
    /// </summary>
    public static GeneratorResult Single(string markedSource, string id, string message, DiagnosticSeverity severity = DiagnosticSeverity.Error)
    {
        var source = MarkedSource.Parse(markedSource);
        var result = GeneratorHarness.Run(source.Text);

        var diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(severity, diagnostic.Severity);
        Assert.Equal(message, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(source.Span, diagnostic.Location.GetLineSpan().Span);
        Assert.Equal($"https://github.com/strata-dsl/strata/blob/main/docs/diagnostics/{id}.md", diagnostic.Descriptor.HelpLinkUri);
        if (severity == DiagnosticSeverity.Error)
        {
            Assert.Empty(result.ModelSources);
            // Where stubs can be emitted (a partial class, nested only in partial types) they keep the build output to
            // the Strata error: no "partial property must have an implementation".
            if (!result.Sources.IsEmpty)
            {
                Assert.DoesNotContain(result.CompilationProblems, d => d.Id == "CS9248");
            }
        }

        return result;
    }
}
