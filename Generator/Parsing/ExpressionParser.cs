using System.Collections.Generic;
using System.Globalization;
using Strata.Generator.Model;

namespace Strata.Generator.Parsing
{
    /// <summary>
    /// Reads a layer argument written as a string inside a block (<c>"width * 4"</c>, <c>"strides == 1 &amp;&amp; !project"</c>)
    /// into an <see cref="Expression"/>, with C#'s operators and precedence: <c>?:</c>, <c>||</c>, <c>&amp;&amp;</c>,
    /// <c>== !=</c>, <c>&lt; &lt;= &gt; &gt;=</c>, <c>+ -</c>, <c>* / %</c>, unary <c>- !</c>, parentheses, int literals,
    /// <c>true</c>, <c>false</c> and names.
    /// </summary>
    internal sealed class ExpressionParser
    {
        private static readonly string[][] Levels =
        {
            new[] { "||" },
            new[] { "&&" },
            new[] { "==", "!=" },
            new[] { "<=", ">=", "<", ">" },
            new[] { "+", "-" },
            new[] { "*", "/", "%" },
        };

        private readonly string _text;
        private int _position;

        private ExpressionParser(string text)
        {
            _text = text;
        }

        /// <summary>The expression, or null with <paramref name="error"/> saying what is wrong and where.</summary>
        public static Expression? Parse(string text, out string? error)
        {
            var parser = new ExpressionParser(text);
            error = null;
            try
            {
                var expression = parser.Conditional();
                parser.SkipSpaces();
                if (parser._position < text.Length)
                {
                    throw parser.Unexpected();
                }

                return expression;
            }
            catch (SyntaxError syntaxError)
            {
                error = syntaxError.Message;
                return null;
            }
        }

        private Expression Conditional()
        {
            var condition = Binary(0);
            if (!Accept("?"))
            {
                return condition;
            }

            var whenTrue = Conditional();
            Expect(":");
            return new ConditionalExpression(condition, whenTrue, Conditional());
        }

        private Expression Binary(int level)
        {
            if (level == Levels.Length)
            {
                return Unary();
            }

            var left = Binary(level + 1);
            while (true)
            {
                var found = (string?)null;
                foreach (var candidate in Levels[level])
                {
                    if (Peek(candidate))
                    {
                        found = candidate;
                        break;
                    }
                }

                // '<' must not take the first half of '<=', nor '!' that of '!=' (handled by the order above).
                if (found is null)
                {
                    return left;
                }

                _position += found.Length;
                left = new BinaryExpression(found, left, Binary(level + 1));
            }
        }

        private Expression Unary()
        {
            if (Peek("!") && !Peek("!="))
            {
                _position++;
                return new UnaryExpression("!", Unary());
            }

            if (Accept("-"))
            {
                return new UnaryExpression("-", Unary());
            }

            return Primary();
        }

        private Expression Primary()
        {
            SkipSpaces();
            if (Accept("("))
            {
                var inner = Conditional();
                Expect(")");
                return inner;
            }

            var start = _position;
            if (_position < _text.Length && char.IsDigit(_text[_position]))
            {
                while (_position < _text.Length && char.IsDigit(_text[_position]))
                {
                    _position++;
                }

                var digits = _text.Substring(start, _position - start);
                if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                {
                    throw new SyntaxError($"{digits} is too large for an int");
                }

                return new ConstantExpression(Value.Int(number));
            }

            if (_position < _text.Length && (char.IsLetter(_text[_position]) || _text[_position] == '_'))
            {
                while (_position < _text.Length && (char.IsLetterOrDigit(_text[_position]) || _text[_position] == '_'))
                {
                    _position++;
                }

                var name = _text.Substring(start, _position - start);
                return name switch
                {
                    "true" => new ConstantExpression(Value.Bool(true)),
                    "false" => new ConstantExpression(Value.Bool(false)),
                    _ => new NameExpression(name),
                };
            }

            throw Unexpected();
        }

        private bool Peek(string token)
        {
            SkipSpaces();
            return string.CompareOrdinal(_text, _position, token, 0, token.Length) == 0;
        }

        private bool Accept(string token)
        {
            if (!Peek(token))
            {
                return false;
            }

            _position += token.Length;
            return true;
        }

        private void Expect(string token)
        {
            if (!Accept(token))
            {
                throw new SyntaxError(_position < _text.Length
                    ? $"'{token}' expected at position {_position + 1}, found '{_text[_position]}'"
                    : $"'{token}' expected at the end");
            }
        }

        private SyntaxError Unexpected() =>
            new(_position < _text.Length
                ? $"unexpected '{_text[_position]}' at position {_position + 1}"
                : _text.Trim().Length == 0 ? "it is empty" : "it ends too soon");

        private void SkipSpaces()
        {
            while (_position < _text.Length && char.IsWhiteSpace(_text[_position]))
            {
                _position++;
            }
        }

        private sealed class SyntaxError : System.Exception
        {
            public SyntaxError(string message)
                : base(message)
            {
            }
        }
    }
}
