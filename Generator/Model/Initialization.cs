using System.Collections.Generic;
using System.Linq;
using Strata.Generator.Diagnostics;
using Strata.Generator.Layers;

namespace Strata.Generator.Model
{
    /// <summary>
    /// <c>[Init(weights, bias)]</c>: which of a layer's parameters each scheme starts (weights: the parameters whose name
    /// has "weight" in its last part; biases: those with "bias"), whether it can (fan-based schemes need a weight of at
    /// least 2 dimensions), and the initialiser call generated code makes. The values are <c>Strata.InitScheme</c>'s.
    /// </summary>
    internal static class Initialization
    {
        private const int Default = 0, XavierUniform = 1, XavierNormal = 2, KaimingUniform = 3, KaimingNormal = 4, Zeros = 5, Ones = 6;

        private static readonly string[] Names = { "Default", "XavierUniform", "XavierNormal", "KaimingUniform", "KaimingNormal", "Zeros", "Ones" };

        /// <summary>
        /// Reports STRATA0085, at the scheme's argument, when a scheme is not an <c>InitScheme</c>, when the layer has no
        /// parameter it names, or when a fan-based scheme meets a weight of fewer than 2 dimensions. Returns whether the
        /// layer may go on.
        /// </summary>
        public static bool Check(ShapedLayer layer, List<DiagnosticInfo> diagnostics)
        {
            var spec = layer.Spec;
            if (spec.WeightInit is null && spec.BiasInit is null)
            {
                return true;
            }

            var parameters = LayerRegistry.For(spec.Kind).Parameters(layer, "x").ToList();
            return Check(spec.WeightInit, "weights", IsWeight) && Check(spec.BiasInit, "biases", IsBias);

            bool Check(LayerArgument? scheme, string what, System.Func<ParameterPlan, bool> selects)
            {
                if (scheme is null || scheme.Value == Default)
                {
                    return true;
                }

                string? problem = null;
                var chosen = parameters.Where(selects).ToList();
                if (scheme.Value < Default || scheme.Value > Ones)
                {
                    problem = $"{scheme.Value} is not an InitScheme; write one of {string.Join(", ", Names.Skip(1).Select(n => "InitScheme." + n))}";
                }
                else if (chosen.Count == 0)
                {
                    problem = $"{LayerRegistry.For(spec.Kind).Name} has no {what}" +
                        (parameters.Count == 0 ? " (it has no parameters); remove [Init]" : $"; its parameters are {string.Join(", ", parameters.Select(p => Leaf(p.Name)))}");
                }
                else if (NeedsFans(scheme.Value) && chosen.FirstOrDefault(p => p.Shape.Rank < 2) is { } flat)
                {
                    problem = $"InitScheme.{Names[scheme.Value]} needs fans, from a weight of at least 2 dimensions, but {Leaf(flat.Name)} is {flat.Shape}; " +
                        "use InitScheme.Zeros or InitScheme.Ones";
                }

                if (problem is null)
                {
                    return true;
                }

                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InitNotApplicable, scheme.Location, spec.Name, problem));
                return false;
            }
        }

        /// <summary>The layer's parameters with the schemes of its <c>[Init]</c>, if any.</summary>
        public static IEnumerable<ParameterPlan> Apply(IEnumerable<ParameterPlan> parameters, LayerSpec spec) =>
            parameters.Select(p =>
                IsWeight(p) && spec.WeightInit is { Value: > Default } weights ? p with { Scheme = weights.Value }
                : IsBias(p) && spec.BiasInit is { Value: > Default } bias ? p with { Scheme = bias.Value }
                : p);

        /// <summary>The call that starts <paramref name="parameter"/> by its scheme, or null for the layer's default.</summary>
        public static string? Call(ParameterPlan parameter)
        {
            var tensor = parameter.Field + ".Value";
            return parameter.Scheme switch
            {
                XavierUniform => $"global::Strata.Initializers.XavierUniform({tensor}, random);",
                XavierNormal => $"global::Strata.Initializers.XavierNormal({tensor}, random);",
                KaimingUniform => $"global::Strata.Initializers.KaimingUniform({tensor}, random);",
                KaimingNormal => $"global::Strata.Initializers.KaimingNormal({tensor}, random);",
                Zeros => $"global::Strata.Initializers.Zeros({tensor});",
                Ones => $"global::Strata.Initializers.Ones({tensor});",
                _ => null,
            };
        }

        private static bool NeedsFans(int scheme) => scheme >= XavierUniform && scheme <= KaimingNormal;

        private static bool IsWeight(ParameterPlan parameter) => Leaf(parameter.Name).Contains("weight");

        private static bool IsBias(ParameterPlan parameter) => Leaf(parameter.Name).Contains("bias");

        private static string Leaf(string name) => name.Substring(name.LastIndexOf('.') + 1);
    }
}
