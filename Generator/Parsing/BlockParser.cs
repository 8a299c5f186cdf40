using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Strata.Generator.Diagnostics;
using Strata.Generator.Model;

namespace Strata.Generator.Parsing
{
    /// <summary>
    /// Turns a <c>[Block]</c> class into a <see cref="BlockSpec"/> (its parameters and items, arguments still
    /// expressions) and a <see cref="BlockShell"/> (its generated part). The class rules: partial, top-level, not
    /// generic, not a record, not also a model, parameters int or bool, at least one layer.
    /// </summary>
    internal static class BlockParser
    {
        public static ParsedBlock Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            var syntax = (TypeDeclarationSyntax)context.TargetNode;
            var block = (INamedTypeSymbol)context.TargetSymbol;
            var diagnostics = new List<DiagnosticInfo>();
            var location = SourceLocation.Of(syntax.Identifier);
            void Report(string problem) => diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BlockDeclaration, location, block.Name, problem));

            var partial = syntax.Modifiers.Any(SyntaxKind.PartialKeyword);
            var shellable = partial && block.ContainingType is null && syntax.TypeParameterList is null && syntax is ClassDeclarationSyntax;
            if (!partial)
            {
                Report($"is not partial, so Strata cannot implement its layers; declare it as 'partial class {block.Name}'");
            }

            if (syntax is not ClassDeclarationSyntax)
            {
                Report("is a record; declare it as a class, whose blocks are not compared or copied");
            }

            if (syntax.TypeParameterList is not null)
            {
                Report($"is generic; its shapes are fixed at build time, so remove the type parameters {syntax.TypeParameterList}");
            }

            if (block.ContainingType is { } container)
            {
                Report($"is nested in '{container.Name}'; declare it at namespace level");
            }

            if (block.IsStatic)
            {
                Report("is static; remove 'static', since each use is an instance");
            }

            if (block.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "Strata.ModelAttribute"))
            {
                Report("is also a [Model]; a class is a model or a block, so remove one of the attributes");
            }

            var parameters = new List<BlockParameter>();
            foreach (var parameterSyntax in syntax.ParameterList?.Parameters ?? default)
            {
                if (context.SemanticModel.GetDeclaredSymbol(parameterSyntax, cancellationToken) is not { } parameter)
                {
                    continue;
                }

                var isInt = parameter.Type.SpecialType == SpecialType.System_Int32;
                var isBool = parameter.Type.SpecialType == SpecialType.System_Boolean;
                if ((!isInt && !isBool) || parameter.RefKind != RefKind.None || parameter.IsParams)
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.BlockDeclaration,
                        SourceLocation.Of(parameterSyntax),
                        block.Name,
                        $"has the parameter '{parameterSyntax}'; a block's parameters decide its shapes at build time, so each is a plain int or bool"));
                    continue;
                }

                parameters.Add(new BlockParameter(parameter.Name, isBool));
            }

            var names = parameters.Select(parameter => parameter.Name).ToList();
            var items = GraphItemsParser.Parse(syntax, context.SemanticModel, names, diagnostics, cancellationToken, out var complete, out _);
            if (complete && !items.Any(item => item is BlockUse || (item is LayerSpec layer && layer.Kind != LayerKind.Flatten)))
            {
                Report("declares no layer; add layer properties in data-flow order, for example [Conv(nameof(channels), 3, pad: 1)] public partial Conv2d Conv1 { get; }");
            }

            var hasErrors = diagnostics.Any(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error);
            var spec = new BlockSpec(
                block.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : null,
                block.Name,
                block.ToDisplayString(),
                location,
                parameters.ToEquatableArray(),
                items.ToEquatableArray(),
                complete && !hasErrors,
                diagnostics.ToEquatableArray());
            return new ParsedBlock(spec, shellable ? Shell(syntax, block, spec, context.SemanticModel) : null);
        }

        private static BlockShell Shell(TypeDeclarationSyntax syntax, INamedTypeSymbol block, BlockSpec spec, SemanticModel semanticModel)
        {
            var layers = syntax.Members
                .OfType<PropertyDeclarationSyntax>()
                .Where(property => property.Modifiers.Any(SyntaxKind.PartialKeyword) && property.AccessorList is not null)
                .Select(property => (Syntax: property, Symbol: semanticModel.GetDeclaredSymbol(property)))
                .Where(p => p.Symbol is { IsPartialDefinition: true, PartialImplementationPart: null } && p.Symbol.Type.TypeKind != TypeKind.Error)
                .GroupBy(p => p.Symbol!.Name)
                .Where(group => group.Count() == 1)
                .Select(group => group.First())
                .Select(p => new PropertyStub(
                    string.Join(" ", p.Syntax.Modifiers.Where(m => !m.IsKind(SyntaxKind.PartialKeyword)).Select(m => m.ValueText)),
                    p.Symbol!.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                    p.Symbol.Name,
                    p.Syntax.AccessorList!.Accessors.Select(accessor => accessor.Keyword.ValueText).ToEquatableArray()))
                .ToEquatableArray();
            var uses = block.GetMembers()
                .OfType<IPropertySymbol>()
                .Where(property => !property.IsStatic && BlockUseParser.BlockType(property.Type, out _) is not null)
                .Select(property => new BlockMember(property.Name, property.Type is IArrayTypeSymbol))
                .ToEquatableArray();
            return new BlockShell(spec.Namespace, spec.ClassName, spec.Parameters, layers, uses);
        }
    }
}
