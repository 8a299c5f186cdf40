namespace Strata.Runtime.Tests.Data;

/// <summary>The repository's own <c>data/</c> folder, found from the repository root (the folder holding Dsl.sln).</summary>
internal static class RepoData
{
    public static string Path(params string[] parts)
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(System.IO.Path.Combine(folder.FullName, "Dsl.sln")))
        {
            folder = folder.Parent;
        }

        return folder is null
            ? throw new InvalidOperationException($"No Dsl.sln above {AppContext.BaseDirectory}.")
            : System.IO.Path.Combine([folder.FullName, "data", .. parts]);
    }
}
