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
    /// Turns a <c>[Model]</c> class into a <see cref="ModelSpec"/>: the class rules, <c>[Input]</c>, then each layer
    /// property in declaration order. Nothing of the syntax tree or the compilation survives into the result.
    /// </summary>
    internal static class ModelParser
    {
        public static ParsedModel Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            var syntax = (ClassDeclarationSyntax)context.TargetNode;
            var model = (INamedTypeSymbol)context.TargetSymbol;
            var diagnostics = new List<DiagnosticInfo>();
            var classLocation = SourceLocation.Of(syntax.Identifier);
            var emittable = true;

            if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ClassMustBePartial, classLocation, model.Name));
            }

            var staticKeyword = syntax.Modifiers.FirstOrDefault(modifier => modifier.IsKind(SyntaxKind.StaticKeyword));
            if (staticKeyword.IsKind(SyntaxKind.StaticKeyword))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ClassMustNotBeStatic, SourceLocation.Of(staticKeyword), model.Name));
            }

            if (syntax.TypeParameterList is { } typeParameters)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.ClassMustNotBeGeneric, SourceLocation.Of(typeParameters), model.Name, typeParameters.ToString()));
            }

            if (model.ContainingType is { } container)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ClassMustNotBeNested, classLocation, model.Name, container.Name));
            }

            var input = InputParser.Parse(model, classLocation, diagnostics, out var inputCompilerError);
            emittable &= !inputCompilerError;

            var layers = new List<LayerSpec>();
            var complete = true;
            foreach (var propertySyntax in syntax.Members.OfType<PropertyDeclarationSyntax>())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (context.SemanticModel.GetDeclaredSymbol(propertySyntax, cancellationToken) is not { } property)
                {
                    continue;
                }

                var parsed = LayerPropertyParser.Parse(propertySyntax, property, diagnostics);
                switch (parsed.Outcome)
                {
                    case LayerParseOutcome.Layer when layers.Any(layer => layer.Name == parsed.Layer!.Name):
                        // A duplicate member is the compiler's CS0102; generating for it would only add errors.
                        emittable = false;
                        break;
                    case LayerParseOutcome.Layer when complete:
                        layers.Add(parsed.Layer!);
                        break;
                    case LayerParseOutcome.Broken:
                        complete = false;
                        break;
                    case LayerParseOutcome.CompilerError:
                        complete = false;
                        emittable = false;
                        break;
                }
            }

            ReportLayersInOtherParts(syntax, model, diagnostics);
            MemberNameChecker.Check(model, layers, diagnostics);

            var spec = new ModelSpec(
                model.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : null,
                model.Name,
                classLocation,
                input,
                layers.ToEquatableArray(),
                LayersComplete: complete,
                Emittable: emittable);
            return new ParsedModel(spec, diagnostics.ToEquatableArray(), PropertyStubCollector.Collect(syntax, model, context.SemanticModel));
        }

        /// <summary>
        /// Layers must all sit in the declaration that carries [Model], because their order there is the data flow;
        /// one in another partial declaration would silently stay unimplemented.
        /// </summary>
        private static void ReportLayersInOtherParts(ClassDeclarationSyntax syntax, INamedTypeSymbol model, List<DiagnosticInfo> diagnostics)
        {
            foreach (var property in model.GetMembers().OfType<IPropertySymbol>())
            {
                if (!property.GetAttributes().Any(attribute => StrataAttribute.Classify(attribute).IsStrata))
                {
                    continue;
                }

                foreach (var reference in property.DeclaringSyntaxReferences)
                {
                    if (reference.GetSyntax() is PropertyDeclarationSyntax declaration
                        && (declaration.SyntaxTree != syntax.SyntaxTree || !syntax.Span.Contains(declaration.Span)))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(
                            DiagnosticDescriptors.LayerOutsideModelDeclaration, SourceLocation.Of(declaration.Identifier), property.Name, model.Name));
                    }
                }
            }
        }
    }
}
