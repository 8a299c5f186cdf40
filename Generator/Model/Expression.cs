using System.Collections.Generic;
using System.Globalization;

namespace Strata.Generator.Model
{
    /// <summary>
    /// A compile-time expression over a block's parameters: a layer argument written as a string inside a
    /// <c>[Block]</c> (<c>"width * 4"</c>), a <c>[When]</c> condition, or a block argument at a use (<c>i == 0 ? 2 : 1</c>).
    /// Values are ints or bools, as C# would type them; <see cref="Text"/> is how messages quote it.
    /// </summary>
    internal abstract record Expression
    {
        /// <summary>The expression as C# would print it.</summary>
        public abstract string Text { get; }

        /// <summary>Its value where each name has the value <paramref name="names"/> gives it, or a failure that says why there is none.</summary>
        public abstract Evaluation Evaluate(IReadOnlyDictionary<string, Value> names);

        /// <summary>The names it reads, for checking them where it is written.</summary>
        public abstract IEnumerable<string> Names();
    }

    /// <summary>An int or a bool.</summary>
    internal readonly record struct Value(int Number, bool IsBool)
    {
        public static Value Int(int number) => new(number, false);

        public static Value Bool(bool flag) => new(flag ? 1 : 0, true);

        public bool Flag => Number != 0;

        public override string ToString() =>
            IsBool ? (Flag ? "true" : "false") : Number.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>An expression's value, or why it has none (a division by zero, an int where a bool belongs, an overflow).</summary>
    internal readonly record struct Evaluation(Value Value, string? Failure)
    {
        public static Evaluation Of(Value value) => new(value, null);

        public static Evaluation Fail(string failure) => new(default, failure);

        public bool Succeeded => Failure is null;
    }

    /// <summary>An int or bool literal.</summary>
    internal sealed record ConstantExpression(Value Value) : Expression
    {
        public override string Text => Value.ToString();

        public override Evaluation Evaluate(IReadOnlyDictionary<string, Value> names) => Evaluation.Of(Value);

        public override IEnumerable<string> Names()
        {
            yield break;
        }
    }

    /// <summary>A block parameter, <c>inChannels</c>, or the index of <c>Blocks.Repeat</c>.</summary>
    internal sealed record NameExpression(string Name) : Expression
    {
        public override string Text => Name;

        public override Evaluation Evaluate(IReadOnlyDictionary<string, Value> names) =>
            names.TryGetValue(Name, out var value) ? Evaluation.Of(value) : Evaluation.Fail($"'{Name}' has no value here");

        public override IEnumerable<string> Names()
        {
            yield return Name;
        }
    }

    /// <summary><c>-x</c> or <c>!x</c>.</summary>
    internal sealed record UnaryExpression(string Operator, Expression Operand) : Expression
    {
        public override string Text => Operator + Operand.Text;

        public override Evaluation Evaluate(IReadOnlyDictionary<string, Value> names)
        {
            var operand = Operand.Evaluate(names);
            if (!operand.Succeeded)
            {
                return operand;
            }

            var value = operand.Value;
            return Operator == "!"
                ? value.IsBool ? Evaluation.Of(Value.Bool(!value.Flag)) : Evaluation.Fail($"'!' needs a bool, and {Operand.Text} is the int {value}")
                : value.IsBool ? Evaluation.Fail($"'-' needs an int, and {Operand.Text} is {value}")
                : value.Number == int.MinValue ? Evaluation.Fail($"{Text} overflows an int")
                : Evaluation.Of(Value.Int(-value.Number));
        }

        public override IEnumerable<string> Names() => Operand.Names();
    }

    /// <summary>An arithmetic, comparison or logical operator between two expressions, with C#'s int semantics.</summary>
    internal sealed record BinaryExpression(string Operator, Expression Left, Expression Right) : Expression
    {
        public override string Text => Wrap(Left) + " " + Operator + " " + Wrap(Right);

        public override Evaluation Evaluate(IReadOnlyDictionary<string, Value> names)
        {
            var left = Left.Evaluate(names);
            if (!left.Succeeded)
            {
                return left;
            }

            // && and || short-circuit, as in C#.
            if (Operator is "&&" or "||")
            {
                if (!left.Value.IsBool)
                {
                    return Evaluation.Fail($"'{Operator}' needs bools, and {Left.Text} is the int {left.Value}");
                }

                if (left.Value.Flag == (Operator == "||"))
                {
                    return left;
                }

                var rest = Right.Evaluate(names);
                return !rest.Succeeded || rest.Value.IsBool ? rest : Evaluation.Fail($"'{Operator}' needs bools, and {Right.Text} is the int {rest.Value}");
            }

            var right = Right.Evaluate(names);
            if (!right.Succeeded)
            {
                return right;
            }

            var a = left.Value;
            var b = right.Value;
            if (Operator is "==" or "!=")
            {
                if (a.IsBool != b.IsBool)
                {
                    return Evaluation.Fail($"'{Operator}' compares {Left.Text} ({a}) with {Right.Text} ({b}), an int with a bool");
                }

                return Evaluation.Of(Value.Bool((a.Number == b.Number) == (Operator == "==")));
            }

            if (a.IsBool || b.IsBool)
            {
                return Evaluation.Fail($"'{Operator}' needs ints, and {(a.IsBool ? Left.Text : Right.Text)} is {(a.IsBool ? a : b)}");
            }

            long x = a.Number;
            long y = b.Number;
            switch (Operator)
            {
                case "<": return Evaluation.Of(Value.Bool(x < y));
                case "<=": return Evaluation.Of(Value.Bool(x <= y));
                case ">": return Evaluation.Of(Value.Bool(x > y));
                case ">=": return Evaluation.Of(Value.Bool(x >= y));
                case "/" or "%" when y == 0: return Evaluation.Fail($"{Text} divides by zero ({Right.Text} is 0)");
            }

            var result = Operator switch
            {
                "+" => x + y,
                "-" => x - y,
                "*" => x * y,
                "/" => x / y,
                _ => x % y,
            };
            return result is < int.MinValue or > int.MaxValue
                ? Evaluation.Fail($"{Text} is {result.ToString(CultureInfo.InvariantCulture)}, beyond an int")
                : Evaluation.Of(Value.Int((int)result));
        }

        public override IEnumerable<string> Names()
        {
            foreach (var name in Left.Names())
            {
                yield return name;
            }

            foreach (var name in Right.Names())
            {
                yield return name;
            }
        }

        private static string Wrap(Expression operand) => operand is BinaryExpression or ConditionalExpression ? "(" + operand.Text + ")" : operand.Text;
    }

    /// <summary><c>condition ? whenTrue : whenFalse</c>.</summary>
    internal sealed record ConditionalExpression(Expression Condition, Expression WhenTrue, Expression WhenFalse) : Expression
    {
        public override string Text => Condition.Text + " ? " + WhenTrue.Text + " : " + WhenFalse.Text;

        public override Evaluation Evaluate(IReadOnlyDictionary<string, Value> names)
        {
            var condition = Condition.Evaluate(names);
            if (!condition.Succeeded)
            {
                return condition;
            }

            if (!condition.Value.IsBool)
            {
                return Evaluation.Fail($"'?:' needs a bool condition, and {Condition.Text} is the int {condition.Value}");
            }

            return (condition.Value.Flag ? WhenTrue : WhenFalse).Evaluate(names);
        }

        public override IEnumerable<string> Names()
        {
            foreach (var expression in new[] { Condition, WhenTrue, WhenFalse })
            {
                foreach (var name in expression.Names())
                {
                    yield return name;
                }
            }
        }
    }
}
