using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Strata.Generator.Model;

namespace Strata.Generator.Parsing
{
    /// <summary>
    /// Collects the partial property declarations that have no implementation yet. When a model cannot be generated
    /// (a Strata error, or a compiler error in its attributes) the generator implements just these with throwing bodies,
    /// so the build reports those errors alone instead of also one CS9248 per layer.
    /// </summary>
    internal static class PropertyStubCollector
    {
        private static readonly string[] InterfaceMemberNames =
        {
            "Device", "InputShape", "OutputShape", "Parameters", "Summary", "IsTraining", "Train", "Eval", "Forward", "Backward",
            "ExportOnnx", "ToOnnx", "CarryState", "ResetState",
        };

        /// <summary>
        /// The stubs, or null where a stub could only add errors: a class that is not partial, one nested in a type that is
        /// not partial (a part of it could not be declared), or a duplicate [Model].
        /// </summary>
        public static StubbedModel? Collect(TypeDeclarationSyntax syntax, INamedTypeSymbol model, SemanticModel semanticModel)
        {
            var modelAttributes = model.GetAttributes().Count(a => a.AttributeClass?.ToDisplayString() == "Strata.ModelAttribute");
            if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword) || modelAttributes > 1)
            {
                return null;
            }

            var containers = new List<string>();
            var hint = new List<string> { HintPart(syntax) };
            for (var parent = syntax.Parent as TypeDeclarationSyntax; parent is not null; parent = parent.Parent as TypeDeclarationSyntax)
            {
                if (!parent.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    return null;
                }

                containers.Insert(0, Header(parent));
                hint.Insert(0, HintPart(parent));
            }

            var ns = model.ContainingNamespace is { IsGlobalNamespace: false } containing ? containing.ToDisplayString() : null;
            if (ns is not null)
            {
                hint.Insert(0, ns);
            }

            var declared = syntax.Members
                .OfType<PropertyDeclarationSyntax>()
                .Where(property => property.Modifiers.Any(SyntaxKind.PartialKeyword))
                .Select(property => (Syntax: property, Symbol: semanticModel.GetDeclaredSymbol(property)))
                .Where(p => p.Symbol is { IsPartialDefinition: true, PartialImplementationPart: null } && p.Syntax.AccessorList is not null)
                .ToList();

            // A type the compiler cannot resolve (CS0246) stays without an implementation: one repeating it would put a
            // second CS0246 into generated code, which must compile whenever the user's code does.

            // A name declared twice is the compiler's CS0102; implementing either would only add errors.
            var stubs = declared
                .Where(p => declared.Count(other => other.Symbol!.Name == p.Symbol!.Name) == 1 && p.Symbol!.Type.TypeKind != TypeKind.Error)
                .Select(p => new PropertyStub(
                    string.Join(" ", p.Syntax.Modifiers.Where(m => !m.IsKind(SyntaxKind.PartialKeyword)).Select(m => m.ValueText)),
                    p.Symbol!.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                    p.Symbol!.Name,
                    p.Syntax.AccessorList!.Accessors.Select(Accessor).ToEquatableArray()))
                .ToEquatableArray();

            var baseModel = BaseModel(model);
            var hasConstructor = model.InstanceConstructors.Any(IsGeneratedSignature);

            // A primary constructor would require this(...) of every other constructor (CS8862), with arguments only the user knows.
            var hasPrimaryConstructor = model.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is TypeDeclarationSyntax { ParameterList: not null });
            return new StubbedModel(
                ns,
                model.Name,
                stubs,
                Constructor: !hasConstructor && !hasPrimaryConstructor,
                baseModel is null ? InterfaceOf(model, semanticModel) : StubInterface.None,
                Header(syntax),
                containers.ToEquatableArray(),
                string.Join(".", hint),
                ChainToBase: baseModel is not null && NeedsBaseCall(model.BaseType!));
        }

        /// <summary>The nearest base class that carries [Model], or null.</summary>
        public static INamedTypeSymbol? BaseModel(INamedTypeSymbol model)
        {
            for (var type = model.BaseType; type is not null; type = type.BaseType)
            {
                if (type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "Strata.ModelAttribute"))
                {
                    return type;
                }
            }

            return null;
        }

        /// <summary>
        /// Whether a stub constructor must call <c>base(device, seed)</c>: the base declares that constructor, or is a
        /// partial model that gets it generated (or stubbed); otherwise it chains to a parameterless one if there is one.
        /// </summary>
        private static bool NeedsBaseCall(INamedTypeSymbol baseType)
        {
            if (baseType.InstanceConstructors.Any(c => !c.IsImplicitlyDeclared && IsGeneratedSignature(c)))
            {
                return true;
            }

            var isPartialModel = baseType.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "Strata.ModelAttribute")
                && baseType.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is TypeDeclarationSyntax t && t.Modifiers.Any(SyntaxKind.PartialKeyword));
            return isPartialModel || !baseType.InstanceConstructors.Any(c => c.Parameters.IsEmpty && c.DeclaredAccessibility != Accessibility.Private);
        }

        private static bool IsGeneratedSignature(IMethodSymbol constructor) =>
            constructor.Parameters.Length == 2
            && constructor.Parameters[0].Type.ToDisplayString() == "Strata.Device"
            && constructor.Parameters[1].Type.SpecialType == SpecialType.System_Int32;

        /// <summary>
        /// A partial declaration's header as another part may repeat it: <c>partial</c>, the kind (class, struct, record,
        /// record struct, interface, with ref/readonly) and the name with its type parameters (and their variance).
        /// </summary>
        private static string Header(TypeDeclarationSyntax type)
        {
            var modifiers = type.Modifiers.Where(m => m.IsKind(SyntaxKind.RefKeyword) || m.IsKind(SyntaxKind.ReadOnlyKeyword)).Select(m => m.ValueText + " ");
            var kind = type switch
            {
                RecordDeclarationSyntax record => record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) ? "record struct" : "record",
                StructDeclarationSyntax => "struct",
                InterfaceDeclarationSyntax => "interface",
                _ => "class",
            };
            var parameters = type.TypeParameterList is { } list
                ? "<" + string.Join(", ", list.Parameters.Select(p => (p.VarianceKeyword.IsKind(SyntaxKind.None) ? string.Empty : p.VarianceKeyword.ValueText + " ") + p.Identifier.ValueText)) + ">"
                : string.Empty;
            return string.Concat(modifiers) + "partial " + kind + " " + type.Identifier.ValueText + parameters;
        }

        /// <summary>A type's part of the hint name: its name, with its arity as metadata names write it (<c>Net`1</c>).</summary>
        private static string HintPart(TypeDeclarationSyntax type) =>
            type.Identifier.ValueText + (type.TypeParameterList is { } list ? "`" + list.Parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty);

        /// <summary>
        /// The interface whose members the stubs implement: ISequenceModel when [Input] starts with Dims.Sequence, else
        /// IModel; none when the class already has a member of one of those names (STRATA0027 reports it).
        /// </summary>
        private static StubInterface InterfaceOf(INamedTypeSymbol model, SemanticModel semanticModel)
        {
            if (model.GetMembers().Any(member => !member.IsImplicitlyDeclared && InterfaceMemberNames.Contains(member.Name)))
            {
                return StubInterface.None;
            }

            return StartsWithSequence(model, semanticModel) ? StubInterface.SequenceModel : StubInterface.Model;
        }

        /// <summary>
        /// Whether [Input]'s first argument is Dims.Sequence; read from the syntax when the attribute does not bind (as in
        /// <c>[Input(Sequence, Foo)]</c>), so that a sequence model keeps its sequence members.
        /// </summary>
        private static bool StartsWithSequence(INamedTypeSymbol model, SemanticModel semanticModel)
        {
            var input = model.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == "Strata.InputAttribute");
            if (input is null)
            {
                return false;
            }

            if (input is { ConstructorArguments.Length: 1 } && input.ConstructorArguments[0].Kind == TypedConstantKind.Array)
            {
                var dimensions = input.ConstructorArguments[0].Values;
                return !dimensions.IsDefaultOrEmpty && dimensions[0].Value is int first && first == Shapes.SequenceInput.Sequence;
            }

            // Only in the declaration being generated, whose semantic model is at hand.
            return input.ApplicationSyntaxReference?.GetSyntax() is AttributeSyntax { ArgumentList.Arguments: { Count: > 0 } arguments } syntax
                && syntax.SyntaxTree == semanticModel.SyntaxTree
                && semanticModel.GetConstantValue(arguments[0].Expression) is { HasValue: true, Value: int value }
                && value == Shapes.SequenceInput.Sequence;
        }

        /// <summary>The accessor as declared, e.g. <c>get</c> or <c>private set</c>; an implementation must repeat it.</summary>
        private static string Accessor(AccessorDeclarationSyntax accessor) =>
            string.Join(" ", accessor.Modifiers.Select(m => m.ValueText).Concat(new[] { accessor.Keyword.ValueText }));
    }
}
