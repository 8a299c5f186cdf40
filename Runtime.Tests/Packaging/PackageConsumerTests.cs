using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml.Linq;
using Xunit.Abstractions;

namespace Strata.Runtime.Tests.Packaging;

/// <summary>
/// The packages as a user gets them: packs Strata.Abstractions, Strata.Generator and Strata.Runtime into a temporary
/// folder feed, then builds and runs a new console project that references only Strata.Runtime. Restore is offline:
/// the sources are that feed and this machine's global packages folder (for ILGPU, Spectre.Console, ...), and the
/// packages are extracted into a fresh folder, so a Strata package cached by an earlier run can't stand in.
/// </summary>
[Collection(PackageConsumerCollection.Name)]
public sealed class PackageConsumerTests(ITestOutputHelper log) : IDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(4);
    private static readonly Dictionary<string, string> NoVariables = [];

    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("strata-package-test-");

    [Fact]
    public void A_project_referencing_only_Strata_Runtime_gets_the_generator_and_trains()
    {
        var root = RepositoryRoot();
        var feed = Folder("feed");
        var packages = Folder("packages");
        var app = Folder("app");
        var machinePackages = MachineGlobalPackagesFolder(root);

        Dotnet(root, NoVariables, "pack", "Strata.Packages.slnf", "-c", "Release", "-o", feed,
            "--artifacts-path", Folder("artifacts"), "--disable-build-servers");
        var version = RuntimePackageVersion(feed);
        CheckPackageLayouts(feed, version);

        WriteConsumer(app, feed, machinePackages, packages, version);
        var restoreInto = new Dictionary<string, string> { ["NUGET_PACKAGES"] = packages };
        Dotnet(app, restoreInto, "build", "-c", "Release", "--disable-build-servers");

        // The generator came from the package, through Strata.Runtime's dependency, not from this checkout.
        Assert.True(
            File.Exists(Path.Combine(packages, "strata.generator", version, "analyzers", "dotnet", "cs", "Strata.Generator.dll")),
            $"Strata.Generator {version} was not restored into {packages}.");

        var output = Dotnet(app, restoreInto, Path.Combine(app, "bin", "Release", "net10.0", "Consumer.dll"));
        log.WriteLine(output);
        Assert.Contains("Model: TinyNet", output);
        Assert.Contains("Total params: 235", output);
        var lossLine = output.Split('\n').Select(line => line.Trim()).Single(line => line.StartsWith("loss: ", StringComparison.Ordinal));
        var loss = float.Parse(lossLine["loss: ".Length..], CultureInfo.InvariantCulture);
        Assert.True(float.IsFinite(loss) && loss > 0, $"The training step's loss is {loss}.\n{output}");
    }

    public void Dispose()
    {
        try
        {
            _temp.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is not worth failing the test for.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private string Folder(string name) => Directory.CreateDirectory(Path.Combine(_temp.FullName, name)).FullName;

    private static void WriteConsumer(string app, string feed, string machinePackages, string packages, string version)
    {
        // Empty Directory.* files keep any in the folders above out of this project.
        foreach (var name in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
        {
            File.WriteAllText(Path.Combine(app, name), "<Project />\n");
        }

        // Strata.* may only come from the new feed: the machine's folder could hold an older build of the same version.
        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{packages}" />
              </config>
              <packageSources>
                <clear />
                <add key="strata" value="{feed}" />
                <add key="machine" value="{machinePackages}" />
              </packageSources>
              <packageSourceMapping>
                <clear />
                <packageSource key="strata">
                  <package pattern="Strata.*" />
                </packageSource>
                <packageSource key="machine">
                  <package pattern="*" />
                </packageSource>
              </packageSourceMapping>
              <fallbackPackageFolders>
                <clear />
              </fallbackPackageFolders>
              <auditSources>
                <clear />
              </auditSources>
            </configuration>
            """);

        File.WriteAllText(Path.Combine(app, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <NuGetAudit>false</NuGetAudit>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Strata.Runtime" Version="{version}" />
              </ItemGroup>
            </Project>
            """);

        // [1, 8, 8] → Conv 4×3×3 pad 1 → [4, 8, 8] → MaxPool 2 → [4, 4, 4] → Dense 64→3: 40 + 195 = 235 parameters.
        File.WriteAllText(Path.Combine(app, "TinyNet.cs"), """
            using Strata;

            [Model, Input(1, 8, 8)]
            public partial class TinyNet
            {
                [Conv(4, 3, pad: 1), Relu]  public partial Conv2d C1 { get; }
                [MaxPool(2)]                public partial Pool2d P1 { get; }
                [Flatten, Dense(3)]         public partial Dense Out { get; }
            }
            """);

        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using System.Globalization;
            using Strata;
            using Strata.Training;

            var device = Device.Cpu();
            var model = new TinyNet(device, seed: 1);
            Console.WriteLine(model.Summary);

            var pixels = new float[2 * 8 * 8];
            for (var i = 0; i < pixels.Length; i++)
            {
                pixels[i] = (i % 7) / 7f;
            }

            using var input = device.FromArray(pixels, 2, 1, 8, 8);
            var logits = model.Forward(input);
            using var gradient = device.Allocate(logits.Shape);
            var loss = new SoftmaxCrossEntropy().Compute(logits, [0, 2], gradient);
            model.Backward(gradient);
            new Sgd(model.Parameters, learningRate: 0.1f).Step();
            Console.WriteLine("loss: " + loss.ToString("R", CultureInfo.InvariantCulture));
            """);
    }

    /// <summary>
    /// The generator package holds the analyzer and no assembly to compile against; Strata.Runtime depends on it
    /// without excluding its analyzers. (Today's SDK passes a transitive package's analyzers on whatever the nuspec
    /// says, NuGet/Home#7426, so the consumer build below can't catch an exclusion; this check does.)
    /// </summary>
    private static void CheckPackageLayouts(string feed, string version)
    {
        using (var generator = ZipFile.OpenRead(Path.Combine(feed, $"Strata.Generator.{version}.nupkg")))
        {
            var entries = generator.Entries.Select(e => e.FullName).ToList();
            Assert.Contains("analyzers/dotnet/cs/Strata.Generator.dll", entries);
            Assert.Contains("README.md", entries);
            Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) || e.StartsWith("ref/", StringComparison.Ordinal));
            Assert.DoesNotContain(Nuspec(generator).Descendants(), e => e.Name.LocalName == "dependency");
        }

        using (var abstractions = ZipFile.OpenRead(Path.Combine(feed, $"Strata.Abstractions.{version}.nupkg")))
        {
            Assert.Contains("lib/netstandard2.0/Strata.Abstractions.dll", abstractions.Entries.Select(e => e.FullName));
        }

        using var runtime = ZipFile.OpenRead(Path.Combine(feed, $"Strata.Runtime.{version}.nupkg"));
        var dependencies = Nuspec(runtime).Descendants().Where(e => e.Name.LocalName == "dependency")
            .ToDictionary(e => (string)e.Attribute("id")!);
        Assert.Equal(version, (string?)dependencies["Strata.Abstractions"].Attribute("version"));
        var onGenerator = dependencies["Strata.Generator"];
        Assert.Equal(version, (string?)onGenerator.Attribute("version"));
        var exclude = (string?)onGenerator.Attribute("exclude") ?? string.Empty;
        Assert.DoesNotContain("Analyzers", exclude, StringComparison.OrdinalIgnoreCase);
        var include = (string?)onGenerator.Attribute("include");
        Assert.True(include is null || include.Contains("Analyzers", StringComparison.OrdinalIgnoreCase) || include == "All", onGenerator.ToString());
    }

    private static XDocument Nuspec(ZipArchive package)
    {
        var nuspec = Assert.Single(package.Entries, e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/'));
        using var stream = nuspec.Open();
        return XDocument.Load(stream);
    }

    private static string RuntimePackageVersion(string feed)
    {
        const string prefix = "Strata.Runtime.";
        var package = Assert.Single(Directory.GetFiles(feed, prefix + "*.nupkg"));
        return Path.GetFileNameWithoutExtension(package)[prefix.Length..];
    }

    private string MachineGlobalPackagesFolder(string root)
    {
        // "global-packages: /home/me/.nuget/packages/"
        var output = Dotnet(root, NoVariables, "nuget", "locals", "global-packages", "--list");
        const string label = "global-packages:";
        var line = output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith(label, StringComparison.Ordinal));
        return line[label.Length..].Trim();
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Dsl.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException($"No Dsl.sln above {AppContext.BaseDirectory}.");
    }

    /// <summary>Runs dotnet with the arguments and returns stdout and stderr; fails the test on a non-zero exit or a timeout.</summary>
    private string Dotnet(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test host's MSBuild variables belong to the build that launched it, not to these child builds.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        // No MSBuild node or compiler server may outlive the command: it would hold the output pipes open.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var command = "dotnet " + string.Join(' ', arguments);
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        var clock = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(CommandTimeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"`{command}` in {workingDirectory} did not finish within {CommandTimeout.TotalMinutes} minutes.\n{Text(output)}");
        }

        process.WaitForExit(); // drains the redirected streams
        var text = Text(output);
        log.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: {command}");
        Assert.True(process.ExitCode == 0, $"`{command}` in {workingDirectory} exited with {process.ExitCode} after {clock.Elapsed.TotalSeconds:F0} s.\n{text}");
        return text;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}

/// <summary>Runs the package test alone: it builds with every core, and sharing them would only slow both sides.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PackageConsumerCollection
{
    public const string Name = "Package consumer";
}
