using System.Collections;
using System.Linq.Expressions;
using System.Reflection;

namespace CudaImages.BuildEngine;

/// <summary>Something a target needs before the build starts: a parameter that is set, or a condition that holds.</summary>
sealed record Requirement(string Text, MemberInfo? Member, Func<bool> IsMet)
{
    public static Requirement ParameterIsSet(Expression<Func<object?>> expression)
    {
        var value = expression.Compile();
        return new(ExpressionText.Of(expression.Body), MemberOf(expression.Body), () => IsSet(value()));
    }

    public static Requirement ConditionHolds(Expression<Func<bool>> expression) =>
        new(ExpressionText.Of(expression.Body), null, expression.Compile());

    static bool IsSet(object? value) => value switch
    {
        null => false,
        string text => text.Length > 0,
        IEnumerable items => items.GetEnumerator().MoveNext(),
        _ => true,
    };

    static MemberInfo? MemberOf(Expression body) => body switch
    {
        UnaryExpression { NodeType: ExpressionType.Convert } convert => MemberOf(convert.Operand),
        MemberExpression member => member.Member,
        _ => null,
    };
}
