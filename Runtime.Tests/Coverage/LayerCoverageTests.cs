using System.Reflection;

namespace Strata.Runtime.Tests.Coverage;

/// <summary>
/// Every layer and activation attribute users can write has an ONNX Runtime test, a gradient check and a PTX check.
/// A new attribute in Abstractions fails this test until tests marked with <see cref="CoversAttribute"/> cover it.
/// </summary>
public class LayerCoverageTests
{
    public static IReadOnlyList<Type> DeclarableAttributes() =>
        typeof(ModelAttribute).Assembly.GetExportedTypes()
            .Where(t => !t.IsAbstract && (t.IsSubclassOf(typeof(LayerAttribute)) || t.IsSubclassOf(typeof(ActivationAttribute))))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToList();

    public static IReadOnlyList<(MethodInfo Test, CoversAttribute Covers)> Declarations() =>
        typeof(LayerCoverageTests).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .SelectMany(m => m.GetCustomAttributes<CoversAttribute>().Select(c => (m, c)))
            .ToList();

    [Fact]
    public void Every_layer_and_activation_has_an_onnx_runtime_test_a_gradient_check_and_a_ptx_check()
    {
        var covered = Declarations()
            .SelectMany(d => d.Covers.Attributes.Select(a => (a, d.Covers.Check)))
            .ToHashSet();

        // A layer without an ONNX form needs a test that the export refuses it, in place of the ONNX Runtime test.
        Check[] Needed(Type attribute) => WithoutOnnxForm.Contains(attribute) ? [Check.OnnxRefused, Check.Gradient, Check.Ptx] : [Check.Onnx, Check.Gradient, Check.Ptx];
        var missing = DeclarableAttributes()
            .SelectMany(a => Needed(a).Where(c => !covered.Contains((a, c))).Select(c => $"{a.Name}: {c}"))
            .ToList();

        Assert.True(missing.Count == 0, "No test covers: " + string.Join(", ", missing));
    }

    /// <summary>
    /// The layers ONNX opset 17 has no operator for, documented in docs/dsl-reference.md: their export throws
    /// NotSupportedException with the reason (Check.OnnxRefused), and nothing else may claim that exemption.
    /// </summary>
    public static readonly IReadOnlySet<Type> WithoutOnnxForm = new HashSet<Type> { typeof(AttentionGruAttribute) };

    [Fact]
    public void Only_the_layers_without_an_onnx_form_are_covered_by_a_refusal_and_none_of_them_claims_an_onnx_runtime_test()
    {
        foreach (var (test, covers) in Declarations())
        {
            var where = $"{test.DeclaringType!.Name}.{test.Name}";
            foreach (var attribute in covers.Attributes)
            {
                Assert.False(covers.Check == Check.OnnxRefused && !WithoutOnnxForm.Contains(attribute), $"{where} covers {attribute.Name} by a refusal, but it has an ONNX form");
                Assert.False(covers.Check == Check.Onnx && WithoutOnnxForm.Contains(attribute), $"{where} claims an ONNX Runtime test of {attribute.Name}, which has no ONNX form");
            }
        }
    }

    [Fact]
    public void Coverage_is_only_declared_on_tests_and_only_for_declarable_attributes()
    {
        var declarable = DeclarableAttributes().ToHashSet();
        foreach (var (test, covers) in Declarations())
        {
            var where = $"{test.DeclaringType!.Name}.{test.Name}";
            Assert.True(test.IsDefined(typeof(FactAttribute)), $"{where} declares coverage but is not a test");
            Assert.All(covers.Attributes, a => Assert.True(declarable.Contains(a), $"{where} covers {a.Name}, which users cannot declare"));
        }
    }

    [Fact]
    public void The_abstractions_declare_the_layers_and_activations_this_test_was_written_against()
    {
        // Guards the reflection above against finding nothing (then every layer would look covered).
        Assert.Superset(
            new HashSet<Type>
            {
                typeof(ConvAttribute), typeof(MaxPoolAttribute), typeof(AvgPoolAttribute), typeof(DenseAttribute),
                typeof(FlattenAttribute), typeof(ReluAttribute), typeof(SigmoidAttribute), typeof(TanhAttribute), typeof(Relu6Attribute),
                typeof(LeakyReluAttribute), typeof(AddAttribute), typeof(ConcatAttribute), typeof(SoftmaxAttribute), typeof(GeluAttribute), typeof(ConvTransposeAttribute), typeof(GlobalAvgPoolAttribute), typeof(BatchNormAttribute), typeof(LayerNormAttribute), typeof(AdaptiveAvgPoolAttribute), typeof(ToSequenceAttribute),
                typeof(MultiHeadAttentionAttribute), typeof(PositionalEncodingAttribute), typeof(PositionEmbeddingAttribute), typeof(ClassTokenAttribute),
                typeof(TakeStepAttribute), typeof(MeanOverStepsAttribute), typeof(PatchEmbeddingAttribute), typeof(AttentionGruAttribute),
            },
            DeclarableAttributes().ToHashSet());
    }
}
