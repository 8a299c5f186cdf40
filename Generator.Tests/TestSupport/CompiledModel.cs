using System.Reflection;
using System.Runtime.Loader;

namespace Strata.Generator.Tests.TestSupport;

/// <summary>Compiles a model declaration with the generator, loads the assembly and instantiates the model.</summary>
internal static class CompiledModel
{
    public static Assembly Load(string source)
    {
        var result = GeneratorHarness.Run(source);
        Assert.True(result.CompilationProblems.IsEmpty, string.Join("\n", result.CompilationProblems));
        using var image = new MemoryStream();
        var emit = result.Output.Emit(image);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        image.Position = 0;
        // A collectible context per model keeps repeated test runs from accumulating "UserAssembly" copies.
        return new AssemblyLoadContext(null, isCollectible: true).LoadFromStream(image);
    }

    public static IModel Create(Assembly assembly, string typeName, Device device, int seed) =>
        (IModel)Activator.CreateInstance(assembly.GetType(typeName, throwOnError: true)!, device, seed)!;
}
