using System.Collections.Concurrent;

namespace Patron.Learning.Rules;

/// <summary>
/// Recommends items for a basket (or a customer's history): every rule with one consequent item whose antecedent the
/// basket holds fires, its consequent (when the basket lacks it) becomes a candidate scored by the best such rule (confidence, then lift,
/// then count), and the top k are returned; places left over go to the most popular items the basket lacks.
/// </summary>
/// <remarks>Immutable after construction; every method is safe to call from several threads (the allocation-free overloads with one scratch per thread).</remarks>
public sealed class RuleRecommender
{
    private readonly AssociationRule[] _rules;
    private readonly double[] _confidence;
    private readonly double[] _lift;
    private readonly int[][] _byFirstItem;
    private readonly int[] _popular;
    private readonly int[] _popularity;
    private readonly int _baskets;

    // Scratches of finished calls of the list overload, reused so a server's request does not allocate per-item tables.
    private readonly ConcurrentBag<RecommenderScratch> _scratches = [];

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

        _rules = [.. rules];
        _confidence = new double[_rules.Length];
        _lift = new double[_rules.Length];
        var lists = new List<int>?[itemCount];
        for (var r = 0; r < _rules.Length; r++)
        {
            var rule = _rules[r];
            _confidence[r] = rule.Confidence;
            _lift[r] = rule.Lift;

            // A rule with several consequent items measures them together (its lift is not any one item's), so only
            // rules with one consequent item recommend.
            if (rule.Consequent.Length != 1)
            {
                continue;
            }

            (lists[rule.Antecedent[0]] ??= []).Add(r);
        }

        _byFirstItem = new int[itemCount][];
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

    /// <summary>Number of item codes.</summary>
    public int ItemCount => _byFirstItem.Length;

    /// <summary>Items that have a popularity count, most bought first.</summary>
    public ReadOnlySpan<int> Popular => _popular;

    /// <summary>The rules, in the order given (their indexes are what the span overload reports).</summary>
    public IReadOnlyList<AssociationRule> Rules => _rules;

    /// <summary>The score of a popular pick of <paramref name="item"/>: its share of baskets.</summary>
    public double PopularScore(int item) => _popularity[item] / (double)_baskets;

    /// <summary>
    /// The top <paramref name="k"/> items for a basket of distinct item codes (any order), by the rules it fires, then,
    /// with <paramref name="fillWithPopular"/>, by popularity; never an item of the basket.
    /// </summary>
    public IReadOnlyList<Recommendation> Recommend(ReadOnlySpan<int> basket, int k, bool fillWithPopular = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        var sorted = basket.ToArray();
        Array.Sort(sorted);
        var items = new int[k];
        var rules = new int[k];
        var scores = new double[k];
        if (!_scratches.TryTake(out var scratch))
        {
            scratch = new RecommenderScratch(ItemCount);
        }

        var count = Recommend(sorted, scratch, items, rules, scores, fillWithPopular);
        _scratches.Add(scratch);
        var picks = new List<Recommendation>(count);
        for (var i = 0; i < count; i++)
        {
            picks.Add(new Recommendation(items[i], scores[i], rules[i] >= 0 ? _rules[rules[i]] : null));
        }

        return picks;
    }

    /// <summary>
    /// The top <c>items.Length</c> items for a basket of distinct item codes in ascending order, written to
    /// <paramref name="items"/> with the index of the rule behind each (into <see cref="Rules"/>; -1 for a popular pick)
    /// and its score; returns how many were written. Allocates nothing.
    /// </summary>
    /// <remarks>Thread-safe as long as each thread passes its own <paramref name="scratch"/>.</remarks>
    public int Recommend(ReadOnlySpan<int> sortedBasket, RecommenderScratch scratch, Span<int> items, Span<int> rules, Span<double> scores, bool fillWithPopular = true)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        var k = items.Length;
        if (rules.Length < k || scores.Length < k)
        {
            throw new ArgumentException($"Room for {k} items but {rules.Length} rules and {scores.Length} scores.", nameof(rules));
        }

        var best = scratch.Best;
        var inBasket = scratch.InBasket;
        var candidates = scratch.Candidates;
        foreach (var item in sortedBasket)
        {
            if ((uint)item < (uint)inBasket.Length)
            {
                inBasket[item] = true;
            }
        }

        var found = 0;
        foreach (var first in sortedBasket)
        {
            if ((uint)first >= (uint)_byFirstItem.Length)
            {
                continue;
            }

            foreach (var r in _byFirstItem[first])
            {
                var rule = _rules[r];
                if (!Holds(sortedBasket, rule.Antecedent))
                {
                    continue;
                }

                var item = rule.Consequent[0];
                if (inBasket[item])
                {
                    continue;
                }

                var current = best[item];
                if (current < 0)
                {
                    candidates[found++] = item;
                    best[item] = r;
                }
                else if (Better(r, current))
                {
                    best[item] = r;
                }
            }
        }

        // The top k candidates by rule, then popularity, then code: an insertion into the k places kept sorted.
        var picked = 0;
        for (var c = 0; c < found; c++)
        {
            var item = candidates[c];
            var at = picked;
            while (at > 0 && Before(item, items[at - 1], best))
            {
                at--;
            }

            if (at >= k)
            {
                continue;
            }

            var last = Math.Min(picked, k - 1);
            for (var i = last; i > at; i--)
            {
                items[i] = items[i - 1];
            }

            items[at] = item;
            picked = Math.Min(picked + 1, k);
        }

        for (var i = 0; i < picked; i++)
        {
            rules[i] = best[items[i]];
            scores[i] = _confidence[rules[i]];
        }

        if (fillWithPopular)
        {
            for (var i = 0; i < _popular.Length && picked < k; i++)
            {
                var item = _popular[i];
                if (!inBasket[item] && best[item] < 0)
                {
                    items[picked] = item;
                    rules[picked] = -1;
                    scores[picked] = PopularScore(item);
                    picked++;
                }
            }
        }

        for (var c = 0; c < found; c++)
        {
            best[candidates[c]] = -1;
        }

        foreach (var item in sortedBasket)
        {
            if ((uint)item < (uint)inBasket.Length)
            {
                inBasket[item] = false;
            }
        }

        return picked;
    }

    /// <summary>The <paramref name="k"/> most popular items the basket lacks.</summary>
    public IReadOnlyList<Recommendation> RecommendPopular(ReadOnlySpan<int> basket, int k)
    {
        var sorted = basket.ToArray();
        Array.Sort(sorted);
        var items = new int[k];
        var count = RecommendPopular(sorted, items);
        var picks = new List<Recommendation>(count);
        for (var i = 0; i < count; i++)
        {
            picks.Add(new Recommendation(items[i], PopularScore(items[i]), null));
        }

        return picks;
    }

    /// <summary>The <c>items.Length</c> most popular items a basket (ascending codes) lacks, written to <paramref name="items"/>; returns how many.</summary>
    public int RecommendPopular(ReadOnlySpan<int> sortedBasket, Span<int> items)
    {
        var picked = 0;
        for (var i = 0; i < _popular.Length && picked < items.Length; i++)
        {
            if (sortedBasket.BinarySearch(_popular[i]) < 0)
            {
                items[picked++] = _popular[i];
            }
        }

        return picked;
    }

    /// <summary>Whether candidate <paramref name="a"/> ranks above <paramref name="b"/>: the better rule, then the more popular item, then the lower code.</summary>
    private bool Before(int a, int b, int[] best)
    {
        int ra = best[a], rb = best[b];
        return Better(ra, rb) || (!Better(rb, ra) && (_popularity[a] != _popularity[b] ? _popularity[a] > _popularity[b] : a < b));
    }

    private bool Better(int a, int b) =>
        _confidence[a] != _confidence[b] ? _confidence[a] > _confidence[b]
        : _lift[a] != _lift[b] ? _lift[a] > _lift[b]
        : _rules[a].Count > _rules[b].Count;

    private static bool Holds(ReadOnlySpan<int> sorted, int[] items)
    {
        foreach (var item in items)
        {
            if (sorted.BinarySearch(item) < 0)
            {
                return false;
            }
        }

        return true;
    }
}
