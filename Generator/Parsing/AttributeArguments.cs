using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Strata.Generator.Model;

namespace Strata.Generator.Parsing
{
    /// <summary>
    /// Reads one attribute's argument values (defaults included) together with the syntax each value came from, so
    /// that a diagnostic can point at the <c>5</c> in <c>Conv(16, 5)</c>.
    /// </summary>
    internal sealed class AttributeArguments
    {
        private readonly AttributeData _data;
        private readonly ExpressionNames? _names;
        private readonly string _layer;
        private readonly Dictionary<string, ExpressionSyntax> _constructorSyntax = new();
        private readonly Dictionary<string, ExpressionSyntax> _namedSyntax = new();
        private readonly List<ExpressionSyntax> _positionalSyntax = new();

        private AttributeArguments(AttributeData data, AttributeSyntax syntax, ExpressionNames? names, string layer)
        {
            _data = data;
            _names = names;
            _layer = layer;
            Location = SourceLocation.Of(syntax);
            var parameters = data.AttributeConstructor!.Parameters;
            var position = 0;
            foreach (var argument in syntax.ArgumentList?.Arguments ?? default)
            {
                if (argument.NameEquals is not null)
                {
                    _namedSyntax[argument.NameEquals.Name.Identifier.ValueText] = argument.Expression;
                }
                else if (argument.NameColon is not null)
                {
                    _constructorSyntax[argument.NameColon.Name.Identifier.ValueText] = argument.Expression;
                }
                else
                {
                    _positionalSyntax.Add(argument.Expression);
                    if (position < parameters.Length)
                    {
                        _constructorSyntax[parameters[position].Name] = argument.Expression;
                    }

                    position++;
                }
            }
        }

        /// <summary>The whole attribute, e.g. <c>Conv(16, 5)</c>.</summary>
        public SourceLocation Location { get; }

        /// <summary>
        /// The arguments of an attribute that bound without errors; null when the compiler could not bind it
        /// (it reports that itself). <paramref name="names"/> reads the int arguments written as expressions, on
        /// <paramref name="layer"/>; without it such arguments do not bind.
        /// </summary>
        public static AttributeArguments? TryRead(AttributeData data, ExpressionNames? names = null, string layer = "")
        {
            if (data.AttributeConstructor is null || data.ApplicationSyntaxReference?.GetSyntax() is not AttributeSyntax syntax)
            {
                return null;
            }

            return new AttributeArguments(data, syntax, names, layer);
        }

        /// <summary>
        /// An int constructor parameter, or null when it is missing or not an int. Inside a block it may be a string
        /// expression instead, written in its place or as the named property <c>{Parameter}From</c>, e.g. <c>StrideFrom</c>.
        /// </summary>
        public LayerArgument? ConstructorInt(string parameterName)
        {
            var fromName = char.ToUpperInvariant(parameterName[0]) + parameterName.Substring(1) + "From";
            if (NamedExpression(fromName) is { } named)
            {
                return named;
            }

            var index = IndexOf(parameterName);
            var hasSyntax = _constructorSyntax.TryGetValue(parameterName, out var syntax);
            switch (index < 0 ? null : _data.ConstructorArguments[index].Value)
            {
                case int value:
                    return Argument(value, hasSyntax ? syntax : null);
                case string text when _names is not null:
                    return Expression(text, hasSyntax ? SourceLocation.Of(syntax!) : Location);
                default:
                    return null;
            }
        }

        /// <summary>The string <paramref name="propertyName"/> set to an expression, e.g. <c>StrideFrom = nameof(strides)</c>, or null.</summary>
        private LayerArgument? NamedExpression(string propertyName)
        {
            foreach (var pair in _data.NamedArguments)
            {
                if (pair.Key == propertyName && pair.Value.Value is string text && _names is not null)
                {
                    return Expression(text, _namedSyntax.TryGetValue(propertyName, out var syntax) ? SourceLocation.Of(syntax) : Location);
                }
            }

            return null;
        }

        /// <summary>The expression <paramref name="text"/> as an argument each use fills in; one that does not read is reported, and reads as 0.</summary>
        private LayerArgument Expression(string text, SourceLocation location) =>
            new(0, location, IsExplicit: true, _names!.Read(text, _layer, location) ?? new ConstantExpression(Value.Int(0)));

        /// <summary>A string constructor parameter read as an expression (a [When] condition), or null when it is missing or does not read.</summary>
        public LayerArgument? ConstructorExpression(string parameterName)
        {
            var index = IndexOf(parameterName);
            if (index < 0 || _data.ConstructorArguments[index].Value is not string text || _names is null)
            {
                return null;
            }

            var location = _constructorSyntax.TryGetValue(parameterName, out var syntax) ? SourceLocation.Of(syntax) : Location;
            return _names.Read(text, _layer, location) is { } expression ? new LayerArgument(0, location, IsExplicit: true, expression) : null;
        }

        /// <summary>A string constructor parameter (a layer name), or null when it is missing or not a constant string.</summary>
        public NameArgument? ConstructorString(string parameterName)
        {
            var index = IndexOf(parameterName);
            if (index < 0 || _data.ConstructorArguments[index].Value is not string value)
            {
                return null;
            }

            return new NameArgument(value, _constructorSyntax.TryGetValue(parameterName, out var syntax) ? SourceLocation.Of(syntax) : Location);
        }

        /// <summary>A string set with <c>Name = value</c> (a layer name, e.g. <c>KeysFrom = nameof(Memory)</c>) at its value, or null when it is not set.</summary>
        public NameArgument? NamedString(string propertyName)
        {
            foreach (var pair in _data.NamedArguments)
            {
                if (pair.Key == propertyName && pair.Value.Value is string value)
                {
                    return new NameArgument(value, _namedSyntax.TryGetValue(propertyName, out var syntax) ? SourceLocation.Of(syntax) : Location);
                }
            }

            return null;
        }

        /// <summary>A floating-point constructor parameter, or null when it is missing or not a number.</summary>
        public RealArgument? ConstructorReal(string parameterName)
        {
            var index = IndexOf(parameterName);
            double value;
            switch (index < 0 ? null : _data.ConstructorArguments[index].Value)
            {
                case double d: value = d; break;
                case float f: value = f; break;
                default: return null;
            }

            return _constructorSyntax.TryGetValue(parameterName, out var syntax)
                ? new RealArgument(value, SourceLocation.Of(syntax), IsExplicit: true)
                : new RealArgument(value, Location, IsExplicit: false);
        }

        /// <summary>A bool constructor parameter, or the fallback when it is missing.</summary>
        public bool ConstructorBool(string parameterName, bool fallback)
        {
            var index = IndexOf(parameterName);
            return index >= 0 && _data.ConstructorArguments[index].Value is bool value ? value : fallback;
        }

        /// <summary>An int set with <c>Name = value</c>; the type's default 0 (at the attribute) when it is not set.</summary>
        public LayerArgument NamedInt(string propertyName) => NamedInt(propertyName, 0);

        /// <summary>An int set with <c>Name = value</c>; <paramref name="fallback"/> (at the attribute) when it is not set.</summary>
        public LayerArgument NamedInt(string propertyName, int fallback)
        {
            if (NamedExpression(propertyName + "From") is { } expression)
            {
                return expression;
            }

            foreach (var pair in _data.NamedArguments)
            {
                if (pair.Key == propertyName && pair.Value.Value is int value)
                {
                    return Argument(value, _namedSyntax.TryGetValue(propertyName, out var syntax) ? syntax : null);
                }
            }

            return new LayerArgument(fallback, Location, IsExplicit: false);
        }

        /// <summary>A bool set with <c>Name = value</c>, or the fallback when it is not set.</summary>
        public bool NamedBool(string propertyName, bool fallback)
        {
            foreach (var pair in _data.NamedArguments)
            {
                if (pair.Key == propertyName && pair.Value.Value is bool value)
                {
                    return value;
                }
            }

            return fallback;
        }

        /// <summary>A double set with <c>Name = value</c>; 0 (at the attribute) when it is not set.</summary>
        public DoubleArgument NamedDouble(string propertyName)
        {
            foreach (var pair in _data.NamedArguments)
            {
                if (pair.Key == propertyName && pair.Value.Value is double value)
                {
                    return new DoubleArgument(value, _namedSyntax.TryGetValue(propertyName, out var syntax) ? SourceLocation.Of(syntax) : Location);
                }
            }

            return new DoubleArgument(0, Location);
        }

        /// <summary>
        /// The elements of a <c>params int[]</c> constructor parameter, each located at its own argument when they are
        /// written one by one; null when the array is missing or holds something else.
        /// </summary>
        public IReadOnlyList<LayerArgument>? ParamsInts(string parameterName)
        {
            var index = IndexOf(parameterName);
            if (index < 0 || _data.ConstructorArguments[index].Kind != TypedConstantKind.Array)
            {
                return null;
            }

            if (_data.ConstructorArguments[index].IsNull)
            {
                return new List<LayerArgument>();
            }

            var values = _data.ConstructorArguments[index].Values;
            if (values.Any(value => value.Value is not int))
            {
                return null;
            }

            // The params values follow the constructor's earlier arguments (SecondInput's name) one by one.
            var offset = index;
            var oneArgumentPerValue = _positionalSyntax.Count == values.Length + offset;
            return values
                .Select((value, i) => Argument((int)value.Value!, oneArgumentPerValue ? _positionalSyntax[i + offset] : null))
                .ToList();
        }

        /// <summary>A params string[] constructor parameter (layer names), or null when it is missing or holds a non-constant.</summary>
        public IReadOnlyList<NameArgument>? ParamsStrings(string parameterName)
        {
            var index = IndexOf(parameterName);
            if (index < 0 || _data.ConstructorArguments[index].Kind != TypedConstantKind.Array)
            {
                return null;
            }

            if (_data.ConstructorArguments[index].IsNull)
            {
                return new List<NameArgument>();
            }

            var values = _data.ConstructorArguments[index].Values;
            if (values.Any(value => value.Value is not string))
            {
                return null;
            }

            var oneArgumentPerValue = _positionalSyntax.Count == values.Length;
            return values
                .Select((value, i) => new NameArgument((string)value.Value!, oneArgumentPerValue ? SourceLocation.Of(_positionalSyntax[i]) : Location))
                .ToList();
        }

        private int IndexOf(string parameterName)
        {
            var parameters = _data.AttributeConstructor!.Parameters;
            for (var i = 0; i < parameters.Length && i < _data.ConstructorArguments.Length; i++)
            {
                if (parameters[i].Name == parameterName)
                {
                    return i;
                }
            }

            return -1;
        }

        private LayerArgument Argument(int value, ExpressionSyntax? syntax) =>
            syntax is null
                ? new LayerArgument(value, Location, IsExplicit: false)
                : new LayerArgument(value, SourceLocation.Of(syntax), IsExplicit: true);
    }
}
