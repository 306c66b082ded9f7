using Patron.Learning.Rules;

namespace Patron.Features.Rules;

/// <summary>
/// The next products of every customer who bought before the rules' cutoff, as columns: customer <c>c</c> (numbered
/// in id order) has <see cref="Count"/>(c) picks at rows <c>c × K</c> onwards, each an item code, a score and the rule
/// behind it (an index into the recommender's rules, or -1 for a popular pick).
/// </summary>
/// <remarks>
/// Nothing per customer but numbers: texts (ids, names, reasons) are joined on in SQL when written
/// (<see cref="NextProducts.Write"/>), one reason per rule or popular item. Immutable; safe to read from several threads.
/// </remarks>
public sealed class NextProductTable
{
    private readonly int[] _items;
    private readonly int[] _rules;
    private readonly double[] _scores;
    private readonly byte[] _counts;

    internal NextProductTable(MinedRules mined, RuleRecommender recommender, int k, int[] items, int[] rules, double[] scores, byte[] counts)
    {
        Mined = mined;
        Recommender = recommender;
        K = k;
        _items = items;
        _rules = rules;
        _scores = scores;
        _counts = counts;
        long rows = 0;
        foreach (var count in counts)
        {
            rows += count;
        }

        Rows = rows;
    }

    /// <summary>Customers (who bought before the cutoff).</summary>
    public int Customers => _counts.Length;

    /// <summary>Most picks per customer.</summary>
    public int K { get; }

    /// <summary>Picks over all customers.</summary>
    public long Rows { get; }

    internal MinedRules Mined { get; }

    internal RuleRecommender Recommender { get; }

    /// <summary>Picks of customer <paramref name="customer"/>.</summary>
    public int Count(int customer) => _counts[customer];

    /// <summary>Item code of pick <paramref name="rank"/> (0 = best) of customer <paramref name="customer"/>.</summary>
    public int Item(int customer, int rank) => _items[Row(customer, rank)];

    /// <summary>Score of a pick: the rule's confidence, or the item's share of baskets for a popular pick.</summary>
    public double Score(int customer, int rank) => _scores[Row(customer, rank)];

    /// <summary>The rule behind a pick (an index into the recommender's rules), or -1 for a popular pick.</summary>
    public int Rule(int customer, int rank) => _rules[Row(customer, rank)];

    /// <summary>A pick with its texts, for showing one customer (builds strings: not for loops over customers).</summary>
    public ProductSuggestion Suggestion(int customer, int rank)
    {
        var row = Row(customer, rank);
        var rule = _rules[row];
        var pick = new Recommendation(_items[row], _scores[row], rule >= 0 ? Recommender.Rules[rule] : null);
        return CrossSell.Suggestions([pick], Mined.Items, Mined.By)[0];
    }

    private int Row(int customer, int rank)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)rank, (uint)_counts[customer], nameof(rank));
        return (customer * K) + rank;
    }
}
