using System.Linq.Expressions;

namespace CudaImages.BuildEngine;

/// <summary>An OnlyWhen condition, with its source text so a skip can say why.</summary>
sealed record Condition(string Text, Func<bool> IsMet)
{
    public static Condition From(Expression<Func<bool>> expression) =>
        new(ExpressionText.Of(expression.Body), expression.Compile());
}
