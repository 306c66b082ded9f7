namespace Patron.Learning.Rules;

/// <summary>Association rules from frequent itemsets: every split of every itemset of two or more items into a non-empty antecedent and consequent.</summary>
public static class RuleGenerator
{
    /// <summary>
    /// The rules with confidence ≥ <see cref="RuleMiningOptions.MinConfidence"/> and lift ≥
    /// <see cref="RuleMiningOptions.MinLift"/>, ordered by lift, confidence and support (all descending), then by items.
    /// </summary>
    public static IReadOnlyList<AssociationRule> Generate(FrequentItemsets itemsets, RuleMiningOptions options)
    {
        ArgumentNullException.ThrowIfNull(itemsets);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var rules = new List<AssociationRule>();
        var left = new int[64];
        var right = new int[64];
        for (var i = 0; i < itemsets.Count; i++)
        {
            var items = itemsets.Items(i);
            if (items.Length < 2)
            {
                continue;
            }

            if (items.Length > 30)
            {
                throw new RuleMiningException($"Itemsets of {items.Length} items are too long to split into rules (at most 30).");
            }

            var count = itemsets.SupportCount(i);
            var full = (1 << items.Length) - 1;
            for (var mask = 1; mask < full; mask++)
            {
                var a = 0;
                var c = 0;
                for (var bit = 0; bit < items.Length; bit++)
                {
                    if ((mask & (1 << bit)) != 0)
                    {
                        left[a++] = items[bit];
                    }
                    else
                    {
                        right[c++] = items[bit];
                    }
                }

                var antecedentCount = itemsets.SupportCount(Find(itemsets, left.AsSpan(0, a)));
                if (count < options.MinConfidence * antecedentCount)
                {
                    continue;
                }

                var rule = new AssociationRule
                {
                    Antecedent = left.AsSpan(0, a).ToArray(),
                    Consequent = right.AsSpan(0, c).ToArray(),
                    AntecedentCount = antecedentCount,
                    ConsequentCount = itemsets.SupportCount(Find(itemsets, right.AsSpan(0, c))),
                    Count = count,
                    Baskets = itemsets.Baskets,
                };
                if (rule.Confidence >= options.MinConfidence && rule.Lift >= options.MinLift)
                {
                    rules.Add(rule);
                }
            }
        }

        rules.Sort(Compare);
        return rules;
    }

    /// <summary>Lift, confidence, support descending; then antecedent and consequent items ascending.</summary>
    internal static int Compare(AssociationRule x, AssociationRule y)
    {
        var order = y.Lift.CompareTo(x.Lift);
        if (order == 0)
        {
            order = y.Confidence.CompareTo(x.Confidence);
        }

        if (order == 0)
        {
            order = y.Count.CompareTo(x.Count);
        }

        if (order == 0)
        {
            order = x.Antecedent.AsSpan().SequenceCompareTo(y.Antecedent);
        }

        return order != 0 ? order : x.Consequent.AsSpan().SequenceCompareTo(y.Consequent);
    }

    private static int Find(FrequentItemsets itemsets, ReadOnlySpan<int> items)
    {
        var index = itemsets.IndexOf(items);
        return index >= 0 ? index : throw new InvalidOperationException("A subset of a frequent itemset was not mined; the itemsets are incomplete.");
    }
}
