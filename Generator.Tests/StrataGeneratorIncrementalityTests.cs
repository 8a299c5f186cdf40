using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Strata.Generator.Tests.TestSupport;

namespace Strata.Generator.Tests;

/// <summary>
/// The pipeline caches: unrelated edits leave every step cached, edits that only move the model leave the emitted
/// source untouched, and no step output holds a symbol, syntax node or compilation.
/// </summary>
public sealed class StrataGeneratorIncrementalityTests
{
    private static readonly string[] Steps = [StrataGenerator.Steps.Parse, StrataGenerator.Steps.Check, StrataGenerator.Steps.Lower];

    [Fact]
    public void An_edit_in_another_file_leaves_every_step_after_parsing_cached()
    {
        var (driver, compilation) = RunOnce(Models.LeNet, "namespace Other; public class Unrelated { }");

        var edited = Replace(compilation, "Model1.cs", "namespace Other; public class Unrelated { public int Added; }");
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        // Roslyn re-runs the semantic transform on any compilation change; its equal result stops the wave there.
        Assert.All(Outputs(result, StrataGenerator.Steps.Parse), reason => Assert.Contains(reason, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));
        Assert.All(Outputs(result, StrataGenerator.Steps.Check), reason => Assert.Equal(IncrementalStepRunReason.Cached, reason));
        Assert.All(Outputs(result, StrataGenerator.Steps.Lower), reason => Assert.Equal(IncrementalStepRunReason.Cached, reason));
        Assert.All(
            result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(run => run.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void A_comment_that_moves_the_model_changes_its_locations_but_not_its_source()
    {
        var (driver, compilation) = RunOnce(Models.LeNet);

        var edited = Replace(compilation, "Model0.cs", "// A comment that shifts every line.\n" + Models.LeNet);
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        Assert.All(Outputs(result, StrataGenerator.Steps.Parse), reason => Assert.Equal(IncrementalStepRunReason.Modified, reason));
        Assert.All(Outputs(result, StrataGenerator.Steps.Lower), reason => Assert.Equal(IncrementalStepRunReason.Unchanged, reason));
    }

    [Fact]
    public void A_comment_and_whitespace_inside_the_model_leave_the_emitted_source_cached()
    {
        var (driver, compilation) = RunOnce(Models.LeNet);

        var edited = Replace(compilation, "Model0.cs", Models.LeNet.Replace(
            "public partial Dense Out { get; }",
            "public partial    Dense Out { get; }   // the logits\n    // no more layers",
            StringComparison.Ordinal));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        Assert.All(Outputs(result, StrataGenerator.Steps.Lower), reason => Assert.Contains(reason, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));
        Assert.All(SourceOutputs(result), reason => Assert.Equal(IncrementalStepRunReason.Cached, reason));
        Assert.Single(result.GeneratedSources);
    }

    [Fact]
    public void A_change_that_only_moves_a_diagnostic_reports_it_at_the_new_place_without_re_emitting_the_source()
    {
        // The stride of 2 over 28 − 5 = 23 rows drops one: an Info (STRATA0011), and the model is still emitted.
        var model = ModelSource.Net("Model, Input(1, 28, 28)", "[Conv(6, 5, stride: 2)] public partial Conv2d C1 { get; }");
        var (driver, compilation) = RunOnce(model);
        var before = driver.GetRunResult().Diagnostics.Single();

        var edited = Replace(compilation, "Model0.cs", "\n\n" + model);
        var result = driver.RunGenerators(edited).GetRunResult();
        var after = result.Diagnostics.Single();

        Assert.Equal("STRATA0011", after.Id);
        Assert.Equal(before.Location.GetLineSpan().StartLinePosition.Line + 2, after.Location.GetLineSpan().StartLinePosition.Line);
        Assert.All(Outputs(result.Results.Single(), StrataGenerator.Steps.Lower), reason => Assert.Equal(IncrementalStepRunReason.Unchanged, reason));
        Assert.All(SourceOutputs(result.Results.Single()), reason => Assert.Equal(IncrementalStepRunReason.Cached, reason));
    }

    [Fact]
    public void A_changed_layer_regenerates_the_source()
    {
        var (driver, compilation) = RunOnce(Models.LeNet);

        var edited = Replace(compilation, "Model0.cs", Models.LeNet.Replace("[Dense(84), Relu]", "[Dense(64), Relu]", StringComparison.Ordinal));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        Assert.All(Outputs(result, StrataGenerator.Steps.Lower), reason => Assert.Equal(IncrementalStepRunReason.Modified, reason));
        Assert.Contains("F6.weight\", 64, 120", result.GeneratedSources.Single().SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void No_step_output_holds_a_symbol_syntax_or_compilation()
    {
        var (driver, _) = RunOnce(Models.LeNet, Models.Coverage, Models.Dropout);
        var result = driver.GetRunResult().Results.Single();

        foreach (var step in Steps)
        {
            foreach (var (value, _) in result.TrackedSteps[step].SelectMany(run => run.Outputs))
            {
                AssertHoldsNoCompilerObjects(value, step, []);
            }
        }
    }

    private static (GeneratorDriver Driver, Compilation Compilation) RunOnce(params string[] sources)
    {
        var compilation = GeneratorHarness.Compilation(sources);
        return (GeneratorHarness.Driver(trackSteps: true).RunGenerators(compilation), compilation);
    }

    private static Compilation Replace(Compilation compilation, string path, string text)
    {
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == path);
        return compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(SourceText.From(text)));
    }

    /// <summary>
    /// The reasons of the outputs that add source: the node after Lower, as opposed to the diagnostics output, which
    /// must change when a location does.
    /// </summary>
    private static List<IncrementalStepRunReason> SourceOutputs(GeneratorRunResult result)
    {
        var reasons = result.TrackedOutputSteps["SourceOutput"]
            .Where(run => run.Inputs.Any(input => input.Source.Name == StrataGenerator.Steps.Lower))
            .SelectMany(run => run.Outputs.Select(output => output.Reason))
            .ToList();
        Assert.NotEmpty(reasons);
        return reasons;
    }

    private static IEnumerable<IncrementalStepRunReason> Outputs(GeneratorRunResult result, string step) =>
        result.TrackedSteps[step].SelectMany(run => run.Outputs).Select(output => output.Reason);

    private static void AssertHoldsNoCompilerObjects(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value))
        {
            return;
        }

        Assert.False(
            value is ISymbol or SyntaxNode or SemanticModel or Compilation or Location or SyntaxTree,
            $"{path} holds a {value.GetType().Name}, which keeps the compilation alive and defeats caching");
        if (value is DiagnosticDescriptor or TextSpan or LinePositionSpan)
        {
            return;
        }

        if (value is IEnumerable items)
        {
            foreach (var item in items)
            {
                AssertHoldsNoCompilerObjects(item, path + "[]", seen);
            }

            return;
        }

        foreach (var field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            AssertHoldsNoCompilerObjects(field.GetValue(value), path + "." + field.Name, seen);
        }
    }
}
