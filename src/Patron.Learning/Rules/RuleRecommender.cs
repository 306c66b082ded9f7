namespace Patron.Learning.Rules;

/// <summary>
/// Recommends items for a basket (or a customer's history): every rule with one consequent item whose antecedent the
/// basket holds fires, its consequent (when the basket lacks it) becomes a candidate scored by the best such rule (confidence, then lift,
/// then count), and the top k are returned; places left over go to the most popular items the basket lacks.
/// </summary>
/// <remarks>Immutable after construction; <see cref="Recommend"/> is safe to call from several threads.</remarks>
public sealed class RuleRecommender
{
    private readonly AssociationRule[][] _byFirstItem;
    private readonly int[] _popular;
    private readonly int[] _popularity;
    private readonly int _baskets;

    /// <param name="rules">Rules over item codes 0 to <paramref name="itemCount"/> - 1.</param>
    /// <param name="itemCount">Number of item codes.</param>
    /// <param name="itemBaskets">Baskets holding each item (the popularity order); its length is <paramref name="itemCount"/>.</param>
    public RuleRecommender(IReadOnlyList<AssociationRule> rules, int itemCount, int[] itemBaskets)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(itemBaskets);
        if (itemBaskets.Length != itemCount)
        {
            throw new ArgumentException($"{itemBaskets.Length} popularity counts for {itemCount} items.", nameof(itemBaskets));
        }

        var lists = new List<AssociationRule>?[itemCount];
        foreach (var rule in rules)
        {
            // A rule with several consequent items measures them together (its lift is not any one item's), so only
            // rules with one consequent item recommend.
            if (rule.Consequent.Length != 1)
            {
                continue;
            }

            (lists[rule.Antecedent[0]] ??= []).Add(rule);
        }

        _byFirstItem = new AssociationRule[itemCount][];
        for (var i = 0; i < itemCount; i++)
        {
            _byFirstItem[i] = lists[i]?.ToArray() ?? [];
        }

        _popularity = itemBaskets;
        var order = new List<int>();
        var baskets = 0;
        for (var i = 0; i < itemCount; i++)
        {
            baskets = Math.Max(baskets, itemBaskets[i]);
            if (itemBaskets[i] > 0)
            {
                order.Add(i);
            }
        }

        order.Sort((a, b) => itemBaskets[a] != itemBaskets[b] ? itemBaskets[b].CompareTo(itemBaskets[a]) : a.CompareTo(b));
        _popular = [.. order];
        _baskets = rules.Count > 0 ? rules[0].Baskets : Math.Max(1, baskets);
    }

    /// <summary>Items that have a popularity count, most bought first.</summary>
    public ReadOnlySpan<int> Popular => _popular;

    /// <summary>
    /// The top <paramref name="k"/> items for a basket of distinct item codes (any order), by the rules it fires, then,
    /// with <paramref name="fillWithPopular"/>, by popularity; never an item of the basket.
    /// </summary>
    public IReadOnlyList<Recommendation> Recommend(ReadOnlySpan<int> basket, int k, bool fillWithPopular = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        var sorted = basket.ToArray();
        Array.Sort(sorted);
        var best = new Dictionary<int, AssociationRule>();
        foreach (var first in sorted)
        {
            if ((uint)first >= (uint)_byFirstItem.Length)
            {
                continue;
            }

            foreach (var rule in _byFirstItem[first])
            {
                if (!Holds(sorted, rule.Antecedent))
                {
                    continue;
                }

                foreach (var item in rule.Consequent)
                {
                    if (Array.BinarySearch(sorted, item) >= 0)
                    {
                        continue;
                    }

                    if (!best.TryGetValue(item, out var current) || Better(rule, current))
                    {
                        best[item] = rule;
                    }
                }
            }
        }

        var picks = new List<Recommendation>(k);
        var candidates = best.Keys.ToArray();
        Array.Sort(candidates, (a, b) =>
        {
            var ra = best[a];
            var rb = best[b];
            return Better(ra, rb) ? -1 : Better(rb, ra) ? 1 : _popularity[b] != _popularity[a] ? _popularity[b].CompareTo(_popularity[a]) : a.CompareTo(b);
        });
        for (var i = 0; i < candidates.Length && picks.Count < k; i++)
        {
            picks.Add(new Recommendation(candidates[i], best[candidates[i]].Confidence, best[candidates[i]]));
        }

        if (fillWithPopular)
        {
            for (var i = 0; i < _popular.Length && picks.Count < k; i++)
            {
                var item = _popular[i];
                if (Array.BinarySearch(sorted, item) < 0 && !best.ContainsKey(item))
                {
                    picks.Add(new Recommendation(item, _popularity[item] / (double)_baskets, null));
                }
            }
        }

        return picks;
    }

    /// <summary>The <paramref name="k"/> most popular items the basket lacks.</summary>
    public IReadOnlyList<Recommendation> RecommendPopular(ReadOnlySpan<int> basket, int k)
    {
        var sorted = basket.ToArray();
        Array.Sort(sorted);
        var picks = new List<Recommendation>(k);
        for (var i = 0; i < _popular.Length && picks.Count < k; i++)
        {
            if (Array.BinarySearch(sorted, _popular[i]) < 0)
            {
                picks.Add(new Recommendation(_popular[i], _popularity[_popular[i]] / (double)_baskets, null));
            }
        }

        return picks;
    }

    private static bool Better(AssociationRule a, AssociationRule b) =>
        a.Confidence != b.Confidence ? a.Confidence > b.Confidence
        : a.Lift != b.Lift ? a.Lift > b.Lift
        : a.Count > b.Count;

    private static bool Holds(int[] sorted, int[] items)
    {
        foreach (var item in items)
        {
            if (Array.BinarySearch(sorted, item) < 0)
            {
                return false;
            }
        }

        return true;
    }
}
