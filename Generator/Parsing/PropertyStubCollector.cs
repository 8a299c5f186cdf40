using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Strata.Generator.Model;

namespace Strata.Generator.Parsing
{
    /// <summary>
    /// Collects the partial property declarations that have no implementation yet. When a model has Strata errors the
    /// generator implements just these with throwing bodies, so the build reports the Strata errors alone instead of
    /// also one CS9248 per layer.
    /// </summary>
    internal static class PropertyStubCollector
    {
        /// <summary>The stubs, or null where a stub could only add errors (a class that is not partial, nested or generic, or a duplicate [Model]).</summary>
        public static StubbedModel? Collect(ClassDeclarationSyntax syntax, INamedTypeSymbol model, SemanticModel semanticModel)
        {
            var modelAttributes = model.GetAttributes().Count(a => a.AttributeClass?.ToDisplayString() == "Strata.ModelAttribute");
            if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword) || model.ContainingType is not null || model.IsGenericType || modelAttributes > 1)
            {
                return null;
            }

            var stubs = syntax.Members
                .OfType<PropertyDeclarationSyntax>()
                .Where(property => property.Modifiers.Any(SyntaxKind.PartialKeyword))
                .Select(property => (Syntax: property, Symbol: semanticModel.GetDeclaredSymbol(property)))
                .Where(p => p.Symbol is { IsPartialDefinition: true, PartialImplementationPart: null }
                    && p.Symbol.Type.TypeKind != TypeKind.Error
                    && p.Syntax.AccessorList is not null)
                .Select(p => new PropertyStub(
                    string.Join(" ", p.Syntax.Modifiers.Where(m => !m.IsKind(SyntaxKind.PartialKeyword)).Select(m => m.ValueText)),
                    p.Symbol!.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                    p.Symbol.Name,
                    p.Syntax.AccessorList!.Accessors.Select(Accessor).ToEquatableArray()))
                .ToEquatableArray();
            var hasConstructor = model.InstanceConstructors.Any(c => c.Parameters.Length == 2
                && c.Parameters[0].Type.ToDisplayString() == "Strata.Device"
                && c.Parameters[1].Type.SpecialType == SpecialType.System_Int32);
            return new StubbedModel(
                model.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : null,
                model.Name,
                stubs,
                Constructor: !hasConstructor);
        }

        /// <summary>The accessor as declared, e.g. <c>get</c> or <c>private set</c>; an implementation must repeat it.</summary>
        private static string Accessor(AccessorDeclarationSyntax accessor) =>
            string.Join(" ", accessor.Modifiers.Select(m => m.ValueText).Concat(new[] { accessor.Keyword.ValueText }));
    }
}
