using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Strata.Generator.Diagnostics;
using Strata.Generator.Model;

namespace Strata.Generator.Parsing
{
    /// <summary>
    /// Checks the names of the model's members, in every partial declaration: a layer's name belongs to that layer
    /// alone, no member takes the name of a generated one, and the generated constructor is not written by hand.
    /// Each clash is reported at the member's name, so the compiler's own errors in generated code never come first.
    /// </summary>
    internal static class MemberNameChecker
    {
        /// <summary>Checks the names; <paramref name="items"/> are the layers and block uses, whose names are theirs alone.</summary>
        public static void Check(INamedTypeSymbol model, IReadOnlyList<GraphItem> items, List<DiagnosticInfo> diagnostics)
        {
            var generated = GeneratedMembers.Of(items.OfType<LayerSpec>().ToList());
            var layerNames = new HashSet<string>(items.Select(item => item.ItemName));
            var declarations = new Dictionary<string, List<Location>>();

            foreach (var member in model.GetMembers())
            {
                if (member.IsImplicitlyDeclared)
                {
                    continue;
                }

                if (member is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor)
                {
                    if (IsGeneratedConstructor(constructor))
                    {
                        Report(diagnostics, DiagnosticDescriptors.ConstructorClashes, constructor, model.Name);
                    }

                    continue;
                }

                if (member is IMethodSymbol { MethodKind: not MethodKind.Ordinary })
                {
                    continue;
                }

                if (layerNames.Contains(member.Name))
                {
                    // A hand-written implementation part is STRATA0015, reported where the property is parsed.
                    Add(declarations, member.Name, SourceLocations(member));
                }

                if (generated.TryGetValue(member.Name, out var reserved) && Clashes(member, reserved))
                {
                    Report(diagnostics, DiagnosticDescriptors.ReservedMemberName, member, member.Name, model.Name, reserved.Description);
                }
            }

            foreach (var pair in declarations)
            {
                var ordered = pair.Value
                    .OrderBy(location => location.SourceTree?.FilePath, System.StringComparer.Ordinal)
                    .ThenBy(location => location.SourceSpan.Start)
                    .ToList();
                foreach (var location in ordered.Skip(1))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateMemberName, SourceLocation.Of(location), pair.Key, model.Name));
                }
            }
        }

        /// <summary>A method clashes only with the same parameter types (otherwise it is an overload); anything else by name.</summary>
        private static bool Clashes(ISymbol member, GeneratedMember reserved)
        {
            if (member is not IMethodSymbol method || reserved.ParameterTypes is null)
            {
                return true;
            }

            return method.Parameters.Select(parameter => parameter.Type.ToDisplayString()).SequenceEqual(reserved.ParameterTypes);
        }

        private static bool IsGeneratedConstructor(IMethodSymbol constructor) =>
            !constructor.IsStatic
            && constructor.Parameters.Length == 2
            && constructor.Parameters[0].Type.ToDisplayString() == "Strata.Device"
            && constructor.Parameters[1].Type.SpecialType == SpecialType.System_Int32;

        private static IEnumerable<Location> SourceLocations(ISymbol symbol) => symbol.Locations.Where(location => location.IsInSource);

        private static void Add(Dictionary<string, List<Location>> declarations, string name, IEnumerable<Location> locations)
        {
            if (!declarations.TryGetValue(name, out var list))
            {
                declarations[name] = list = new List<Location>();
            }

            list.AddRange(locations);
        }

        private static void Report(List<DiagnosticInfo> diagnostics, DiagnosticDescriptor descriptor, ISymbol member, params object[] args)
        {
            foreach (var location in SourceLocations(member))
            {
                diagnostics.Add(DiagnosticInfo.Create(descriptor, SourceLocation.Of(location), args));
            }
        }
    }
}
