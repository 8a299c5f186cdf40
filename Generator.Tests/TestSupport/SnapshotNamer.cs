using System.Runtime.CompilerServices;
using ApprovalTests.Core;

namespace Strata.Generator.Tests.TestSupport;

/// <summary>Names approved files after the model, next to the test sources: Snapshots/LeNet.approved.cs.</summary>
internal sealed class SnapshotNamer(string name, [CallerFilePath] string callerPath = "") : IApprovalNamer
{
    public string SourcePath { get; } = Path.Combine(Path.GetDirectoryName(callerPath)!, "Snapshots");

    public string Name { get; } = name;
}
