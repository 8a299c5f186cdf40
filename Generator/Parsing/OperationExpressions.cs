using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Strata.Generator.Model;

namespace Strata.Generator.Parsing
{
    /// <summary>
    /// Reads a block argument as C# bound it (<c>new Residual(width * 2, strides: i == 0 ? 2 : 1)</c>) into an
    /// <see cref="Expression"/>: constants, the enclosing block's parameters, the index of <c>Blocks.Repeat</c>, and
    /// int and bool operators. Anything else is not known at build time.
    /// </summary>
    internal static class OperationExpressions
    {
        /// <summary>The expression, or null when <paramref name="operation"/> reads something else.</summary>
        public static Expression? Read(IOperation operation, IReadOnlyCollection<string> names)
        {
            if (operation.ConstantValue is { HasValue: true } constant)
            {
                return constant.Value switch
                {
                    int number => new ConstantExpression(Value.Int(number)),
                    bool flag => new ConstantExpression(Value.Bool(flag)),
                    _ => null,
                };
            }

            switch (operation)
            {
                case IConversionOperation { IsImplicit: true } conversion:
                    return Read(conversion.Operand, names);
                case IParameterReferenceOperation reference when names.Contains(reference.Parameter.Name) && IsIntOrBool(reference.Type):
                    return new NameExpression(reference.Parameter.Name);
                case IUnaryOperation unary when IsIntOrBool(unary.Type):
                    var operand = Read(unary.Operand, names);
                    return operand is null ? null
                        : unary.OperatorKind == UnaryOperatorKind.Plus ? operand
                        : unary.OperatorKind == UnaryOperatorKind.Minus ? new UnaryExpression("-", operand)
                        : unary.OperatorKind == UnaryOperatorKind.Not ? new UnaryExpression("!", operand)
                        : null;
                case IBinaryOperation binary when IsIntOrBool(binary.Type) && Symbol(binary.OperatorKind) is { } symbol:
                    var left = Read(binary.LeftOperand, names);
                    var right = Read(binary.RightOperand, names);
                    return left is null || right is null ? null : new BinaryExpression(symbol, left, right);
                case IConditionalOperation { WhenFalse: not null } conditional when IsIntOrBool(conditional.Type):
                    var condition = Read(conditional.Condition, names);
                    var whenTrue = Read(conditional.WhenTrue, names);
                    var whenFalse = Read(conditional.WhenFalse, names);
                    return condition is null || whenTrue is null || whenFalse is null ? null : new ConditionalExpression(condition, whenTrue, whenFalse);
                default:
                    return null;
            }
        }

        /// <summary>The innermost operation that is not an implicit conversion.</summary>
        public static IOperation? Unwrap(IOperation? operation)
        {
            while (operation is IConversionOperation { IsImplicit: true } conversion)
            {
                operation = conversion.Operand;
            }

            return operation;
        }

        private static bool IsIntOrBool(ITypeSymbol? type) =>
            type?.SpecialType is SpecialType.System_Int32 or SpecialType.System_Boolean;

        private static string? Symbol(BinaryOperatorKind kind) => kind switch
        {
            BinaryOperatorKind.Add => "+",
            BinaryOperatorKind.Subtract => "-",
            BinaryOperatorKind.Multiply => "*",
            BinaryOperatorKind.Divide => "/",
            BinaryOperatorKind.Remainder => "%",
            BinaryOperatorKind.Equals => "==",
            BinaryOperatorKind.NotEquals => "!=",
            BinaryOperatorKind.LessThan => "<",
            BinaryOperatorKind.LessThanOrEqual => "<=",
            BinaryOperatorKind.GreaterThan => ">",
            BinaryOperatorKind.GreaterThanOrEqual => ">=",
            BinaryOperatorKind.ConditionalAnd => "&&",
            BinaryOperatorKind.ConditionalOr => "||",
            _ => null,
        };
    }
}
