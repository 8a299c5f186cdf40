using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Strata.Generator.Tests.TestSupport;
using Xunit.Abstractions;

namespace Strata.Generator.Tests.Fuzz;

/// <summary>
/// Property-based test of the generator's promise on 10,000 random CNN models and 3,000 random sequence models (fixed seed): it never crashes (no
/// exception, no AD0001/CS8785, no STRATA0022), and for every model it either reports an error or emits code that
/// compiles with no error and no warning. Models go 200 to a compilation, each in its own file with its own class
/// name, so that one generator run covers a batch and every diagnostic is attributed to its model by file.
/// </summary>
public sealed class GeneratorFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20_261_124;
    private const int Models = 10_000;
    private const int SequenceModels = 3_000;
    private const int BatchSize = 200;

    // Every batch derives from one empty compilation, so the reference assemblies are bound once, not per batch.
    private static readonly CSharpCompilation Empty = GeneratorHarness.Compilation();

    [Fact]
    public void Ten_thousand_random_models_give_an_error_or_code_that_compiles_cleanly()
    {
        var random = new RandomModel(new Random(Seed));
        Run(random.Next, Models);
    }

    [Fact]
    public void Three_thousand_random_sequence_models_give_an_error_or_code_that_compiles_cleanly()
    {
        var random = new RandomSequenceModel(new Random(Seed));
        Run(random.Next, SequenceModels);
    }

    private void Run(Func<string, string> nextModel, int models)
    {
        var clock = Stopwatch.StartNew();
        var outcomes = new Dictionary<string, int>();
        for (var first = 0; first < models; first += BatchSize)
        {
            var sources = Enumerable.Range(first, BatchSize).Select(i => nextModel(ClassName(i))).ToArray();
            CheckBatch(first, sources, outcomes);
        }

        output.WriteLine($"{models} models (seed {Seed}) in {clock.Elapsed.TotalSeconds:F1} s: " +
                         string.Join(", ", outcomes.OrderBy(pair => pair.Key).Select(pair => $"{pair.Key} {pair.Value}")));
        Assert.True(outcomes.GetValueOrDefault("compiled cleanly") > models / 5, "too few valid models to test the emitted code");
        Assert.True(outcomes.GetValueOrDefault("error reported") > models / 5, "too few invalid models to test the diagnostics");
    }

    private static void CheckBatch(int first, string[] sources, Dictionary<string, int> outcomes)
    {
        var trees = sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions, path: FileOf(first + i))).ToArray();
        var compilation = Empty.AddSyntaxTrees(trees);
        var driver = GeneratorHarness.Driver().RunGeneratorsAndUpdateCompilation(compilation, out var generated, out var driverDiagnostics);
        var run = driver.GetRunResult().Results.Single();

        Assert.True(run.Exception is null, $"the generator threw on batch {first}: {run.Exception}");
        Assert.DoesNotContain(driverDiagnostics, d => d.Id is "AD0001" or "CS8785");

        var reportedByFile = run.Diagnostics.ToLookup(d => d.Location.GetLineSpan().Path ?? string.Empty);
        Assert.Empty(reportedByFile[string.Empty]);
        var generatedByModel = run.GeneratedSources.ToDictionary(source => ModelOf(source.HintName), source => source.SyntaxTree);

        var clean = new List<int>();
        for (var i = 0; i < sources.Length; i++)
        {
            var reported = reportedByFile[FileOf(first + i)].ToList();
            Assert.True(reported.All(d => d.Id != "STRATA0022"), Describe(first + i, sources[i], "the generator failed internally", reported));
            if (reported.Any(d => d.Severity == DiagnosticSeverity.Error))
            {
                Count(outcomes, "error reported");
            }
            else
            {
                clean.Add(i);
            }
        }

        // Only the models without a reported error need compiling: their own file and their generated file, in
        // parallel (the compilation is thread-safe), which skips binding the thousands of rejected models.
        var problems = new List<Diagnostic>[sources.Length];
        Parallel.ForEach(clean, i =>
        {
            // The model's file, its generated file and its block's generated part (Fuzz.BlkM12.block.g.cs), if any.
            var modelTrees = new[] { ClassName(first + i), "Blk" + ClassName(first + i) }
                .Where(generatedByModel.ContainsKey)
                .Select(name => generatedByModel[name])
                .Prepend(trees[i]);
            problems[i] = modelTrees
                .SelectMany(tree => generated.GetSemanticModel(tree).GetDiagnostics())
                .Where(d => d.Severity >= DiagnosticSeverity.Warning)
                .ToList();
        });

        foreach (var i in clean)
        {
            var index = first + i;
            var generatedCode = generatedByModel.ContainsKey(ClassName(index));
            Assert.True(
                generatedCode && problems[i].Count == 0,
                Describe(index, sources[i], generatedCode ? "no error was reported, but the code does not compile cleanly" : "no error was reported and no code generated", problems[i]));
            Count(outcomes, "compiled cleanly");
        }
    }

    private static string ClassName(int index) => "M" + index;

    private static string FileOf(int index) => ClassName(index) + ".cs";

    /// <summary>The model a file belongs to: M12.cs and the generated Fuzz.M12.g.cs both belong to M12.</summary>
    private static string ModelOf(string? path)
    {
        var file = Path.GetFileName(path ?? string.Empty);
        var name = file.StartsWith("Fuzz.", StringComparison.Ordinal) ? file["Fuzz.".Length..] : file;
        return name.Split('.')[0];
    }

    private static void Count(Dictionary<string, int> outcomes, string outcome) => outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;

    private static string Describe(int index, string source, string problem, IEnumerable<Diagnostic> diagnostics) =>
        $"Model {index} of the fuzz (seed {Seed}): {problem}.\n--- source ---\n{source}--- diagnostics ---\n{string.Join("\n", diagnostics)}";
}
