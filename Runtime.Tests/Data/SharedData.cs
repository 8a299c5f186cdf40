namespace Strata.Runtime.Tests.Data;

/// <summary>The shared test data at <c>../shared/data</c> beside the repository root (the folder holding Dsl.sln).</summary>
internal static class SharedData
{
    public static string Directory(params string[] parts)
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Dsl.sln")))
        {
            folder = folder.Parent;
        }

        if (folder?.Parent is null)
        {
            throw new InvalidOperationException($"No Dsl.sln above {AppContext.BaseDirectory}.");
        }

        return Path.Combine([folder.Parent.FullName, "shared", "data", .. parts]);
    }
}
