using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Strata.Generator.Diagnostics;
using Strata.Generator.Model;

namespace Strata.Generator.Parsing
{
    /// <summary>
    /// Reads one property's Strata attributes in source order into a <see cref="LayerSpec"/>: one layer attribute
    /// (optionally preceded by Flatten when the layer is Dense) and at most one activation.
    /// </summary>
    internal static class LayerPropertyParser
    {
        public static LayerParse Parse(PropertyDeclarationSyntax syntax, IPropertySymbol property, List<DiagnosticInfo> diagnostics)
        {
            var name = property.Name;
            StrataAttribute layer = default;
            AttributeArguments? layerArguments = null;
            var flattenFirst = false;
            StrataAttribute activation = default;
            AttributeArguments? activationArguments = null;

            foreach (var data in property.GetAttributes())
            {
                var attribute = StrataAttribute.Classify(data);
                if (!attribute.IsStrata)
                {
                    continue;
                }

                var arguments = AttributeArguments.TryRead(data);
                if (arguments is null)
                {
                    return LayerParse.CompilerError;
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

                var flattenThenDense = attribute.Layer == LayerKind.Dense && layer.Layer == LayerKind.Flatten;
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

            if (layerArguments is null)
            {
                if (activationArguments is null)
                {
                    return LayerParse.NotALayer;
                }

                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.ActivationWithoutLayer, activationArguments.Location, activation.DisplayName, name));
                return LayerParse.Broken;
            }

            var kind = layer.Layer!.Value;
            if (kind is LayerKind.Flatten or LayerKind.Dropout && activationArguments is not null)
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
            var spec = Read(syntax, property, kind, flattenFirst, activation.Activation ?? ActivationKind.Identity, layerArguments);
            return spec is null ? LayerParse.CompilerError : LayerParse.Of(spec);
        }

        /// <summary>The property must be <c>partial</c>, get-only and typed after its layer.</summary>
        private static void CheckDeclaration(
            PropertyDeclarationSyntax syntax, IPropertySymbol property, StrataAttribute layer, List<DiagnosticInfo> diagnostics)
        {
            var expectedType = StrataAttribute.HandleTypeOf(layer.Layer!.Value);
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

        private static LayerSpec? Read(
            PropertyDeclarationSyntax syntax,
            IPropertySymbol property,
            LayerKind kind,
            bool flattenFirst,
            ActivationKind activation,
            AttributeArguments arguments)
        {
            LayerArgument? size = null, kernel = null, kernelWidth = null, stride = null, pad = null;
            var bias = false;
            var countIncludePad = false;
            RealArgument? probability = null;
            SequenceArguments? sequence = null;
            switch (kind)
            {
                case LayerKind.Conv:
                    size = arguments.ConstructorInt("channels");
                    kernel = arguments.ConstructorInt("kernel");
                    stride = arguments.ConstructorInt("stride");
                    pad = arguments.ConstructorInt("pad");
                    kernelWidth = arguments.NamedInt("KernelWidth");
                    bias = arguments.ConstructorBool("bias", fallback: true);
                    if (size is null || kernel is null || stride is null || pad is null)
                    {
                        return null;
                    }

                    break;
                case LayerKind.MaxPool:
                case LayerKind.AvgPool:
                    kernel = arguments.ConstructorInt("kernel");
                    stride = arguments.ConstructorInt("stride");
                    pad = arguments.ConstructorInt("pad");
                    countIncludePad = arguments.ConstructorBool("countIncludePad", fallback: true);
                    if (kernel is null || stride is null || pad is null)
                    {
                        return null;
                    }

                    break;
                case LayerKind.Dense:
                    size = arguments.ConstructorInt("units");
                    bias = arguments.ConstructorBool("bias", fallback: true);
                    if (size is null)
                    {
                        return null;
                    }

                    break;
                case LayerKind.Dropout:
                    probability = arguments.ConstructorReal("p");
                    if (probability is null)
                    {
                        return null;
                    }

                    break;
                case LayerKind.Rnn:
                case LayerKind.Lstm:
                case LayerKind.Gru:
                case LayerKind.Embedding:
                case LayerKind.OneHot:
                    sequence = SequenceLayerArguments.Read(kind, arguments, out size);
                    if (sequence is null)
                    {
                        return null;
                    }

                    break;
            }

            return new LayerSpec(
                property.Name,
                ModifiersWithoutPartial(syntax),
                arguments.Location,
                kind,
                flattenFirst,
                activation,
                size,
                kernel,
                kernelWidth,
                stride,
                pad,
                bias,
                countIncludePad,
                probability,
                sequence);
        }

        private static string ModifiersWithoutPartial(PropertyDeclarationSyntax syntax) =>
            string.Join(" ", syntax.Modifiers.Where(m => !m.IsKind(SyntaxKind.PartialKeyword)).Select(m => m.ValueText));

        private static string ShortName(string typeName) => typeName.Substring(typeName.LastIndexOf('.') + 1);
    }
}
