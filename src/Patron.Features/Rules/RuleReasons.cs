using System.Globalization;
using Patron.Learning.Rules;

namespace Patron.Features.Rules;

/// <summary>A recommendation's reason in words.</summary>
public static class RuleReasons
{
    public static string Text(Recommendation pick, MinedRules mined)
    {
        ArgumentNullException.ThrowIfNull(mined);
        return Text(pick, mined.Items, mined.By);
    }

    public static string Text(Recommendation pick, RuleItems items, BasketKind by)
    {
        ArgumentNullException.ThrowIfNull(items);
        var what = by == BasketKind.Order ? "orders" : "customers";
        if (pick.Rule is not { } rule)
        {
            return string.Create(CultureInfo.InvariantCulture, $"one of the most bought ({pick.Score * 100:0.0}% of {what})");
        }

        var verb = by == BasketKind.Order ? "with" : "who bought";
        return string.Create(CultureInfo.InvariantCulture,
            $"{rule.Confidence * 100:0}% of {what} {verb} {items.Names(rule.Antecedent)} also bought {items.Name(pick.Item)} ({rule.Lift:0.0}× the usual rate)");
    }
}
