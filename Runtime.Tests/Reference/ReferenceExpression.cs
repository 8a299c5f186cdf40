using System.Globalization;

namespace Strata.Runtime.Tests.Reference;

/// <summary>
/// The test oracle's own evaluator of the C# expressions a block writes in its attributes
/// (<c>"stride != 1 || inChannels != planes"</c>, <c>"inChannels * expansion"</c>, <c>"stemKernel / 2"</c>): int and
/// bool literals, names looked up in a scope, unary <c>! - +</c>, <c>* / %</c> (C#'s int division, truncating toward
/// zero), <c>+ -</c>, <c>&lt; &gt; &lt;= &gt;=</c>, <c>== !=</c>, <c>&amp;&amp;</c>, <c>||</c>, <c>?:</c> and parentheses, with C#'s
/// precedence and associativity (binary operators left to right, <c>?:</c> right to left). Written apart from the
/// generator's Generator/Parsing/ExpressionParser.cs, which it checks: a recursive descent, one method per precedence
/// level, over a token list. A value is an int or a bool (boxed); a type error or unknown name throws.
/// </summary>
internal sealed class ReferenceExpression
{
    private readonly List<string> _tokens;
    private readonly IReadOnlyDictionary<string, object> _scope;
    private int _at;

    private ReferenceExpression(string text, IReadOnlyDictionary<string, object> scope)
    {
        _tokens = Tokenize(text);
        _scope = scope;
    }

    /// <summary>The value of <paramref name="text"/> with the names of <paramref name="scope"/> (ints and bools).</summary>
    public static object Evaluate(string text, IReadOnlyDictionary<string, object> scope)
    {
        var parser = new ReferenceExpression(text, scope);
        var value = parser.Conditional();
        if (parser._at != parser._tokens.Count)
        {
            throw new FormatException($"Unexpected '{parser._tokens[parser._at]}' in '{text}'.");
        }

        return value;
    }

    public static int Int(string text, IReadOnlyDictionary<string, object> scope) =>
        Evaluate(text, scope) is int value ? value : throw new FormatException($"'{text}' is not an int.");

    public static bool Bool(string text, IReadOnlyDictionary<string, object> scope) =>
        Evaluate(text, scope) is bool value ? value : throw new FormatException($"'{text}' is not a bool.");

    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        for (var i = 0; i < text.Length;)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (char.IsDigit(c) || char.IsLetter(c) || c == '_')
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                tokens.Add(text[start..i]);
            }
            else if (i + 1 < text.Length && text.Substring(i, 2) is "&&" or "||" or "==" or "!=" or "<=" or ">=")
            {
                tokens.Add(text.Substring(i, 2));
                i += 2;
            }
            else if ("+-*/%<>!?:()".Contains(c, StringComparison.Ordinal))
            {
                tokens.Add(c.ToString());
                i++;
            }
            else
            {
                throw new FormatException($"Unexpected '{c}' in '{text}'.");
            }
        }

        return tokens;
    }

    private string? Peek => _at < _tokens.Count ? _tokens[_at] : null;

    private bool Accept(string token)
    {
        if (Peek != token)
        {
            return false;
        }

        _at++;
        return true;
    }

    private object Conditional()
    {
        var condition = Or();
        if (!Accept("?"))
        {
            return condition;
        }

        var whenTrue = Conditional();
        if (!Accept(":"))
        {
            throw new FormatException("'?' without ':'.");
        }

        var whenFalse = Conditional();
        return AsBool(condition) ? whenTrue : whenFalse;
    }

    // && and || evaluate both sides: an attribute expression has no side effects, so only the value matters.
    private object Or()
    {
        var value = And();
        while (Accept("||"))
        {
            var right = And();
            value = AsBool(value) | AsBool(right);
        }

        return value;
    }

    private object And()
    {
        var value = Equality();
        while (Accept("&&"))
        {
            var right = Equality();
            value = AsBool(value) & AsBool(right);
        }

        return value;
    }

    private object Equality()
    {
        var value = Relational();
        while (Peek is "==" or "!=")
        {
            var equal = _tokens[_at++] == "==";
            var right = Relational();
            if (value.GetType() != right.GetType())
            {
                throw new FormatException($"Cannot compare {value.GetType().Name} with {right.GetType().Name}.");
            }

            value = value.Equals(right) == equal;
        }

        return value;
    }

    private object Relational()
    {
        var value = Additive();
        while (Peek is "<" or ">" or "<=" or ">=")
        {
            var op = _tokens[_at++];
            var (a, b) = (AsInt(value), AsInt(Additive()));
            value = op switch { "<" => a < b, ">" => a > b, "<=" => a <= b, _ => a >= b };
        }

        return value;
    }

    private object Additive()
    {
        var value = Multiplicative();
        while (Peek is "+" or "-")
        {
            var op = _tokens[_at++];
            var (a, b) = (AsInt(value), AsInt(Multiplicative()));
            value = op == "+" ? a + b : a - b;
        }

        return value;
    }

    private object Multiplicative()
    {
        var value = Unary();
        while (Peek is "*" or "/" or "%")
        {
            var op = _tokens[_at++];
            var (a, b) = (AsInt(value), AsInt(Unary()));
            value = op switch { "*" => a * b, "/" => a / b, _ => a % b };
        }

        return value;
    }

    private object Unary()
    {
        if (Accept("!"))
        {
            return !AsBool(Unary());
        }

        if (Accept("-"))
        {
            return -AsInt(Unary());
        }

        return Accept("+") ? AsInt(Unary()) : Primary();
    }

    private object Primary()
    {
        var token = Peek ?? throw new FormatException("The expression ends early.");
        _at++;
        if (token == "(")
        {
            var value = Conditional();
            return Accept(")") ? value : throw new FormatException("'(' without ')'.");
        }

        if (char.IsDigit(token[0]))
        {
            return int.Parse(token, NumberStyles.None, CultureInfo.InvariantCulture);
        }

        return token switch
        {
            "true" => true,
            "false" => false,
            _ => _scope.TryGetValue(token, out var value) ? value : throw new FormatException($"Unknown name '{token}'."),
        };
    }

    private static bool AsBool(object value) => value as bool? ?? throw new FormatException($"{value} is not a bool.");

    private static int AsInt(object value) => value as int? ?? throw new FormatException($"{value} is not an int.");
}
