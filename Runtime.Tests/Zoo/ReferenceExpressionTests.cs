using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Zoo;

/// <summary>
/// The reference's expression evaluator against the C# compiler: each case's expected value is the same text compiled
/// as C# in this file (with a = 7, b = -3, stride = 2, inChannels = 64, planes = 64, flag = true), so precedence,
/// associativity and int division are C#'s, not ours.
/// </summary>
public class ReferenceExpressionTests
{
    private static readonly Dictionary<string, object> Scope = new()
    {
        ["a"] = 7, ["b"] = -3, ["stride"] = 2, ["inChannels"] = 64, ["planes"] = 64, ["flag"] = true,
    };

    public static TheoryData<string, object> Cases()
    {
        int a = (int)Scope["a"], b = (int)Scope["b"], stride = (int)Scope["stride"], inChannels = (int)Scope["inChannels"], planes = (int)Scope["planes"];
        var flag = (bool)Scope["flag"];
        return new TheoryData<string, object>
        {
            { "a - 2 * 3 / 2 % 4", a - 2 * 3 / 2 % 4 },
            { "a / 2", a / 2 },
            { "b / 2", b / 2 },
            { "b % 2", b % 2 },
            { "-a + +b * -2", -a + +b * -2 },
            { "a - b - 1", a - b - 1 },
            { "(a - b) * (a + b)", (a - b) * (a + b) },
            { "stride != 1 || inChannels != planes", stride != 1 || inChannels != planes },
            { "stride == 1 && inChannels == planes", stride == 1 && inChannels == planes },
            { "!flag || a < b && b <= 0", !flag || a < b && b <= 0 },
            { "a >= 7 == flag", a >= 7 == flag },
            { "a > b ? a : b", a > b ? a : b },
            { "flag ? 1 : flag ? 2 : 3", flag ? 1 : flag ? 2 : 3 },
            { "!flag ? 1 : a < 0 ? 2 : 3", !flag ? 1 : a < 0 ? 2 : 3 },
            { "inChannels / 2", inChannels / 2 },
            { "inChannels * 6", inChannels * 6 },
            { "true != false", true != false },
        };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Evaluates_as_csharp_does(string text, object expected) =>
        Assert.Equal(expected, ReferenceExpression.Evaluate(text, Scope));

    [Theory]
    [InlineData("a +")]
    [InlineData("unknown")]
    [InlineData("a && flag")]
    [InlineData("(a")]
    [InlineData("a ? 1 : 2")]
    [InlineData("a == flag")]
    public void A_malformed_or_ill_typed_expression_throws(string text) =>
        Assert.Throws<FormatException>(() => ReferenceExpression.Evaluate(text, Scope));
}
