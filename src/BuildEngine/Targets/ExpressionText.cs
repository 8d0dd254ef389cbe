using System.Linq.Expressions;
using System.Text.RegularExpressions;

namespace CudaImages.BuildEngine;

/// <summary>Turns a condition's expression tree back into something close to the C# that was written.</summary>
static partial class ExpressionText
{
    public static string Of(Expression expression)
    {
        var text = expression.ToString();
        text = ClosureAccess().Replace(text, string.Empty);
        text = BoxingConvert().Replace(text, "$1");
        text = text.Replace("Not(", "!(").Replace(" AndAlso ", " && ").Replace(" OrElse ", " || ");
        text = NegatedName().Replace(text, "!$1");
        return StripOuterParentheses(text);
    }

    static string StripOuterParentheses(string text) =>
        text.StartsWith('(') && text.EndsWith(')') && IsOneGroup(text) ? StripOuterParentheses(text[1..^1]) : text;

    static bool IsOneGroup(string text)
    {
        var depth = 0;
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (depth == 0 && i < text.Length - 1)
                return false;
        }
        return true;
    }

    [GeneratedRegex(@"value\([^()]*\)\.")]
    private static partial Regex ClosureAccess();

    [GeneratedRegex(@"!\(([\w.]+)\)")]
    private static partial Regex NegatedName();

    [GeneratedRegex(@"Convert\(([^(),]*), [\w.]+\)")]
    private static partial Regex BoxingConvert();
}
