using System.Collections.Immutable;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Strata.Generator.Tests.TestSupport;

/// <summary>
/// Runs the generator on source text against the .NET 10 reference assemblies and the real Strata runtime, with no
/// network: the way a user's build sees it, warnings included.
/// </summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions =
        new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    private static readonly ImmutableArray<MetadataReference> References =
    [
        .. Net100.References.All,
        MetadataReference.CreateFromFile(typeof(ModelAttribute).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Tensor).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(ILGPU.Index1D).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(ILGPU.Algorithms.XMath).Assembly.Location),
    ];

    public static CSharpCompilation Compilation(params string[] sources) =>
        CSharpCompilation.Create(
            "UserAssembly",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"Model{i}.cs")),
            References,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                warningLevel: 9999,
                allowUnsafe: false,
                // The .NET SDK passes NoWarn 1701;1702 (assembly unification notes) to every build.
                specificDiagnosticOptions: [new("CS1701", ReportDiagnostic.Suppress), new("CS1702", ReportDiagnostic.Suppress)]));

    public static GeneratorDriver Driver(bool trackSteps = false) =>
        CSharpGeneratorDriver.Create(
            [new StrataGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Runs the generator once; returns what it produced and the compilation with the generated code added.</summary>
    public static GeneratorResult Run(params string[] sources)
    {
        var compilation = Compilation(sources);
        var driver = Driver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return new GeneratorResult(driver.GetRunResult(), output);
    }
}

/// <summary>The generator's run and the user's compilation after it.</summary>
internal sealed record GeneratorResult(GeneratorDriverRunResult Run, Compilation Output)
{
    /// <summary>The diagnostics the generator reported.</summary>
    public ImmutableArray<Diagnostic> GeneratorDiagnostics => Run.Diagnostics;

    /// <summary>The generated files.</summary>
    public ImmutableArray<GeneratedSourceResult> Sources => Run.Results.Single().GeneratedSources;

    /// <summary>The generated model implementations, leaving out the property stubs of a model with errors and the parts of blocks.</summary>
    public ImmutableArray<GeneratedSourceResult> ModelSources =>
        [.. Sources.Where(source => !source.HintName.EndsWith(".stubs.g.cs", StringComparison.Ordinal) && !source.HintName.EndsWith(".block.g.cs", StringComparison.Ordinal))];

    /// <summary>Every warning and error of the compilation including the generated code.</summary>
    public ImmutableArray<Diagnostic> CompilationProblems =>
        [.. Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning)];

    public string SingleSource => Sources.Single().SourceText.ToString();
}
