using Strata.Generator.Tests.TestSupport;

namespace Strata.Generator.Tests;

/// <summary>The generated code of sequence models compiles against the real runtime with no error and no warning.</summary>
public sealed class SequenceModelCompilationTests
{
    [Theory]
    [InlineData(nameof(SequenceModels.SmallLstm), SequenceModels.SmallLstm)]
    [InlineData(nameof(SequenceModels.StackedLstmDropout), SequenceModels.StackedLstmDropout)]
    [InlineData(nameof(SequenceModels.Options), SequenceModels.Options)]
    [InlineData(nameof(SequenceModels.Tagger), SequenceModels.Tagger)]
    [InlineData(nameof(SequenceModels.CharRnn), SequenceModels.CharRnn)]
    [InlineData(nameof(SequenceModels.NameCollisions), SequenceModels.NameCollisions)]
    public void Generated_code_compiles_without_errors_or_warnings(string name, string source)
    {
        var result = GeneratorHarness.Run(source);

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Single(result.Sources);
        Assert.True(result.CompilationProblems.IsEmpty, name + ":\n" + string.Join("\n", result.CompilationProblems));
    }
}
