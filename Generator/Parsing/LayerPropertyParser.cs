using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Strata.Generator.Diagnostics;
using Strata.Generator.Layers;
using Strata.Generator.Model;

namespace Strata.Generator.Parsing
{
    /// <summary>
    /// Reads one property's Strata attributes in source order into a <see cref="LayerSpec"/>: one layer attribute
    /// (optionally preceded by Flatten when the layer is Dense) and at most one activation.
    /// </summary>
    internal static class LayerPropertyParser
    {
        /// <summary>
        /// Reads the property's layer; <paramref name="names"/> are what its argument expressions may read (a block's
        /// parameters), none by default.
        /// </summary>
        public static LayerParse Parse(PropertyDeclarationSyntax syntax, IPropertySymbol property, List<DiagnosticInfo> diagnostics, ExpressionNames? names = null)
        {
            names ??= new ExpressionNames(new string[0], diagnostics);
            var failuresBefore = names.Failures;
            var name = property.Name;
            StrataAttribute layer = default;
            AttributeArguments? layerArguments = null;
            var flattenFirst = false;
            StrataAttribute activation = default;
            AttributeArguments? activationArguments = null;
            AttributeArguments? fromArguments = null;
            AttributeArguments? whenArguments = null;
            AttributeArguments? initArguments = null;
            AttributeData? unknown = null;
            AttributeData? other = null;

            foreach (var data in property.GetAttributes())
            {
                var attribute = StrataAttribute.Classify(data);
                if (!attribute.IsStrata)
                {
                    // An attribute the compiler cannot resolve (CS0246) may be a layer Strata does not have, e.g. [RmsNorm].
                    if (data.AttributeClass is null or { TypeKind: TypeKind.Error })
                    {
                        unknown ??= data;
                    }
                    else
                    {
                        other ??= data;
                    }

                    continue;
                }

                var arguments = AttributeArguments.TryRead(data, names, name);
                if (arguments is null)
                {
                    return LayerParse.CompilerError;
                }

                if (attribute.IsUnknownLayer)
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.InternalError, arguments.Location, property.ContainingType.Name,
                        $"no definition is registered for the attribute '{attribute.DisplayName}' on '{name}'"));
                    return LayerParse.Broken;
                }

                if (attribute.IsFrom)
                {
                    fromArguments = arguments;
                    continue;
                }

                if (attribute.IsWhen)
                {
                    whenArguments = arguments;
                    continue;
                }

                if (attribute.IsInit)
                {
                    initArguments = arguments;
                    continue;
                }

                if (attribute.Activation is not null)
                {
                    if (activationArguments is not null)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(
                            DiagnosticDescriptors.TwoActivations, arguments.Location, name, activation.DisplayName, attribute.DisplayName));
                        return LayerParse.Broken;
                    }

                    activation = attribute;
                    activationArguments = arguments;
                    continue;
                }

                var flattenThenDense = attribute.Layer == Dense.Definition && layer.Layer == Flatten.Definition;
                if (layerArguments is not null && !flattenThenDense)
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.TwoLayerAttributes, arguments.Location, name, layer.DisplayName, attribute.DisplayName));
                    return LayerParse.Broken;
                }

                flattenFirst = flattenThenDense;
                layer = attribute;
                layerArguments = arguments;
            }

            var from = fromArguments?.ConstructorString("layer");
            if (fromArguments is not null && from is null)
            {
                return LayerParse.CompilerError;
            }

            var when = whenArguments?.ConstructorExpression("condition");
            if (whenArguments is not null && when is null)
            {
                return names.Failures > failuresBefore ? LayerParse.Broken : LayerParse.CompilerError;
            }

            if (layerArguments is null && when is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WhenWithoutLayer, whenArguments!.Location, name));
                return LayerParse.Broken;
            }

            if (layerArguments is null && initArguments is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.InitNotApplicable, initArguments.Location, name, "it declares no layer; put [Init] beside a layer attribute"));
                return LayerParse.Broken;
            }

            if (layerArguments is null && from is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.FromWithoutLayer, fromArguments!.Location, name, from.Name));
                return LayerParse.Broken;
            }

            if (layerArguments is null)
            {
                return ReportMissingLayer(syntax, property, activation, activationArguments, unknown, other, diagnostics);
            }

            var definition = layer.Layer!;
            if (from is not null && definition.NamesItsInputs)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.FromOnLayerThatNamesInputs, fromArguments!.Location, name, layer.DisplayName, from.Name));
                return LayerParse.Broken;
            }

            if (!definition.TakesActivation && activationArguments is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.ActivationWithoutEpilogue, activationArguments.Location, activation.DisplayName, name, layer.DisplayName));
                return LayerParse.Broken;
            }

            if (property.Type.TypeKind == TypeKind.Error)
            {
                return LayerParse.CompilerError;
            }

            CheckDeclaration(syntax, property, layer, diagnostics);
            var reported = diagnostics.Count;
            var read = activation.Activation is { } used ? used.Read(activationArguments!, name, diagnostics) : Activation.None;
            if (read is null)
            {
                return diagnostics.Count > reported ? LayerParse.Broken : LayerParse.CompilerError;
            }

            var written = new LayerSpec(
                property.Name,
                ModifiersWithoutPartial(syntax),
                layerArguments.Location,
                definition.Kind,
                flattenFirst,
                read,
                Size: null,
                Kernel: null,
                KernelWidth: null,
                Stride: null,
                Pad: null,
                Bias: false,
                CountIncludePad: false,
                Probability: null,
                From: from,
                When: when,
                WeightInit: initArguments?.ConstructorInt("weights"),
                BiasInit: initArguments?.ConstructorInt("bias"));
            var spec = definition.Read(written, layerArguments);
            return names.Failures > failuresBefore ? LayerParse.Broken
                : spec is null ? LayerParse.CompilerError
                : LayerParse.Of(spec);
        }

        /// <summary>
        /// A property without a Strata layer attribute is a layer the user meant but did not declare when it carries an
        /// attribute the compiler cannot resolve (such as a layer Strata does not have yet), or when it is a partial
        /// property typed as a layer handle that nothing else implements; then STRATA0029 says so, naming the unknown
        /// attribute. An activation alone is STRATA0018. Anything else is not a layer, and is left alone.
        /// </summary>
        private static LayerParse ReportMissingLayer(
            PropertyDeclarationSyntax syntax,
            IPropertySymbol property,
            StrataAttribute activation,
            AttributeArguments? activationArguments,
            AttributeData? unknown,
            AttributeData? other,
            List<DiagnosticInfo> diagnostics)
        {
            var example = ExampleLayer(property.Type);
            var unimplementedPartial = property.IsPartialDefinition && property.PartialImplementationPart is null;
            var meantAsLayer = example is not null || property.Type.TypeKind == TypeKind.Error || unimplementedPartial;
            if (unknown is not null && meantAsLayer)
            {
                var location = unknown.ApplicationSyntaxReference?.GetSyntax() is AttributeSyntax unknownSyntax
                    ? SourceLocation.Of(unknownSyntax)
                    : SourceLocation.Of(syntax.Identifier);
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.PropertyWithoutLayer,
                    location,
                    property.Name,
                    " ([" + AttributeName(unknown, unknownSyntax: unknown.ApplicationSyntaxReference?.GetSyntax() as AttributeSyntax) + "] is not a Strata attribute)",
                    Fix(syntax, property, example, activation, activationArguments)));
                return LayerParse.Broken;
            }

            if (activationArguments is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.ActivationWithoutLayer, activationArguments.Location, activation.DisplayName, property.Name));
                return LayerParse.Broken;
            }

            if (example is not null && unimplementedPartial)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.PropertyWithoutLayer,
                    SourceLocation.Of(syntax.Identifier),
                    property.Name,
                    other is null ? string.Empty : " ([" + AttributeName(other, null) + "] is not a Strata layer)",
                    Fix(syntax, property, example, activation, activationArguments)));
                return LayerParse.Broken;
            }

            return LayerParse.NotALayer;
        }

        /// <summary>How the user wrote the attribute's name (<c>RmsNorm</c>), or its class name without "Attribute".</summary>
        private static string AttributeName(AttributeData data, AttributeSyntax? unknownSyntax)
        {
            if (unknownSyntax is not null)
            {
                return unknownSyntax.Name.ToString();
            }

            var name = data.AttributeClass?.Name ?? "?";
            return name.EndsWith("Attribute", System.StringComparison.Ordinal) && name.Length > "Attribute".Length
                ? name.Substring(0, name.Length - "Attribute".Length)
                : name;
        }

        /// <summary>The end of a STRATA0029 message: the declaration with a layer of the property's type, or the list of layers.</summary>
        private static string Fix(
            PropertyDeclarationSyntax syntax, IPropertySymbol property, string? example, StrataAttribute activation, AttributeArguments? activationArguments)
        {
            if (example is null)
            {
                var names = LayerRegistry.Definitions.Select(definition => "[" + definition.Name + "]").ToList();
                return "Strata's layers are " + string.Join(", ", names.Take(names.Count - 1)) + " and " + names[names.Count - 1];
            }

            var attributes = activationArguments is null ? example : example + ", " + activation.DisplayName;
            var modifiers = ModifiersWithoutPartial(syntax);
            return "declare its layer as in [" + attributes + "] " + (modifiers.Length == 0 ? string.Empty : modifiers + " ")
                + "partial " + ShortName(property.Type.ToDisplayString()) + " " + property.Name + " { get; }";
        }

        /// <summary>An attribute for a property of this handle type, for messages; null when the type is not a layer handle.</summary>
        private static string? ExampleLayer(ITypeSymbol type) =>
            type.ContainingType is not null || type.NullableAnnotation == NullableAnnotation.Annotated
                ? null
                : LayerRegistry.ForHandleType(type.ToDisplayString())?.Example;

        /// <summary>The property must be <c>partial</c>, get-only and typed after its layer.</summary>
        private static void CheckDeclaration(
            PropertyDeclarationSyntax syntax, IPropertySymbol property, StrataAttribute layer, List<DiagnosticInfo> diagnostics)
        {
            var expectedType = layer.Layer!.HandleType;
            var isGetOnlyPartial =
                syntax.Modifiers.Any(SyntaxKind.PartialKeyword)
                && !syntax.Modifiers.Any(SyntaxKind.StaticKeyword)
                && syntax.ExpressionBody is null
                && syntax.Initializer is null
                && syntax.AccessorList is { Accessors: { Count: 1 } accessors }
                && accessors[0].IsKind(SyntaxKind.GetAccessorDeclaration)
                && accessors[0].Body is null
                && accessors[0].ExpressionBody is null;
            if (!isGetOnlyPartial)
            {
                var modifiers = string.Join(" ", syntax.Modifiers.Where(m => !m.IsKind(SyntaxKind.PartialKeyword) && !m.IsKind(SyntaxKind.StaticKeyword)).Select(m => m.ValueText));
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.LayerPropertyNotPartial,
                    SourceLocation.Of(syntax.Identifier),
                    property.Name,
                    modifiers.Length == 0 ? "public" : modifiers,
                    ShortName(expectedType)));
            }

            var actualType = property.Type.ToDisplayString();
            if (actualType != expectedType)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.PropertyTypeMismatch,
                    SourceLocation.Of(syntax.Type),
                    property.Name,
                    layer.DisplayName,
                    expectedType,
                    actualType));
            }
        }

        private static string ModifiersWithoutPartial(PropertyDeclarationSyntax syntax) =>
            string.Join(" ", syntax.Modifiers.Where(m => !m.IsKind(SyntaxKind.PartialKeyword)).Select(m => m.ValueText));

        private static string ShortName(string typeName) => typeName.Substring(typeName.LastIndexOf('.') + 1);
    }
}
