namespace Patron.Learning.Rules;

/// <summary>
/// Working memory of <see cref="RuleRecommender.Recommend(ReadOnlySpan{int}, RecommenderScratch, Span{int}, Span{int}, Span{double}, bool)"/>:
/// per item the best fired rule and whether the basket holds it, reset item by item after each basket, so recommending
/// for millions of customers allocates nothing per customer.
/// </summary>
/// <remarks>Not thread-safe: one per thread.</remarks>
public sealed class RecommenderScratch
{
    internal readonly int[] Best;
    internal readonly bool[] InBasket;
    internal readonly int[] Candidates;

    /// <param name="itemCount">The recommender's item count.</param>
    public RecommenderScratch(int itemCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(itemCount);
        Best = new int[itemCount];
        Best.AsSpan().Fill(-1);
        InBasket = new bool[itemCount];
        Candidates = new int[itemCount];
    }
}
