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
        private static readonly string[] InterfaceMemberNames =
        {
            "Device", "InputShape", "OutputShape", "Parameters", "Summary", "IsTraining", "Train", "Eval", "Forward", "Backward",
            "ExportOnnx", "ToOnnx", "CarryState", "ResetState",
        };

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
                Constructor: !hasConstructor,
                InterfaceOf(model));
        }

        /// <summary>
        /// The interface whose members the stubs implement: ISequenceModel when [Input] starts with Dims.Sequence, else
        /// IModel; none when the class already has a member of one of those names (STRATA0027 reports it).
        /// </summary>
        private static StubInterface InterfaceOf(INamedTypeSymbol model)
        {
            if (model.GetMembers().Any(member => !member.IsImplicitlyDeclared && InterfaceMemberNames.Contains(member.Name)))
            {
                return StubInterface.None;
            }

            var input = model.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == "Strata.InputAttribute");
            var dimensions = input is { ConstructorArguments.Length: 1 } && input.ConstructorArguments[0].Kind == TypedConstantKind.Array
                ? input.ConstructorArguments[0].Values
                : default;
            var sequence = !dimensions.IsDefaultOrEmpty && dimensions[0].Value is int first && first == Shapes.SequenceInput.Sequence;
            return sequence ? StubInterface.SequenceModel : StubInterface.Model;
        }

        /// <summary>The accessor as declared, e.g. <c>get</c> or <c>private set</c>; an implementation must repeat it.</summary>
        private static string Accessor(AccessorDeclarationSyntax accessor) =>
            string.Join(" ", accessor.Modifiers.Select(m => m.ValueText).Concat(new[] { accessor.Keyword.ValueText }));
    }
}
