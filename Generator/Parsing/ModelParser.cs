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
            var syntax = (TypeDeclarationSyntax)context.TargetNode;
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

            if (syntax is RecordDeclarationSyntax record)
            {
                // "record" or "record class": a model's buffers must not be compared, copied by 'with' or printed.
                var end = record.ClassOrStructKeyword.IsKind(SyntaxKind.ClassKeyword) ? record.ClassOrStructKeyword.Span.End : record.Keyword.Span.End;
                var span = Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(record.Keyword.SpanStart, end);
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.ModelMustNotBeRecord, SourceLocation.Of(Location.Create(syntax.SyntaxTree, span)), model.Name));
            }

            ReportBaseModel(syntax, model, context.SemanticModel, classLocation, diagnostics);

            var input = InputParser.Parse(model, classLocation, diagnostics, out var inputCompilerError);
            emittable &= !inputCompilerError;

            var reported = diagnostics.Count;
            var secondInput = SecondInputParser.Parse(model, input, diagnostics, out var secondInputCompilerError);
            emittable &= !secondInputCompilerError;
            if (diagnostics.Count > reported || secondInputCompilerError)
            {
                // Without its second input, every layer that reads it would be reported too: check no shapes.
                input = null;
            }

            var ctc = CtcParser.Parse(model, diagnostics);

            var items = GraphItemsParser.Parse(syntax, context.SemanticModel, new string[0], diagnostics, cancellationToken, out var complete, out var itemsEmittable);
            emittable &= itemsEmittable;

            ReportLayersInOtherParts(syntax, model, diagnostics);
            MemberNameChecker.Check(model, items, diagnostics);

            var spec = new ModelSpec(
                model.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : null,
                model.Name,
                classLocation,
                input,
                items.ToEquatableArray(),
                LayersComplete: complete,
                Emittable: emittable,
                Ctc: ctc,
                SecondInput: secondInput);
            return new ParsedModel(spec, diagnostics.ToEquatableArray(), PropertyStubCollector.Collect(syntax, model, context.SemanticModel));
        }

        /// <summary>
        /// A model that derives from another model would get a second (Device, int) constructor that does not call the
        /// base's (CS7036) and IModel members that hide the base's (CS0108); reuse of layers is for blocks. Reported at the
        /// base type in the base list, in whichever part declares it.
        /// </summary>
        private static void ReportBaseModel(
            TypeDeclarationSyntax syntax, INamedTypeSymbol model, SemanticModel semanticModel, SourceLocation classLocation, List<DiagnosticInfo> diagnostics)
        {
            if (PropertyStubCollector.BaseModel(model) is not { } baseModel)
            {
                return;
            }

            var direct = model.BaseType!;
            var location = classLocation;
            var written = direct.Name;
            var parts = new[] { syntax }.Concat(model.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<TypeDeclarationSyntax>().Where(t => t != syntax));
            foreach (var part in parts)
            {
                // In a class's base list, the base class comes first; another file's part is matched by name, without binding.
                if (part.BaseList?.Types.FirstOrDefault() is { } first
                    && (part.SyntaxTree == semanticModel.SyntaxTree
                        ? SymbolEqualityComparer.Default.Equals(semanticModel.GetTypeInfo(first.Type).Type, direct)
                        : RightmostName(first.Type) == direct.Name))
                {
                    location = SourceLocation.Of(first.Type);
                    written = first.Type.ToString();
                    break;
                }
            }

            var through = SymbolEqualityComparer.Default.Equals(direct, baseModel) ? string.Empty : " (through '" + direct.Name + "')";
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ModelDerivesFromModel, location, model.Name, baseModel.Name, through, written));
        }

        private static string RightmostName(TypeSyntax type) => type switch
        {
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
            _ => string.Empty,
        };

        /// <summary>
        /// Layers must all sit in the declaration that carries [Model], because their order there is the data flow;
        /// one in another partial declaration would silently stay unimplemented.
        /// </summary>
        private static void ReportLayersInOtherParts(TypeDeclarationSyntax syntax, INamedTypeSymbol model, List<DiagnosticInfo> diagnostics)
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
