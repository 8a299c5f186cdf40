using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace Strata.Generator.Tests.Diagnostics;

/// <summary>
/// The descriptor catalogue stays in sync: unique consecutive IDs, a help link and a docs page per ID whose title is the
/// descriptor's, and AnalyzerReleases.Unshipped.md listing exactly these IDs with their severities.
/// </summary>
public sealed class DiagnosticDescriptorsTests
{
    private static readonly IReadOnlyList<DiagnosticDescriptor> Descriptors = typeof(StrataGenerator).Assembly
        .GetType("Strata.Generator.Diagnostics.DiagnosticDescriptors", throwOnError: true)!
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (DiagnosticDescriptor)field.GetValue(null)!)
        .ToList();

    // Sequence-model diagnostics are numbered in their own block, so that branches adding diagnostics merge cleanly.
    private const int SequenceBlock = 40;

    [Fact]
    public void IDs_are_unique_and_consecutive_from_STRATA0001_and_from_the_sequence_block()
    {
        var numbers = Descriptors.Select(d => int.Parse(d.Id.Substring("STRATA".Length), System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
        var general = numbers.Where(n => n < SequenceBlock).ToList();
        var sequence = numbers.Where(n => n >= SequenceBlock).ToList();
        Assert.Equal(Enumerable.Range(1, general.Count), general);
        Assert.Equal(Enumerable.Range(SequenceBlock, sequence.Count), sequence);
    }

    [Fact]
    public void Every_ID_has_a_help_link_and_a_docs_page_with_its_title()
    {
        foreach (var descriptor in Descriptors)
        {
            Assert.Equal($"https://github.com/strata-dsl/strata/blob/main/docs/diagnostics/{descriptor.Id}.md", descriptor.HelpLinkUri);
            var page = Path.Combine(RepositoryRoot(), "docs", "diagnostics", descriptor.Id + ".md");
            Assert.True(File.Exists(page), $"missing {page}");
            Assert.StartsWith($"# {descriptor.Id}: {descriptor.Title}\n", File.ReadAllText(page), StringComparison.Ordinal);
            Assert.Contains("## Fix", File.ReadAllText(page), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_unshipped_release_file_lists_exactly_these_rules()
    {
        var rows = File.ReadAllLines(Path.Combine(RepositoryRoot(), "Generator", "AnalyzerReleases.Unshipped.md"))
            .Where(line => line.StartsWith("STRATA", StringComparison.Ordinal))
            .Select(line => line.Split('|').Select(cell => cell.Trim()).ToArray())
            .ToList();

        Assert.Equal(
            Descriptors.Select(d => $"{d.Id} {d.Category} {d.DefaultSeverity}").Order(),
            rows.Select(row => $"{row[0]} {row[1]} {row[2]}").Order());
    }

    private static string RepositoryRoot([CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", ".."));
}
