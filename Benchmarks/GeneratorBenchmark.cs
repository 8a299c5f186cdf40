using System.Collections.Immutable;
using System.Text;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Strata.Generator;

namespace Strata.Benchmarks;

/// <summary>
/// How long the Strata generator takes inside a build: a fresh driver on a fresh copy of the compilation per run, so
/// nothing is cached and the attribute binding the generator triggers is counted.
/// </summary>
internal static class GeneratorBenchmark
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly ImmutableArray<MetadataReference> References =
    [
        .. Net100.References.All,
        MetadataReference.CreateFromFile(typeof(ModelAttribute).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Tensor).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(ILGPU.Index1D).Assembly.Location),
    ];

    public static IEnumerable<(string Name, int Models, int Layers, double Seconds)> Run()
    {
        yield return Measure("VGG-16 (13 conv, 5 pool, 3 dense)", [Vgg16("Vgg16")], layers: 21);
        yield return Measure("50 LeNet-size models, one compilation", Enumerable.Range(0, 50).Select(i => LeNet("LeNet" + i, 6 + i % 4)).ToArray(), layers: 50 * 7);

        // 1 stem conv + BN + pool, 16 bottlenecks of 7 layers (4 with a 2-layer downsample), pool, dense: 125 layers after expansion.
        yield return Measure("ResNet-50 of Samples/Zoo (16 bottleneck blocks, 4 block classes)", [ZooResNet50()], layers: 125, generatedFiles: 5);
    }

    /// <summary>Samples/Zoo/Models/ResNet.cs (embedded) with its blocks and only the ResNet50 model.</summary>
    private static string ZooResNet50()
    {
        using var stream = typeof(GeneratorBenchmark).Assembly.GetManifestResourceStream("ZooResNet.cs")!;
        using var reader = new StreamReader(stream);
        return System.Text.RegularExpressions.Regex.Replace(
            reader.ReadToEnd().ReplaceLineEndings("\n"),
            @"/// <summary>[^\n]*(\n///[^\n]*)*\n\[Model, Input\([^\]]*\)\]\npublic partial class (ResNet18|ResNet34|ResNet18Cifar)\n\{\n(    [^\n]*\n)*\}\n",
            string.Empty);
    }

    private static (string, int, int, double) Measure(string name, string[] sources, int layers, int? generatedFiles = null)
    {
        var compilation = CSharpCompilation.Create(
            "Bench",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"Model{i}.cs")),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var generated = 0;
        var seconds = Stopwatches.MedianSeconds(() =>
        {
            var driver = CSharpGeneratorDriver.Create([new StrataGenerator().AsSourceGenerator()], parseOptions: ParseOptions);
            var result = driver.RunGenerators(compilation.Clone()).GetRunResult();
            generated = result.GeneratedTrees.Length;
            if (result.Diagnostics.Any(d => d.Severity > DiagnosticSeverity.Info))
            {
                throw new InvalidOperationException("The benchmark models must be valid: " + string.Join("\n", result.Diagnostics));
            }
        });
        if (generated != (generatedFiles ?? sources.Length))
        {
            throw new InvalidOperationException($"Expected {generatedFiles ?? sources.Length} generated files, got {generated}.");
        }

        return (name, sources.Length, layers, seconds);
    }

    /// <summary>VGG-16 as torchvision declares it: 3×3 convs with padding 1, 2×2 max pools, three dense layers.</summary>
    private static string Vgg16(string className)
    {
        var text = new StringBuilder($"using Strata;\n\n[Model, Input(3, 224, 224)]\npublic partial class {className}\n{{\n");
        int[][] blocks = [[64, 64], [128, 128], [256, 256, 256], [512, 512, 512], [512, 512, 512]];
        for (var b = 0; b < blocks.Length; b++)
        {
            for (var c = 0; c < blocks[b].Length; c++)
            {
                text.Append($"    [Conv({blocks[b][c]}, 3, pad: 1), Relu] public partial Conv2d Conv{b + 1}_{c + 1} {{ get; }}\n");
            }

            text.Append($"    [MaxPool(2)] public partial Pool2d Pool{b + 1} {{ get; }}\n");
        }

        text.Append("    [Flatten, Dense(4096), Relu] public partial Dense Fc6 { get; }\n");
        text.Append("    [Dense(4096), Relu] public partial Dense Fc7 { get; }\n");
        text.Append("    [Dense(1000)] public partial Dense Fc8 { get; }\n}\n");
        return text.ToString();
    }

    private static string LeNet(string className, int channels) => $$"""
        using Strata;

        [Model, Input(1, 28, 28)]
        public partial class {{className}}
        {
            [Conv({{channels}}, 5, pad: 2), Relu] public partial Conv2d C1 { get; }
            [MaxPool(2)]                        public partial Pool2d S2 { get; }
            [Conv(16, 5), Relu]                 public partial Conv2d C3 { get; }
            [MaxPool(2)]                        public partial Pool2d S4 { get; }
            [Flatten, Dense(120), Relu]         public partial Dense F5 { get; }
            [Dense(84), Relu]                   public partial Dense F6 { get; }
            [Dense(10)]                         public partial Dense Out { get; }
        }
        """;
}
